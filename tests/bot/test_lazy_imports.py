"""Starting the bot loads only what the first sync needs; the rest comes with its first use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from holidays.countries.germany import Germany

from bot.config import GERMAN_STATES

LATER = ("icalendar", "alembic", "holidays.countries")
"""Loaded on the first `.ics`, the first migration, the first holiday look-up."""


def test_starting_the_bot_loads_no_calendar_migration_or_holiday_tables():
    """`python -m bot` imports neither icalendar, Alembic nor all of holidays' countries."""
    probe = f"import sys, bot.cli; print([m for m in {LATER!r} if m in sys.modules])"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_the_written_out_german_states_are_the_ones_holidays_knows():
    """The config accepts exactly the state codes the holiday calendar can compute."""
    known = {s for s in Germany.subdivisions if len(s) == 2 and s.isalpha() and s.isupper()}
    assert set(GERMAN_STATES) == known


def test_the_command_imports_with_the_collector_paused_and_resumes_it(config_file: Path) -> None:
    """`ikz-bot` (bot.launch) imports the bot without a collector pass, freezes what it
    imported, and runs the command with the collector on again."""
    probe = (
        "import gc, sys\n"
        "imported = []  # per collector pass: was the import of bot.cli complete?\n"
        "gc.callbacks.append(\n"
        "    lambda phase, info: imported.append(hasattr(sys.modules.get('bot.cli'), 'main'))\n"
        ")\n"
        f"sys.argv = ['ikz-bot', 'check-config', '--config', {str(config_file)!r}]\n"
        "from bot.launch import main\n"
        "imported.clear()\n"
        "code = main()\n"
        "print(code, all(imported), gc.isenabled(), gc.get_freeze_count() > 100_000)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[-1].split() == ["0", "True", "True", "True"]
