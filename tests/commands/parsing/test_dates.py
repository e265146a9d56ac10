"""Dates and times typed the way people type them, read in the network's zone."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commands.catalogue import t
from commands.errors import UsageError
from commands.parsing.dates import When, parse_date, parse_when, split_when

BERLIN = ZoneInfo("Europe/Berlin")


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


SUN = local(2026, 11, 22, 10, 0)  # Sunday 10:00, winter time
WED = local(2026, 11, 25, 10, 0)  # Wednesday
DEC30 = local(2026, 12, 30, 10, 0)  # Wednesday before New Year
AUTUMN = local(2026, 10, 20, 10, 0)  # Tuesday before the switch to winter time (25 Oct)
SPRING = local(2027, 3, 24, 10, 0)  # Wednesday before the switch to summer time (28 Mar)
JAN31 = local(2027, 1, 31, 10, 0)
LEAP = local(2028, 2, 29, 10, 0)

# (typed, now, expected start as ISO with UTC offset, has_time, expected end or None)
TABLE = [
    ("12.12.", SUN, "2026-12-12T00:00:00+01:00", False, None),
    ("12.12.2026 10:00", SUN, "2026-12-12T10:00:00+01:00", True, None),
    ("12.12.26", SUN, "2026-12-12T00:00:00+01:00", False, None),
    ("1.3.", SUN, "2027-03-01T00:00:00+01:00", False, None),
    ("2026-12-12", SUN, "2026-12-12T00:00:00+01:00", False, None),
    ("2026-12-12T10:00", SUN, "2026-12-12T10:00:00+01:00", True, None),
    ("12. Dezember 2026", SUN, "2026-12-12T00:00:00+01:00", False, None),
    ("am 12.12 um 10 Uhr", SUN, "2026-12-12T10:00:00+01:00", True, None),
    ("12.12. 10.30", SUN, "2026-12-12T10:30:00+01:00", True, None),
    ("12.12.2026, 10:00 bis 11:30 Uhr", SUN, "2026-12-12T10:00:00+01:00", True, "11:30"),
    ("10:30", SUN, "2026-11-22T10:30:00+01:00", True, None),
    ("10:00", SUN, "2026-11-23T10:00:00+01:00", True, None),
    ("9:30", SUN, "2026-11-23T09:30:00+01:00", True, None),
    ("10 Uhr", SUN, "2026-11-23T10:00:00+01:00", True, None),
    ("10.30 Uhr", SUN, "2026-11-22T10:30:00+01:00", True, None),
    ("14:00-15:30", SUN, "2026-11-22T14:00:00+01:00", True, "15:30"),
    ("14 bis 15:30 Uhr", SUN, "2026-11-22T14:00:00+01:00", True, "15:30"),
    ("10-11:30", SUN, "2026-11-23T10:00:00+01:00", True, "11:30"),
    ("heute", SUN, "2026-11-22T00:00:00+01:00", False, None),
    ("morgen", SUN, "2026-11-23T00:00:00+01:00", False, None),
    ("übermorgen", SUN, "2026-11-24T00:00:00+01:00", False, None),
    ("Uebermorgen", SUN, "2026-11-24T00:00:00+01:00", False, None),
    ("morgen 14 Uhr", SUN, "2026-11-23T14:00:00+01:00", True, None),
    ("morgen 10", SUN, "2026-11-23T10:00:00+01:00", True, None),
    ("14 Uhr morgen", SUN, "2026-11-23T14:00:00+01:00", True, None),
    ("in 2 Wochen", SUN, "2026-12-06T00:00:00+01:00", False, None),
    ("in 3 Tagen", SUN, "2026-11-25T00:00:00+01:00", False, None),
    ("in 1 Monat", SUN, "2026-12-22T00:00:00+01:00", False, None),
    ("in einer Woche", SUN, "2026-11-29T00:00:00+01:00", False, None),
    ("in 5 Jahren", SUN, "2031-11-22T00:00:00+01:00", False, None),
    ("Dienstag", SUN, "2026-11-24T00:00:00+01:00", False, None),
    ("Di", SUN, "2026-11-24T00:00:00+01:00", False, None),
    ("nächsten Dienstag", SUN, "2026-11-24T00:00:00+01:00", False, None),
    ("NAECHSTEN dienstag", SUN, "2026-11-24T00:00:00+01:00", False, None),
    ("übernächsten Dienstag", SUN, "2026-12-01T00:00:00+01:00", False, None),
    ("Sonntag", SUN, "2026-11-22T00:00:00+01:00", False, None),
    ("Sonntag 11:00", SUN, "2026-11-22T11:00:00+01:00", True, None),
    ("So 9:00", SUN, "2026-11-29T09:00:00+01:00", True, None),
    ("nächsten Sonntag", SUN, "2026-11-29T00:00:00+01:00", False, None),
    ("Fr 9:30", SUN, "2026-11-27T09:30:00+01:00", True, None),
    ("Fr., 9:30", SUN, "2026-11-27T09:30:00+01:00", True, None),
    ("am Freitag um 10", SUN, "2026-11-27T10:00:00+01:00", True, None),
    ("Freitag, den 27.11.2026 10:00", SUN, "2026-11-27T10:00:00+01:00", True, None),
    ("Sa., 12.12.2026", SUN, "2026-12-12T00:00:00+01:00", False, None),
    ("nächste Woche Montag", WED, "2026-11-30T00:00:00+01:00", False, None),
    ("Montag nächste Woche", WED, "2026-11-30T00:00:00+01:00", False, None),
    ("next week friday", WED, "2026-12-04T00:00:00+01:00", False, None),
    # English
    ("today", SUN, "2026-11-22T00:00:00+01:00", False, None),
    ("tomorrow", SUN, "2026-11-23T00:00:00+01:00", False, None),
    ("the day after tomorrow", SUN, "2026-11-24T00:00:00+01:00", False, None),
    ("in 2 weeks", SUN, "2026-12-06T00:00:00+01:00", False, None),
    ("next tuesday", SUN, "2026-11-24T00:00:00+01:00", False, None),
    ("on friday at 2pm", SUN, "2026-11-27T14:00:00+01:00", True, None),
    ("11am", SUN, "2026-11-22T11:00:00+01:00", True, None),
    ("10am", SUN, "2026-11-23T10:00:00+01:00", True, None),
    ("2 pm", SUN, "2026-11-22T14:00:00+01:00", True, None),
    ("2-3pm", SUN, "2026-11-22T14:00:00+01:00", True, "15:00"),
    ("3pm tomorrow", SUN, "2026-11-23T15:00:00+01:00", True, None),
    ("December 12th, 2026 2 pm", SUN, "2026-12-12T14:00:00+01:00", True, None),
    ("12th of December 10 a.m.", SUN, "2026-12-12T10:00:00+01:00", True, None),
    ("um 10 am Freitag", SUN, "2026-11-27T10:00:00+01:00", True, None),
    # year change
    ("3.1.", DEC30, "2027-01-03T00:00:00+01:00", False, None),
    ("12.1.", DEC30, "2027-01-12T00:00:00+01:00", False, None),
    ("30.12.", DEC30, "2026-12-30T00:00:00+01:00", False, None),
    ("30.12. 11:00", DEC30, "2026-12-30T11:00:00+01:00", True, None),
    ("30.12. 9:00", DEC30, "2027-12-30T09:00:00+01:00", True, None),
    ("in 1 Woche", DEC30, "2027-01-06T00:00:00+01:00", False, None),
    # DST: 10:00 stays 10:00 local, the UTC offset changes
    ("23.10. 10:00", AUTUMN, "2026-10-23T10:00:00+02:00", True, None),
    ("26.10. 10:00", AUTUMN, "2026-10-26T10:00:00+01:00", True, None),
    ("Montag 10 Uhr", AUTUMN, "2026-10-26T10:00:00+01:00", True, None),
    ("26.3. 10:00", SPRING, "2027-03-26T10:00:00+01:00", True, None),
    ("nächsten Montag 10 Uhr", SPRING, "2027-03-29T10:00:00+02:00", True, None),
    ("28.3.2027 2:30", SPRING, "2027-03-28T03:30:00+02:00", True, None),
    # month ends and leap days
    ("in 1 Monat", JAN31, "2027-02-28T00:00:00+01:00", False, None),
    ("31.1.", JAN31, "2027-01-31T00:00:00+01:00", False, None),
    ("30.4.", JAN31, "2027-04-30T00:00:00+02:00", False, None),
    ("29.2.2028", SUN, "2028-02-29T00:00:00+01:00", False, None),
    ("29.2.", SUN, "2028-02-29T00:00:00+01:00", False, None),
    ("in 1 Jahr", LEAP, "2029-02-28T00:00:00+01:00", False, None),
]

ERRORS = [
    ("31.2.", SUN, "dates.invalid"),
    ("29.2.2027", SUN, "dates.invalid"),
    ("31.4.2027", SUN, "dates.invalid"),
    ("12.13.2026", SUN, "dates.invalid"),
    ("25:00", SUN, "dates.invalid"),
    ("morgen 24:00", SUN, "dates.invalid"),
    ("10:75 Uhr", SUN, "dates.invalid"),
    ("13pm", SUN, "dates.invalid"),
    ("12.12.2099", SUN, "dates.implausible"),
    ("12.12.1999", SUN, "dates.implausible"),
    ("in 6 Jahren", SUN, "dates.implausible"),
    ("in 9999 Jahren", SUN, "dates.implausible"),
    ("12/12/2026", SUN, "dates.ambiguous"),
    ("3/4", SUN, "dates.ambiguous"),
    ("Fr., 12.12.2026", SUN, "dates.weekday_mismatch"),
    ("15:00-14:00", SUN, "dates.end_before_start"),
    ("morgn 10", SUN, "dates.unparseable"),
    ("heute morgen", SUN, "dates.unparseable"),
    ("nächste Woche", SUN, "dates.unparseable"),
    ("next friday lunch", SUN, "dates.unparseable"),
    ("10", SUN, "dates.unparseable"),
    ("", SUN, "dates.missing"),
]

SPLITS = [
    ("12.03.2027 14:00 Workshop E-Akte", "2027-03-12T14:00:00+01:00", "Workshop E-Akte"),
    ("morgen 14 Uhr Jour fixe", "2026-11-23T14:00:00+01:00", "Jour fixe"),
    ("Fr 9:30 – Steuerungsgruppe", "2026-11-27T09:30:00+01:00", "Steuerungsgruppe"),
    ("nächsten Dienstag Workshop OZG", "2026-11-24T00:00:00+01:00", "Workshop OZG"),
    ("12.12. 10:00-11:30 Rathaus Detmold", "2026-12-12T10:00:00+01:00", "Rathaus Detmold"),
    ("am Freitag um 10 Uhr im Kreishaus", "2026-11-27T10:00:00+01:00", "im Kreishaus"),
    ("morgen 10 Teilnehmer", "2026-11-23T00:00:00+01:00", "10 Teilnehmer"),
    ("12.12. 14:00 - Workshop", "2026-12-12T14:00:00+01:00", "Workshop"),
    ("Do, Jour fixe", "2026-11-26T00:00:00+01:00", "Jour fixe"),
    ("in 2 Wochen: Bericht", "2026-12-06T00:00:00+01:00", "Bericht"),
    ("heute", "2026-11-22T00:00:00+01:00", ""),
]


@pytest.mark.parametrize(("typed", "now", "start", "has_time", "end"), TABLE, ids=lambda v: v)
def test_parse_when_table(typed, now, start, has_time, end):
    """Each typed form becomes the intended local instant, with the zone's UTC offset."""
    when = parse_when(typed, now=now, tz=BERLIN)
    assert when.start.isoformat() == start
    assert when.start.tzinfo == BERLIN
    assert when.has_time is has_time
    assert (when.end.strftime("%H:%M") if when.end else None) == end


@pytest.mark.parametrize(("typed", "now", "key"), ERRORS, ids=lambda v: v)
def test_parse_when_refuses(typed, now, key):
    """Impossible, far-off, ambiguous or unreadable input is a usage error with its own key."""
    with pytest.raises(UsageError) as caught:
        parse_when(typed, now=now, tz=BERLIN)
    assert caught.value.key == key


@pytest.mark.parametrize(("typed", "start", "rest"), SPLITS, ids=lambda v: v)
def test_split_when_table(typed, start, rest):
    """The longest leading date/time is taken; the rest comes back stripped."""
    when, remainder = split_when(typed, now=SUN, tz=BERLIN)
    assert when.start.isoformat() == start
    assert remainder == rest


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Workshop morgen", "dates.unparseable"),
        ("Do Workshop", "dates.unparseable"),
        ("31.2. Feier", "dates.invalid"),
        ("  ", "dates.missing"),
    ],
)
def test_split_when_refuses(typed, key):
    """Text that does not start with a date, or a lone `Do` before a title, is refused."""
    with pytest.raises(UsageError) as caught:
        split_when(typed, now=SUN, tz=BERLIN)
    assert caught.value.key == key


def test_split_when_keeps_the_range_end():
    """A range in the leading expression gives an end on the same day."""
    when, _ = split_when("12.12. 10:00-11:30 Rathaus", now=SUN, tz=BERLIN)
    assert when.end == local(2026, 12, 12, 11, 30)


def test_default_time_fills_a_date_without_time():
    """A date alone starts at the caller's default time but still says no time was typed."""
    when = parse_when("morgen", now=SUN, tz=BERLIN, default_time=time(9, 0))
    assert when == When(local(2026, 11, 23, 9, 0), has_time=False)


def test_default_time_does_not_override_a_typed_time():
    """A typed time wins over the default time."""
    when = parse_when("morgen 14 Uhr", now=SUN, tz=BERLIN, default_time=time(9, 0))
    assert when.start == local(2026, 11, 23, 14, 0)


def test_now_in_utc_is_read_in_the_network_zone():
    """`now` may come in UTC; `heute` is still the local day (00:30 Berlin is 23:30 UTC)."""
    now = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    assert parse_date("heute", now=now, tz=BERLIN) == date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9.12.", date(2026, 12, 9)),
        ("morgen", date(2026, 11, 23)),
        ("Di", date(2026, 11, 24)),
        ("in 2 Wochen", date(2026, 12, 6)),
        ("31.12.2026", date(2026, 12, 31)),
    ],
)
def test_parse_date(typed, expected):
    """Date-only input gives the calendar day."""
    assert parse_date(typed, now=SUN, tz=BERLIN) == expected


def test_parse_date_refuses_a_time():
    """A time where only a date is wanted is refused rather than silently dropped."""
    with pytest.raises(UsageError) as caught:
        parse_date("morgen 10 Uhr", now=SUN, tz=BERLIN)
    assert caught.value.key == "dates.date_only"


def test_error_names_the_input_and_gives_a_working_example():
    """The message quotes what was typed, and its example parses."""
    with pytest.raises(UsageError) as caught:
        parse_when("morgn 10", now=SUN, tz=BERLIN)
    message = t("de", caught.value.key, **caught.value.params)
    assert message.startswith("„morgn 10“ verstehe ich nicht als Datum.")
    example = str(caught.value.params["example"])
    assert parse_when(example, now=SUN, tz=BERLIN).has_time


def test_invalid_names_the_wrong_part():
    """An impossible date is quoted in the message, in both languages."""
    with pytest.raises(UsageError) as caught:
        parse_when("31.2. 10:00", now=SUN, tz=BERLIN)
    assert caught.value.params["text"] == "31.2."
    assert "31.2." in t("en", caught.value.key, **caught.value.params)


def test_long_input_is_shortened_in_the_message():
    """A long text is quoted only in part, so the reply stays readable."""
    with pytest.raises(UsageError) as caught:
        parse_when("x" * 500, now=SUN, tz=BERLIN)
    assert len(str(caught.value.params["text"])) <= 40


# --- properties ---------------------------------------------------------------------------

VOCABULARY = [
    "12.12.", "31.2.", "2026-12-12", "T", "10:00", "10", ".", "30", ":", "Uhr", "am", "pm",
    "a.m.", "-", "–", "bis", "to", "um", "at", "nächsten", "next", "Woche", "week", "Di",
    "Fr.", ",", "den", "morgen", "heute", "in", "2", "einer", "Wochen", "Monat", "Jahren",
    "9999", "Dezember", "12th", "of", "December", "2026", "/", "the", "day", "after",
    "tomorrow", "25:00", "0", "99.99", "Sa", "übernächsten", "diesen", "von", "29.2.",
]  # fmt: skip
NOWS = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)


def _any_outcome(call) -> None:
    with contextlib.suppress(UsageError):
        call()


@settings(max_examples=300, deadline=None)
@given(text=st.text(), now=NOWS)
def test_any_text_gives_a_when_or_a_usage_error(text, now):
    """Arbitrary text never raises anything but UsageError, in all three entry points."""
    _any_outcome(lambda: parse_when(text, now=now, tz=BERLIN))
    _any_outcome(lambda: split_when(text, now=now, tz=BERLIN, default_time=time(9)))
    _any_outcome(lambda: parse_date(text, now=now, tz=BERLIN))


@settings(max_examples=500, deadline=None)
@given(words=st.lists(st.sampled_from(VOCABULARY), max_size=8), glue=st.sampled_from(["", " "]))
def test_near_miss_phrases_give_a_when_or_a_usage_error(words, glue):
    """Shuffled pieces of real date phrases reach deep into the parser without crashing it."""
    text = glue.join(words)
    _any_outcome(lambda: parse_when(text, now=SUN, tz=BERLIN))
    _any_outcome(lambda: split_when(text, now=SUN, tz=BERLIN))


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(2022, 1, 1), max_value=date(2031, 12, 31)), at=st.times())
def test_typed_german_dates_round_trip(day, at):
    """Every real date and minute written as `d.m.yyyy hh:mm` reads back as that local time."""
    typed = f"{day.day}.{day.month}.{day.year} {at.hour}:{at.minute:02d}"
    when = parse_when(typed, now=SUN, tz=BERLIN)
    expected = datetime.combine(day, at.replace(second=0, microsecond=0))
    assert when.start.replace(tzinfo=None) == expected or _in_dst_gap(expected)


def _in_dst_gap(naive: datetime) -> bool:
    """Whether a wall-clock time does not exist in Berlin (spring forward)."""
    aware = naive.replace(tzinfo=BERLIN)
    return aware.astimezone(UTC).astimezone(BERLIN).replace(tzinfo=None) != naive


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=30))
def test_split_when_rest_is_a_suffix_of_the_input(text):
    """What split_when returns as rest is always text the user typed, never invented."""
    try:
        _when, rest = split_when("morgen 10:00 " + text, now=SUN, tz=BERLIN)
    except UsageError:
        return
    assert rest in text or not rest
    assert timedelta(0) <= _when.start - local(2026, 11, 23) <= timedelta(days=1)
