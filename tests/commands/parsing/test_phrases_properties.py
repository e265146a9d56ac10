"""Properties of the date phrases: what the bot writes as a date it reads back as that date,
in every way people type it; and a deadline is either understood fully or nothing changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from commands.errors import UsageError
from commands.parsing.dates import (
    combine,
    parse_date,
    parse_deadline,
    parse_when,
    typed_date,
)
from commands.rendering import render
from commands.router import route
from commands.table import default_registry
from storage import actions, meetups
from storage.models import ActionItem, AgendaItem
from tests.commands.meetups.support import add_meetup
from tests.commands.parsing.support import ROWS
from tests.commands.support import NOW, invocation

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = NOW.astimezone(BERLIN).date()
DAYS = st.dates(
    min_value=TODAY - timedelta(days=4 * 365), max_value=TODAY + timedelta(days=4 * 365)
)
# Typed text carries no fold: a wall-clock time is its first reading (fold=0).
TIMES = st.times().map(lambda at: at.replace(second=0, microsecond=0, fold=0))
LEADS = st.sampled_from(["", "am ", "für den ", "fuer den ", "den ", "zum ", "ab ", "on the "])
WEEKDAY_STYLES = st.sampled_from(["", "EE ", "EE. ", "EE., ", "EEEE, ", "EEEE, den "])


def _written(day: date, style: int) -> str:
    """The day as people write it, with a four- or two-digit year."""
    styles = (
        typed_date(day),
        f"{day.day:02d}.{day.month:02d}.{day.year}",
        f"{day.day}.{day.month}.{day.year % 100:02d}",
        day.isoformat(),
        babel_date(day, "d. MMMM y", locale="de"),
        babel_date(day, "d. MMM y", locale="de"),
        babel_date(day, "MMMM d, y", locale="en"),
    )
    return styles[style]


def _weekday(day: date, style: str) -> str:
    """`Di`, `Di.`, `Dienstag, den`: the day's own weekday before it, as people add it."""
    if not style:
        return ""
    pattern = style.split(" ")[0].rstrip(".,")
    name = babel_date(day, pattern, locale="de").rstrip(".")
    return style.replace(pattern, name, 1)


@settings(max_examples=300, deadline=None)
@given(
    day=DAYS,
    style=st.integers(0, 6),
    lead=LEADS,
    weekday=WEEKDAY_STYLES,
)
def test_a_written_day_reads_back_as_that_day(day, style, lead, weekday):
    """parse(format(day)) == day, whatever lead word, weekday and year style is used."""
    if style in (3, 6):
        weekday = ""  # `Di 2026-12-08` and `Di December 8, 2026` are nobody's habit
    text = f"{lead}{_weekday(day, weekday)}{_written(day, style)}"
    assert parse_date(text, now=NOW, tz=BERLIN) == day
    if day >= TODAY:
        assert parse_deadline(f"bis {text}", now=NOW, tz=BERLIN) == day


@settings(max_examples=300, deadline=None)
@given(
    day=DAYS,
    at=TIMES,
    clock=st.sampled_from(["{h}:{m:02d}", "{h}.{m:02d} Uhr", "{h}:{m:02d}h", "{h}:{m:02d} Uhr"]),
    joint=st.sampled_from([" ", ", ", " um ", ", um "]),
)
def test_a_written_time_reads_back_as_that_instant(day, at, clock, joint):
    """A day and a time, written as people do, read back as that wall-clock instant."""
    text = f"{typed_date(day)}{joint}{clock.format(h=at.hour, m=at.minute)}"
    when = parse_when(text, now=NOW, tz=BERLIN)
    assert when.has_time
    assert when.start == combine(day, at, BERLIN)


@settings(max_examples=300, deadline=None)
@given(day=DAYS)
def test_a_day_without_year_is_the_next_one_or_a_question(day):
    """`d.m.` means the next such day; for a deadline, a lately passed one is asked back."""
    typed = f"{day.day}.{day.month}."
    found = parse_date(typed, now=NOW, tz=BERLIN)
    assert (found.day, found.month) == (day.day, day.month)
    assert TODAY <= found < TODAY + timedelta(days=366 * 4 + 1)
    try:
        due = parse_deadline(f"bis {typed}", now=NOW, tz=BERLIN)
    except UsageError as err:
        assert err.key == "dates.past_ask"
        assert err.params["suggestion"] == f"{typed}{found.year}"
        assert found.year > TODAY.year
    else:
        assert due == found


# --- a command understands a deadline fully, or changes nothing ----------------------------

_PHRASES = sorted({row.typed for row in ROWS if row.kind in ("deadline", "day")})
_WORDS = st.sampled_from(
    ["bis", "zum", "am", "den", "Ende", "Mitte", "KW", "nächste", "Woche", "Freitag", "in",
     "zwei", "Wochen", "15.", "1.12.", "31.2.", "halb", "drei", "Uhr", "14", "Januar", "@max",
     "#ozg", "irgendwann", "–", "bitte"]
)  # fmt: skip
_TAILS = st.sampled_from(_PHRASES) | st.lists(_WORDS, min_size=1, max_size=5).map(" ".join)
_SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _expected_due(tail: str) -> date | None:
    """What the date module alone makes of `bis <tail>`: the due date, or None if refused."""
    try:
        return parse_deadline(f"bis {tail}", now=NOW, tz=BERLIN)
    except UsageError:
        return None


@_SETTINGS
@given(tail=_TAILS)
async def test_a_deadline_is_understood_fully_or_nothing_changes(session, make_ctx, lippe, tail):
    """`!aufgabe neu Bericht bis <phrase>`: an item due exactly then, or a reason and no item."""
    before = await session.scalar(select(func.count()).select_from(ActionItem))
    routed = await route(
        invocation(f"!aufgabe neu Bericht bis {tail}"), make_ctx(lippe), default_registry()
    )
    assert routed is not None
    plain = render(routed.reply).plain
    assert "Entschuldigung" not in plain
    after = await session.scalar(select(func.count()).select_from(ActionItem))
    due = _expected_due(tail)
    if routed.keep_changes:
        assert after == before + 1
        stored = await actions.get_item(session, lippe.id, after)
        assert stored is not None
        # the whole tail was a deadline, or the rest are people, topics and title words
        # that never contain the words the date module read
        if due is not None:
            assert (stored.title, stored.due_on) == ("Bericht", due)
        else:
            assert stored.due_on is not None and stored.due_on >= TODAY
            assert "bis" not in stored.title.split()
    else:
        assert after == before
        assert due is None or due < TODAY  # refused: unreadable, asked back, or in the past
    await session.rollback()


_DAYS_TYPED = sorted({row.typed for row in ROWS if row.kind == "day"})
_AGENDA_TAILS = st.sampled_from(_DAYS_TYPED) | st.lists(_WORDS, min_size=1, max_size=4).map(
    " ".join
)


@_SETTINGS
@given(tail=_AGENDA_TAILS, lead=st.sampled_from(["für", "für den", "am", "zum"]))
async def test_an_agenda_day_at_the_end_is_read_fully_or_stays_a_topic(
    session, make_ctx, lippe, tail, lead
):
    """`!agenda neu Haushalt <lead> <tail>`: under that day's meet-up without the day, or
    refused with nothing stored, or (no day at all) the whole text as topic of the next one."""
    december = await add_meetup(session, lippe, datetime(2026, 12, 8, 10, 0, tzinfo=BERLIN))
    await add_meetup(session, lippe, datetime(2027, 1, 12, 10, 0, tzinfo=BERLIN))
    routed = await route(
        invocation(f"!agenda neu Haushalt {lead} {tail}"), make_ctx(lippe), default_registry()
    )
    assert routed is not None
    assert "Entschuldigung" not in render(routed.reply).plain
    stored = await session.scalars(select(AgendaItem))
    items = [(item.meetup_id, item.title) for item in stored]
    try:
        day = parse_date(f"{lead} {tail}", now=NOW, tz=BERLIN)
    except UsageError:
        day = None
    if not routed.keep_changes:
        assert items == []
    elif day is not None:
        (meetup_id, title) = items[0]
        meetup = await meetups.get_meetup(session, lippe.id, meetup_id)
        assert meetup is not None and meetup.starts_at.astimezone(BERLIN).date() == day
        assert title == "Haushalt"
    else:
        (meetup_id, title) = items[0]
        typed = " ".join(f"Haushalt {lead} {tail}".split())
        if title != typed or meetup_id != december.id:  # a later day in the words counts
            assert typed.startswith(title)
            meetup = await meetups.get_meetup(session, lippe.id, meetup_id)
            assert meetup is not None
            named = parse_date(typed[len(title) :], now=NOW, tz=BERLIN)
            assert meetup.starts_at.astimezone(BERLIN).date() == named
    await session.rollback()
