"""`python -m demo` end to end: a real Synapse, the real bot, the scripted chat, and a rerun."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from demo.run import format_turn

PROJECT = Path(__file__).resolve().parents[2]
ROOM_LINE = re.compile(r"^Room 'IKZ Digitalisierung Lippe': (!\S+) \((created|reused)", re.M)


def _run_demo(base: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "demo", "--no-wait", "--dir", str(base)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output
    return output


def _room(output: str) -> tuple[str, str]:
    match = ROOM_LINE.search(output)
    assert match, output
    return match.group(1), match.group(2)


@pytest.mark.integration
def test_demo_plays_the_script_and_reuses_its_room_on_the_second_run(tmp_path):
    """Two runs on one folder: both print the transcript, the second reuses the room."""
    first = _run_demo(tmp_path)
    for expected in ("Erika Musterfrau: !hilfe", "Befehle von ikz-bot", "Meinten Sie !hilfe?"):
        assert expected in first
    room_id, how = _room(first)
    assert how == "created"
    assert json.loads((tmp_path / "state.json").read_text())["room_id"] == room_id

    second = _run_demo(tmp_path)
    assert "Meinten Sie !hilfe?" in second
    assert _room(second) == (room_id, "reused")
    assert json.loads((tmp_path / "state.json").read_text())["room_id"] == room_id


def test_transcript_indents_continuation_lines_under_the_reply():
    """Every line after the first starts in the reply's column; blank lines stay blank."""
    text = format_turn("ikz-bot", "Befehle von ikz-bot\n\n• `!netzwerk` – zeigt")
    assert text.splitlines() == [
        "ikz-bot:          Befehle von ikz-bot",
        "",
        "                  • `!netzwerk` – zeigt",
    ]
    assert format_turn("Erika Musterfrau", "!hilfe") == "Erika Musterfrau: !hilfe"
