"""`python -m demo` end to end: a real Synapse, the real bot, the scripted chat, and a rerun."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from demo.run import format_turn, story_start

PROJECT = Path(__file__).resolve().parents[2]
ROOM_LINE = re.compile(r"^Room 'IKZ Digitalisierung Lippe': (!\S+) \((created|reused)", re.M)
POST_LINE = re.compile(
    r"^ikz-bot \(scheduled post\): Tagesordnung für das Treffen am "
    r"\w+\., (\d+)\.\s(\w+)\.?\s(\d{4})$",
    re.M,
)
MONTHS = ("jan", "feb", "mär", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez")


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


def _post_date(output: str) -> date:
    """The meet-up date of the scheduler's agenda post in a transcript."""
    match = POST_LINE.search(output)
    assert match, output
    day, month, year = match.groups()
    return date(int(year), MONTHS.index(month[:3].lower()) + 1, int(day))


def _assert_meetup_story(output: str) -> None:
    """Series, agenda item, overview, the scheduled agenda post with the bot's ✅ ❌ ❔, Erika's
    click on ✅ and the post edited to count it, in the order of the script."""
    expected = (
        "Erika Musterfrau: !treffen serie jeden 2. Dienstag",
        "ikz-bot:          Neue Serie: jeden 2. Dienstag im Monat, 10:00–11:30\u00a0Uhr",
        "Erika Musterfrau: !treffen beiträge aufruf aus",
        "Erika Musterfrau: !agenda neu Serviceportal",
        "„Serviceportal: Stand Formular-Katalog“ (20\u00a0min) steht auf der Tagesordnung",
        "Erika Musterfrau: !treffen\n",
        "ikz-bot:          Nächstes Treffen:",
        "ikz-bot (scheduled post): Tagesordnung für das Treffen am",
        "Zusagen (0)",
        "ikz-bot (reacts to its post): ✅  ❌  ❔",
        "Erika Musterfrau: ✅",
        "ikz-bot (edits its post): Tagesordnung für das Treffen am",
        "Zusagen (1): Erika Musterfrau",
        "Erika Musterfrau: !treffen\n",
        "Zusagen (1): Erika Musterfrau",
    )
    position = 0
    for text in expected:
        found = output.find(text, position)
        assert found >= 0, f"{text!r} missing (or out of order) in:\n{output}"
        position = found + len(text)
    assert "Demo clock: the bot believes it is" in output
    assert re.search(r"Calendar feed  http://127\.0\.0\.1:\d+/calendar/\S+\.ics$", output, re.M)
    assert re.search(r"Overview page  http://127\.0\.0\.1:\d+/page/\S+$", output, re.M)


def _room(output: str) -> tuple[str, str]:
    match = ROOM_LINE.search(output)
    assert match, output
    return match.group(1), match.group(2)


@pytest.mark.integration
def test_demo_plays_the_script_and_reuses_its_room_on_the_second_run(tmp_path):
    """Two runs on one folder: both tell the meet-up story, the second a meet-up later."""
    first = _run_demo(tmp_path)
    for expected in ("Erika Musterfrau: !hilfe", "Alle Befehle", "Meinten Sie !hilfe?"):
        assert expected in first
    _assert_meetup_story(first)
    room_id, how = _room(first)
    assert how == "created"
    assert json.loads((tmp_path / "state.json").read_text()) == {"room_id": room_id, "runs": 1}

    second = _run_demo(tmp_path)
    assert "Meinten Sie !hilfe?" in second
    _assert_meetup_story(second)
    assert _room(second) == (room_id, "reused")
    assert json.loads((tmp_path / "state.json").read_text()) == {"room_id": room_id, "runs": 2}
    assert _post_date(second) > _post_date(first)


def test_transcript_indents_continuation_lines_under_the_reply():
    """Every line after the first starts in the reply's column; blank lines stay blank."""
    text = format_turn("ikz-bot", "Alle Befehle\n\n• `!netzwerk` – zeigt")
    assert text.splitlines() == [
        "ikz-bot:          Alle Befehle",
        "",
        "                  • `!netzwerk` – zeigt",
    ]
    assert format_turn("Erika Musterfrau", "!hilfe") == "Erika Musterfrau: !hilfe"


def test_story_starts_15_seconds_before_the_agenda_post_of_the_meetup_n_runs_ahead():
    """Run n starts the bot's clock at 08:59:45 Berlin, the day before the n-th 2nd Tuesday."""
    berlin = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 11, 22, 1, 3, tzinfo=UTC)  # next 2nd Tuesday: 8 Dec 2026
    starts = [story_start(n, now).astimezone(berlin) for n in range(6)]
    assert [s.date() for s in starts] == [
        date(2026, 12, 7),
        date(2027, 1, 11),
        date(2027, 2, 8),
        date(2027, 3, 8),
        date(2027, 4, 12),  # summer time: still 08:59:45 on the wall clock
        date(2027, 5, 10),
    ]
    assert {(s.hour, s.minute, s.second) for s in starts} == {(8, 59, 45)}


def test_story_counts_meetups_after_now_even_when_their_agenda_post_has_passed():
    """On the afternoon before a meet-up the story starts on its agenda post, that morning."""
    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    assert story_start(0, now) == datetime(2026, 12, 7, 7, 59, 45, tzinfo=UTC)
    assert story_start(1, now) == datetime(2027, 1, 11, 7, 59, 45, tzinfo=UTC)
