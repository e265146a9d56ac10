"""The golden table of date phrasings (`phrases.txt`): what each one means, or what is asked.

Every row is read by the function the commands use for that kind of date, so the table is
what a person typing in the chat gets. See the head of `phrases.txt` for the columns.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from commands.catalogue import t
from commands.errors import UsageError
from commands.parsing.dates import parse_date, parse_deadline, parse_span, parse_when
from tests.commands.parsing.support import ROWS, Row

BERLIN = ZoneInfo("Europe/Berlin")
NOWS = {
    "DEC6": datetime(2026, 12, 6, 10, 0, tzinfo=BERLIN),
    "DEC30": datetime(2026, 12, 30, 10, 0, tzinfo=BERLIN),
    "JAN31": datetime(2027, 1, 31, 10, 0, tzinfo=BERLIN),
    "MAR26": datetime(2027, 3, 26, 10, 0, tzinfo=BERLIN),
    "OCT29": datetime(2027, 10, 29, 10, 0, tzinfo=BERLIN),
}
# What a question must offer: the parameter holding the form the user can type instead.
OFFERED = {
    "dates.past_ask": "suggestion",
    "dates.deadline_month": "last",
    "dates.clock_words": "example",
}


def _read(row: Row) -> str:
    """The row's phrase read as its kind, written like the table's expected column."""
    now = NOWS[row.now]
    if row.kind == "day":
        return parse_date(row.typed, now=now, tz=BERLIN).isoformat()
    if row.kind == "deadline":
        return parse_deadline(row.typed, now=now, tz=BERLIN).isoformat()
    if row.kind == "span":
        span = parse_span(row.typed, now=now, tz=BERLIN)
        return "no span" if span is None else f"{span.first}..{span.last}"
    when = parse_when(row.typed, now=now, tz=BERLIN, ask_past=row.kind == "meetup")
    if not when.has_time:
        return when.start.date().isoformat()
    shown = when.start.isoformat(timespec="minutes")
    return shown + (f"–{when.end:%H:%M}" if when.end else "")


def test_the_table_is_large_and_covers_every_kind():
    """At least 150 phrasings, each kind and each clock used."""
    assert len(ROWS) >= 150
    assert {row.kind for row in ROWS} == {"day", "when", "meetup", "deadline", "span"}
    assert {row.now for row in ROWS} == set(NOWS)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.now}-{row.kind}-{row.typed}")
def test_phrase(row: Row):
    """The phrase means the expected day or time, or gets the expected question or refusal."""
    try:
        got = _read(row)
    except UsageError as err:
        mark = "?" if err.key in OFFERED else "!"
        got = f"{mark} {err.key}"
        if mark == "?":
            got += f" {err.params[OFFERED[err.key]]}"
        for language in ("de", "en"):  # the message exists and names what to type instead
            message = t(language, err.key, **err.params)
            if mark == "?":
                assert str(err.params[OFFERED[err.key]]) in message
    assert got == row.expected
    if got[:1] not in "?!":
        date.fromisoformat(got[:10])  # a well-formed answer, not a message
