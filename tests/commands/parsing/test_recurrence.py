"""Meet-up series: phrases to RRULEs, descriptions, and DST-proof occurrences."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commands.catalogue import t
from commands.errors import UsageError
from commands.parsing.recurrence import (
    SeriesSpec,
    describe_series,
    occurrences,
    parse_series,
)

BERLIN = ZoneInfo("Europe/Berlin")
HOUR = timedelta(hours=1)
NINETY = timedelta(minutes=90)

# (typed, rrule, start, duration, rest)
PHRASES = [
    ("jeden 2. Dienstag 10:00-11:30", "FREQ=MONTHLY;BYDAY=+2TU", time(10), NINETY, ""),
    ("jeden zweiten Dienstag im Monat 10 Uhr", "FREQ=MONTHLY;BYDAY=+2TU", time(10), HOUR, ""),
    (
        "jeden ersten Montag im Monat, 10:00 bis 11:30 Uhr, Rathaus Lemgo",
        "FREQ=MONTHLY;BYDAY=+1MO",
        time(10),
        NINETY,
        "Rathaus Lemgo",
    ),
    ("jeden letzten Freitag 10-11:30", "FREQ=MONTHLY;BYDAY=-1FR", time(10), NINETY, ""),
    ("jeden vorletzten Freitag 14 Uhr", "FREQ=MONTHLY;BYDAY=-2FR", time(14), HOUR, ""),
    ("jeden 5. Dienstag 10:00", "FREQ=MONTHLY;BYDAY=+5TU", time(10), HOUR, ""),
    ("monatlich am 15. 9 Uhr", "FREQ=MONTHLY;BYMONTHDAY=15", time(9), HOUR, ""),
    ("jeden Monat am 15. 14:00", "FREQ=MONTHLY;BYMONTHDAY=15", time(14), HOUR, ""),
    ("monatlich am 31. 10:00", "FREQ=MONTHLY;BYMONTHDAY=31", time(10), HOUR, ""),
    ("jeden 15. 10 Uhr", "FREQ=MONTHLY;BYMONTHDAY=15", time(10), HOUR, ""),
    ("monatlich am 2. Dienstag 10:00", "FREQ=MONTHLY;BYDAY=+2TU", time(10), HOUR, ""),
    ("wöchentlich montags 8:30", "FREQ=WEEKLY;BYDAY=MO", time(8, 30), HOUR, ""),
    ("woechentlich am Montag 8:30", "FREQ=WEEKLY;BYDAY=MO", time(8, 30), HOUR, ""),
    ("jeden Montag 9:00 https://meet.example/ikz", "FREQ=WEEKLY;BYDAY=MO", time(9), HOUR,
     "https://meet.example/ikz"),
    ("montags 10:00", "FREQ=WEEKLY;BYDAY=MO", time(10), HOUR, ""),
    ("alle 2 Wochen donnerstags 10 Uhr", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", time(10), HOUR, ""),
    (
        "alle zwei Wochen am Donnerstag um 10",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        time(10),
        HOUR,
        "",
    ),
    ("14-tägig donnerstags 10:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", time(10), HOUR, ""),
    (
        "jede zweite Woche am Donnerstag 10:00",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        time(10),
        HOUR,
        "",
    ),
    ("alle 4 Wochen Mi 16:00-17:00", "FREQ=WEEKLY;INTERVAL=4;BYDAY=WE", time(16), HOUR, ""),
    # English
    ("every 2nd tuesday 10am-11:30am", "FREQ=MONTHLY;BYDAY=+2TU", time(10), NINETY, ""),
    (
        "every second tuesday of the month 10:00",
        "FREQ=MONTHLY;BYDAY=+2TU",
        time(10),
        HOUR,
        "",
    ),
    ("every last friday 3pm", "FREQ=MONTHLY;BYDAY=-1FR", time(15), HOUR, ""),
    ("monthly on the 15th 10:00", "FREQ=MONTHLY;BYMONTHDAY=15", time(10), HOUR, ""),
    ("every month on the 2nd tuesday 10:00", "FREQ=MONTHLY;BYDAY=+2TU", time(10), HOUR, ""),
    ("every monday 9:00", "FREQ=WEEKLY;BYDAY=MO", time(9), HOUR, ""),
    ("weekly on monday 10:00", "FREQ=WEEKLY;BYDAY=MO", time(10), HOUR, ""),
    ("every 2 weeks on thursday 2-3pm", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", time(14), HOUR, ""),
    ("every other tuesday 10:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", time(10), HOUR, ""),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "rrule", "start", "duration", "rest"), PHRASES, ids=lambda v: v)
def test_parse_series_table(typed, rrule, start, duration, rest):
    """Each phrase becomes its RRULE, wall-clock start, duration and trailing text."""
    assert parse_series(typed) == SeriesSpec(rrule, start, duration, rest)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("jeden Tag 10:00", "series.unknown"),
        ("irgendwann 10:00", "series.unknown"),
        ("", "series.unknown"),
        ("jeden 6. Dienstag 10:00", "series.unknown"),
        ("monatlich am 32. 10:00", "series.unknown"),
        ("alle 0 Wochen montags 10:00", "series.unknown"),
        ("jeden 2. Dienstag", "series.no_time"),
        ("jeden Montag im Rathaus", "series.no_time"),
        ("jeden Montag 25:00", "dates.invalid"),
        ("jeden Montag 11-10 Uhr", "dates.end_before_start"),
    ],
)
def test_parse_series_refuses(typed, key):
    """Unknown phrases, a missing time or an impossible time are usage errors."""
    with pytest.raises(UsageError) as caught:
        parse_series(typed)
    assert caught.value.key == key


def test_missing_time_message_gives_the_phrase_with_a_time():
    """The example for a missing time is the user's own phrase with a time, and it parses."""
    with pytest.raises(UsageError) as caught:
        parse_series("jeden 2. Dienstag")
    example = str(caught.value.params["example"])
    assert parse_series(example).rrule == "FREQ=MONTHLY;BYDAY=+2TU"
    assert "„jeden 2. Dienstag“" in t("de", caught.value.key, **caught.value.params)


@pytest.mark.parametrize(
    ("rrule", "start", "duration", "german", "english"),
    [
        (
            "FREQ=MONTHLY;BYDAY=+2TU", time(10), NINETY,
            "jeden 2. Dienstag im Monat, 10:00–11:30\u00a0Uhr",
            "every 2nd Tuesday of the month, 10:00–11:30",
        ),
        (
            "FREQ=MONTHLY;BYDAY=+1MO", time(9), HOUR,
            "jeden 1. Montag im Monat, 09:00–10:00\u00a0Uhr",
            "every 1st Monday of the month, 09:00–10:00",
        ),
        (
            "FREQ=MONTHLY;BYDAY=+3WE", time(9), HOUR,
            "jeden 3. Mittwoch im Monat, 09:00–10:00\u00a0Uhr",
            "every 3rd Wednesday of the month, 09:00–10:00",
        ),
        (
            "FREQ=MONTHLY;BYDAY=-1FR", time(14), HOUR,
            "jeden letzten Freitag im Monat, 14:00–15:00\u00a0Uhr",
            "every last Friday of the month, 14:00–15:00",
        ),
        (
            "FREQ=MONTHLY;BYDAY=+5TU", time(10), HOUR,
            "jeden 5. Dienstag im Monat (entfällt in Monaten ohne diesen Tag), "
            "10:00–11:00\u00a0Uhr",
            "every 5th Tuesday of the month (skipped in months without that day), 10:00–11:00",
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=15", time(10), HOUR,
            "monatlich am 15., 10:00–11:00\u00a0Uhr",
            "monthly on the 15th, 10:00–11:00",
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=31", time(10), HOUR,
            "monatlich am 31. (entfällt in Monaten ohne diesen Tag), 10:00–11:00\u00a0Uhr",
            "monthly on the 31st (skipped in months without that day), 10:00–11:00",
        ),
        (
            "FREQ=WEEKLY;BYDAY=MO", time(8, 30), HOUR,
            "jeden Montag, 08:30–09:30\u00a0Uhr",
            "every Monday, 08:30–09:30",
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", time(10), HOUR,
            "alle 2\u00a0Wochen am Donnerstag, 10:00–11:00\u00a0Uhr",
            "every 2\u00a0weeks on Thursday, 10:00–11:00",
        ),
        (
            "FREQ=DAILY", time(10), timedelta(0),
            "nach der Regel FREQ=DAILY, 10:00\u00a0Uhr",
            "by the rule FREQ=DAILY, 10:00",
        ),
    ],
)  # fmt: skip
def test_describe_series(rrule, start, duration, german, english):
    """A series reads naturally in German and English; unknown shapes show their rule."""
    assert describe_series(rrule, start, duration, "de") == german
    assert describe_series(rrule, start, duration, "en") == english


def test_describe_what_was_parsed_round_trips():
    """Describing a parsed phrase says what the user meant."""
    spec = parse_series("jeden zweiten Dienstag im Monat 10:00-11:30")
    described = describe_series(spec.rrule, spec.start, spec.duration, "de")
    assert described == "jeden 2. Dienstag im Monat, 10:00–11:30\u00a0Uhr"


def _local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def test_occurrences_keep_local_time_across_dst():
    """2nd Tuesday 10:00 Berlin, Oct 2026–Apr 2027: always 10:00 local; UTC 8 → 9 → 8."""
    found = occurrences(
        "FREQ=MONTHLY;BYDAY=+2TU",
        time(10),
        BERLIN,
        first_day=date(2026, 10, 1),
        after=_local(2026, 10, 1),
        until=_local(2027, 4, 30),
    )
    assert [o.date() for o in found] == [
        date(2026, 10, 13), date(2026, 11, 10), date(2026, 12, 8), date(2027, 1, 12),
        date(2027, 2, 9), date(2027, 3, 9), date(2027, 4, 13),
    ]  # fmt: skip
    assert {o.time() for o in found} == {time(10)}
    assert all(o.tzinfo == BERLIN for o in found)
    assert [o.astimezone(UTC).hour for o in found] == [8, 9, 9, 9, 9, 9, 8]


def test_fifth_tuesday_skips_months_without_one():
    """A 5th Tuesday only happens in months that have five Tuesdays."""
    found = occurrences(
        "FREQ=MONTHLY;BYDAY=+5TU",
        time(10),
        BERLIN,
        first_day=date(2026, 1, 1),
        after=_local(2026, 1, 1),
        until=_local(2026, 12, 31, 23, 59),
    )
    assert [o.date() for o in found] == [
        date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 29), date(2026, 12, 29),
    ]  # fmt: skip


def test_monthly_on_the_31st_skips_short_months():
    """`monatlich am 31.` is not moved to the 30th: short months have no meet-up."""
    found = occurrences(
        "FREQ=MONTHLY;BYMONTHDAY=31",
        time(10),
        BERLIN,
        first_day=date(2026, 1, 1),
        after=_local(2026, 1, 1),
        until=_local(2026, 12, 31, 23, 59),
    )
    assert [o.month for o in found] == [1, 3, 5, 7, 8, 10, 12]
    assert all(o.day == 31 for o in found)


def test_every_two_weeks_counts_from_the_first_day_across_dst():
    """Fortnightly on Thursday from 1 Oct 2026 keeps its rhythm and 10:00 over the switch."""
    found = occurrences(
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        time(10),
        BERLIN,
        first_day=date(2026, 10, 1),
        after=_local(2026, 9, 30),
        until=_local(2026, 11, 30),
    )
    assert found == [
        _local(2026, 10, 1, 10), _local(2026, 10, 15, 10), _local(2026, 10, 29, 10),
        _local(2026, 11, 12, 10), _local(2026, 11, 26, 10),
    ]  # fmt: skip
    assert [o.utcoffset() for o in found] == [HOUR * 2, HOUR * 2, HOUR, HOUR, HOUR]


def test_after_is_exclusive_and_until_inclusive():
    """An occurrence exactly at `after` is left out, one exactly at `until` is kept."""
    found = occurrences(
        "FREQ=WEEKLY;BYDAY=MO",
        time(10),
        BERLIN,
        first_day=date(2026, 11, 2),
        after=_local(2026, 11, 2, 10),
        until=_local(2026, 11, 16, 10),
    )
    assert found == [_local(2026, 11, 9, 10), _local(2026, 11, 16, 10)]


def test_nothing_before_the_first_day():
    """The series does not reach back before its DTSTART date."""
    found = occurrences(
        "FREQ=WEEKLY;BYDAY=MO",
        time(10),
        BERLIN,
        first_day=date(2026, 11, 10),
        after=_local(2026, 11, 1),
        until=_local(2026, 11, 20),
    )
    assert found == [_local(2026, 11, 16, 10)]


def test_bounds_in_utc_are_compared_as_instants():
    """`after`/`until` in UTC cut at the same instants as in local time."""
    found = occurrences(
        "FREQ=WEEKLY;BYDAY=MO",
        time(10),
        BERLIN,
        first_day=date(2026, 11, 2),
        after=datetime(2026, 11, 9, 8, 59, tzinfo=UTC),  # 09:59 Berlin
        until=datetime(2026, 11, 16, 9, 0, tzinfo=UTC),  # 10:00 Berlin
    )
    assert found == [_local(2026, 11, 9, 10), _local(2026, 11, 16, 10)]


def test_time_in_the_spring_gap_moves_to_the_real_instant():
    """A 02:30 series on the day clocks jump forward happens at 03:30 summer time."""
    found = occurrences(
        "FREQ=MONTHLY;BYDAY=-1SU",
        time(2, 30),
        BERLIN,
        first_day=date(2027, 2, 1),
        after=_local(2027, 2, 1),
        until=_local(2027, 4, 1),
    )
    assert [o.isoformat() for o in found] == [
        "2027-02-28T02:30:00+01:00",
        "2027-03-28T03:30:00+02:00",
    ]


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_any_text_gives_a_series_or_a_usage_error(text):
    """Arbitrary text never raises anything but UsageError."""
    with contextlib.suppress(UsageError):
        parse_series(text)


PIECES = [
    "jeden", "every", "alle", "2.", "2nd", "zweiten", "letzten", "Dienstag", "montags",
    "im", "Monat", "of", "the", "month", "monatlich", "am", "on", "15.", "32.", "Wochen",
    "weeks", "other", "10:00", "-", "11:30", "Uhr", "10", "pm", "wöchentlich", "14-tägig", ",",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(words=st.lists(st.sampled_from(PIECES), max_size=8))
def test_near_miss_series_give_a_series_or_a_usage_error(words):
    """Shuffled pieces of real phrases never crash the parser, and what parses describes."""
    try:
        spec = parse_series(" ".join(words))
    except UsageError:
        return
    assert spec.duration > timedelta(0)
    assert describe_series(spec.rrule, spec.start, spec.duration, "en")
