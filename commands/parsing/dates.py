"""Dates and times as people type them in chat, in German and English.

Everything is read as wall-clock time in the network's IANA zone and returned zone-aware, so a
10:00 meeting stays at 10:00 whatever daylight saving does. Choices a reader might not guess:

- A date without a year (`12.1.`) is the next such date: today counts if no time was given or
  the given time is still ahead; `29.2.` is the next 29 February that exists.
- A bare weekday (`Dienstag`, `Di`, `tuesday`) is the next such day; today counts if no time
  was given or the time is still ahead, else it means next week. `nächsten Dienstag` /
  `next tuesday` is never today (the next Tuesday after today), `übernächsten` a week later,
  `nächste Woche Dienstag` / `next week tuesday` the Tuesday of next calendar week (Mon–Sun).
- A time alone (`14:00`) is today if still ahead, else tomorrow.
- A day named outright (`heute 8:00`, `12.12.2026`) is kept even if already past; whether the
  past is allowed is the caller's decision.
- A bare number is an hour after `um`/`at`/`ab`/`von`/`from`, in a range with a clear end
  (`14-15:30`, `14 bis 15 Uhr`), or after a day when nothing follows (`morgen 10`); in
  `morgen 10 Teilnehmer` it stays text. `10.30` is a time with `Uhr`, after `um` or a day.
- `12/12/2026` is refused: day/month order is ambiguous.
- A time in the spring-forward gap (02:30 on the last Sunday in March) moves to the real
  instant (03:30); a time in the autumn overlap means its first occurrence.
- A two-letter weekday (`Do`, `So`) standing alone before other words is not taken as a date
  by `split_when`, because it is far more often the start of a title than a day.
- The little words before a day (`am`, `den`, `für den`, `zum`, `ab`, `bis spätestens`) are
  read and dropped everywhere; a bare day of the month (`zum 15.`) needs one of them, since
  `15.` alone is too often a number in a title. A weekday before a date must be its own.
- `Anfang`/`Mitte`/`Ende März` are the 1st, the 15th and the last day; `Monatsende` and
  `Jahresende` the current month's and year's; `Freitag in zwei Wochen` is the Friday of the
  calendar week two weeks on.
- A span (`nächste Woche`, `KW 7`, `im Januar`) is a `Span`, for listing meet-ups; as a
  deadline a week means its Friday, and a month is asked back (its start or its end?).
- Where only the future makes sense (`ask_past`: deadlines, new meet-ups), a day without a
  year that passed less than `RECENT_DAYS` ago is asked back (`dates.past_ask`), never moved
  to next year silently.
- Clock times in words (`halb drei`, `Viertel nach zwei`) are refused with the digits meant.
- Every message offers a form to type instead, built from what was typed where possible.

The golden table `tests/commands/parsing/phrases.txt` lists what is understood.

Only `UsageError` leaves this module for anything typed; its key names a message in
`commands/texts/dates.py`.
"""

from __future__ import annotations

import calendar
import contextlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from commands.errors import UsageError
from commands.parsing.text import fold, quote

T = TypeVar("T")

PLAUSIBLE_YEARS = 5
"""Dates further than this many years from now are almost certainly typos."""

RECENT_DAYS = 183
"""A date without a year that passed less than half a year ago was probably meant as past:
where only the future makes sense (deadlines, new meet-ups) it is asked back, not moved."""


@dataclass(frozen=True, slots=True)
class When:
    """A point in time as the user meant it; `has_time` tells a date from a date with time."""

    start: datetime
    has_time: bool
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of days as typed (`nächste Woche`, `KW 7`, `im Januar`), both ends included."""

    first: date
    last: date
    is_week: bool


# --- vocabulary (folded: lower case, umlauts as ae/oe/ue, ß as ss) -------------------------

WEEKDAYS: Mapping[str, int] = {
    "montag": 0, "mo": 0, "monday": 0, "mon": 0,
    "dienstag": 1, "di": 1, "tuesday": 1, "tue": 1, "tues": 1,
    "mittwoch": 2, "mi": 2, "wednesday": 2, "wed": 2,
    "donnerstag": 3, "do": 3, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "freitag": 4, "fr": 4, "friday": 4, "fri": 4,
    "samstag": 5, "sonnabend": 5, "sa": 5, "saturday": 5, "sat": 5,
    "sonntag": 6, "so": 6, "sunday": 6, "sun": 6,
}  # fmt: skip

MONTHS: Mapping[str, int] = {
    "januar": 1, "jan": 1, "january": 1,
    "februar": 2, "feb": 2, "february": 2,
    "maerz": 3, "mrz": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "dez": 12, "december": 12, "dec": 12,
}  # fmt: skip

NUMBER_WORDS: Mapping[str, int] = {
    "ein": 1, "eins": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "a": 1, "an": 1, "one": 1,
    "zwei": 2, "two": 2, "drei": 3, "three": 3, "vier": 4, "four": 4,
    "fuenf": 5, "five": 5, "sechs": 6, "six": 6, "sieben": 7, "seven": 7,
    "acht": 8, "eight": 8, "neun": 9, "nine": 9, "zehn": 10, "ten": 10,
    "elf": 11, "eleven": 11, "zwoelf": 12, "twelve": 12,
}  # fmt: skip

_UNITS: Mapping[str, str] = {
    "tag": "days", "tage": "days", "tagen": "days", "day": "days", "days": "days",
    "woche": "weeks", "wochen": "weeks", "week": "weeks", "weeks": "weeks",
    "monat": "months", "monate": "months", "monaten": "months",
    "month": "months", "months": "months",
    "jahr": "years", "jahre": "years", "jahren": "years", "year": "years", "years": "years",
}  # fmt: skip

_RELATIVE_DAYS: Mapping[str, int] = {
    "heute": 0, "today": 0, "morgen": 1, "tomorrow": 1, "uebermorgen": 2,
}  # fmt: skip

# "nächsten Dienstag" (1) and "übernächsten Dienstag" (2): how many weekdays ahead of today.
_NEXT_WORDS: Mapping[str, int] = {
    "naechsten": 1, "naechster": 1, "naechste": 1, "naechstes": 1,
    "kommenden": 1, "kommender": 1, "kommende": 1, "next": 1, "coming": 1,
    "uebernaechsten": 2, "uebernaechster": 2, "uebernaechste": 2,
}  # fmt: skip
_THIS_WORDS: Mapping[str, bool] = {"diesen": True, "dieser": True, "diese": True, "this": True}
_WEEK_WORDS: Mapping[str, bool] = {"woche": True, "week": True}
_NEXT_WEEK_WORDS: Mapping[str, bool] = {
    "naechste": True, "naechster": True, "kommende": True, "kommender": True, "next": True,
}  # fmt: skip
_DAY_LEADS: Mapping[str, bool] = {
    "am": True, "an": True, "on": True, "bis": True, "by": True, "until": True, "zum": True,
    "zur": True, "fuer": True, "for": True, "ab": True, "from": True, "im": True,
    "spaetestens": True,
}  # fmt: skip
"""Little words before a day (`am 9.12.`, `für den 8.12.`, `zum 15.`), read and dropped."""
_MAX_LEADS = 3
_DATE_LEADS: Mapping[str, bool] = {"den": True, "dem": True, "the": True}
_PART_OF_MONTH: Mapping[str, str] = {
    "anfang": "start", "start": "start", "beginning": "start", "early": "start",
    "mitte": "middle", "mid": "middle", "middle": "middle",
    "ende": "end", "end": "end", "late": "end",
}  # fmt: skip
"""`Anfang/Mitte/Ende März`: the 1st, the 15th, the last day of the month."""
_PART_DAYS: Mapping[str, int] = {"start": 1, "middle": 15}
_MONTH_END_WORDS: Mapping[str, str] = {
    "monatsende": "month", "jahresende": "year", "ultimo": "month",
}  # fmt: skip
_OF_THE: Mapping[str, bool] = {"des": True, "of": True, "the": True}
_MONTH_OR_YEAR: Mapping[str, str] = {
    "monats": "month", "month": "month", "jahres": "year", "year": "year",
}  # fmt: skip
HOLIDAYS: Mapping[str, tuple[int, int]] = {
    "neujahr": (1, 1), "heiligabend": (12, 24), "weihnachten": (12, 25),
    "silvester": (12, 31), "christmas": (12, 25),
}  # fmt: skip
"""Fixed-date holidays people name instead of the date (`bis Heiligabend`)."""
_SPAN_LEADS: Mapping[str, bool] = {
    "im": True, "in": True, "bis": True, "by": True, "until": True, "fuer": True, "for": True,
    "zum": True, "zur": True, "der": True, "den": True, "the": True,
}  # fmt: skip
_SPAN_UNITS: Mapping[str, str] = {
    "woche": "week", "week": "week", "monat": "month", "month": "month",
}  # fmt: skip
_CLOCK_WORDS = frozenset({"halb", "viertel", "dreiviertel", "half", "quarter"})
"""`halb drei`, `Viertel nach zwei`: refused politely with the digits to type instead."""
_CONNECTORS: Mapping[str, bool] = {
    "um": True, "at": True, "ab": True, "von": True, "from": True, "gegen": True,
}  # fmt: skip
_IN: Mapping[str, bool] = {"in": True}
_OF: Mapping[str, bool] = {"of": True}

# --- patterns -----------------------------------------------------------------------------

_I = re.IGNORECASE
_WORD = re.compile(r"[^\W\d_]+")
_DOT = re.compile(r"\.")
_COMMA = re.compile(r",")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?![0-9])")
_ISO_T = re.compile(r"T(?=[0-9])", _I)
_SLASHED = re.compile(r"[0-9]{1,4}/[0-9]{1,2}(?:/[0-9]{1,4})?(?![0-9])")
_DOTTED_DATE = re.compile(r"([0-9]{1,2})\.\s?([0-9]{1,2})\.(?:\s?([0-9]{4})|([0-9]{2}))?(?![0-9])")
_SHORT_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})(?![0-9.:])")
_DAY_NUMBER = re.compile(r"([0-9]{1,2})(?:\.|st|nd|rd|th)?(?![0-9])", _I)
_YEAR = re.compile(r"([0-9]{4})(?![0-9])")
_MONTH_DAY = re.compile(r"([0-9]{1,2})(?:\.|st|nd|rd|th)(?![0-9]|\s*(?:uhr|h)(?![^\W_]))", _I)
_WEEK_NUMBER = re.compile(r"(?:kw|cw|kalenderwoche|week)\s*([0-9]{1,2})(?![0-9])", _I)
_WEEK_YEAR = re.compile(r"\s*(?:/\s*)?([0-9]{4})(?![0-9])")
_COUNT = re.compile(r"([0-9]{1,4})(?![0-9])")
_CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?(?![0-9])")
_DOTTED_CLOCK = re.compile(r"([0-9]{1,2})\.([0-9]{2})(?!\.?[0-9])")
_HOUR = re.compile(r"([0-9]{1,2})(?![0-9])")
_UHR = re.compile(r"\s*(?:uhr|h)(?![^\W_])", _I)
_MERIDIEM = re.compile(r"(\s*)([ap])(\.?\s?m\.?)(?![^\W_])", _I)
_RANGE_SEP = re.compile(r"\s*(?:-|–|—|bis(?![^\W_])|to(?![^\W_])|until(?![^\W_]))", _I)
_TRAILING = re.compile(r"[\s.!]*")
_BARE_DOTTED = re.compile(r"\s*([01]?[0-9]|2[0-3])\.[0-5][0-9](?!\.?[0-9])")
_BARE_AT_END = re.compile(
    r"\s*[0-9]{1,2}(?:[.:][0-9]{2})?(?:\s*(?:-|–|bis|to)\s*[0-9]{1,2}(?:[.:][0-9]{2})?)?[\s.!]*\Z",
    _I,
)
_DOTTED_END = re.compile(r"[0-9]\.\s*\Z")
_REST_LEAD = re.compile(r"[\s,;:–—-]*")


class Cursor:
    """A position in the typed text; a failed parse puts it back where it was."""

    __slots__ = ("pos", "text")

    def __init__(self, text: str, pos: int = 0) -> None:
        self.text = text
        self.pos = pos

    def skip_space(self) -> None:
        """Spaces between the parts of an expression carry no meaning."""
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def match(self, pattern: re.Pattern[str], *, skip: bool = True) -> re.Match[str] | None:
        """`pattern` at the position (after spaces unless `skip` is false); advance on success."""
        start = self.pos
        if skip:
            self.skip_space()
        found = pattern.match(self.text, self.pos)
        if found is None:
            self.pos = start
            return None
        self.pos = found.end()
        return found

    def word(self, vocabulary: Mapping[str, T]) -> T | None:
        """The next whole word if `vocabulary` knows it (folded); advance on success."""
        start = self.pos
        found = self.match(_WORD)
        if found is None:
            return None
        value = vocabulary.get(fold(found.group()))
        if value is None:
            self.pos = start
        return value

    def peek_word(self) -> str:
        """The next word, folded, without moving (empty if none)."""
        start = self.pos
        found = self.match(_WORD)
        self.pos = start
        return fold(found.group()) if found else ""

    def peek_digit(self) -> bool:
        """Whether a number comes next (after spaces)."""
        rest = self.text[self.pos :].lstrip()
        return bool(rest) and rest[0] in "0123456789"

    def since(self, start: int) -> str:
        """What was read from `start` up to here, for messages."""
        return self.text[start : self.pos].strip()


# --- times --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Clock:
    """A time of day as typed, before am/pm and ranges are settled."""

    hour: int
    minute: int
    second: int
    clear: bool  # written so that it cannot be anything else: 10:00, 10 Uhr, 10am
    meridiem: str | None


@dataclass(frozen=True, slots=True)
class TimeRange:
    """A time of day or a range of times, read from text."""

    start: time
    end: time | None


def _english_am_ahead(cur: Cursor, found: re.Match[str]) -> bool:
    """`10 am Freitag` is German ("at 10 on Friday"), `10 am` / `10am` is English."""
    if found.group(1) == "" or found.group(3) != "m":
        return True
    after = Cursor(cur.text, found.end())
    word = after.peek_word()
    german = word in WEEKDAYS or word in _NEXT_WORDS or word in _THIS_WORDS or after.peek_digit()
    return not german


def _clock(cur: Cursor) -> _Clock | None:
    """One time of day, clear (`10:00`, `10 Uhr`, `10am`) or not (`10`, `10.30`)."""
    found = cur.match(_CLOCK)
    if found:
        hour, minute, second = int(found[1]), int(found[2]), int(found[3] or 0)
        clear = True
    else:
        found = cur.match(_DOTTED_CLOCK) or cur.match(_HOUR)
        if found is None:
            return None
        hour, second = int(found[1]), 0
        minute = int(found[2]) if found.re is _DOTTED_CLOCK else 0
        clear = False
    meridiem = None
    if cur.match(_UHR, skip=False):
        clear = True
    else:
        mark = cur.pos
        found_m = cur.match(_MERIDIEM, skip=False)
        if found_m and _english_am_ahead(cur, found_m):
            meridiem = found_m[2].lower()
            clear = True
        else:
            cur.pos = mark
    return _Clock(hour, minute, second, clear, meridiem)


def _to_time(clock: _Clock, meridiem: str | None, source: str, example: str) -> time:
    """The clock as a `time`; impossible values are the user's typo, said so."""
    hour = clock.hour
    if meridiem is not None:
        if not 1 <= hour <= 12:
            raise UsageError("dates.invalid", text=quote(source), example=example)
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23 or clock.minute > 59 or clock.second > 59:
        raise UsageError("dates.invalid", text=quote(source), example=example)
    return time(hour, clock.minute, clock.second)


def _plain_time(clock: _Clock) -> bool:
    """Whether an unclear clock (bare `25`, `99.99`) is at least a possible time of day."""
    return clock.hour <= 23 and clock.minute <= 59


def parse_time_range(cur: Cursor, *, loose: bool, example: str) -> TimeRange | None:
    """A time or a range (`14:00-15:30`, `14 bis 15:30 Uhr`, `2-3 pm`) at the cursor.

    A range's clear end makes its bare start a time too, and lends it its am/pm.
    """
    start = cur.pos
    first = _clock(cur)
    if first is None:
        return None
    second: _Clock | None = None
    before_sep = cur.pos
    if cur.match(_RANGE_SEP):
        second = _clock(cur)
        if second is None or not (first.clear or second.clear or loose):
            second = None
            cur.pos = before_sep
    if second is None and not (first.clear or loose):
        cur.pos = start
        return None
    if not first.clear and second is None and not _plain_time(first):
        cur.pos = start
        return None
    source = cur.since(start)
    if second is None:
        return TimeRange(_to_time(first, first.meridiem, source, example), None)
    end = _to_time(second, second.meridiem, source, example)
    begin = _to_time(first, first.meridiem, source, example)
    if first.meridiem is None and second.meridiem is not None and 1 <= first.hour <= 12:
        lent = _to_time(first, second.meridiem, source, example)
        begin = lent if lent < end else begin
    if end <= begin:
        raise UsageError("dates.end_before_start", text=quote(source), example="14:00-15:30")
    return TimeRange(begin, end)


# --- days ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Day:
    """A day as typed; the typed time may still decide between today and a later day."""

    resolve: Callable[[time | None], date]
    text: str
    lone_abbreviation: bool = False


class _Parser:
    """Reads one date/time expression from the start of a text, relative to `now`."""

    def __init__(self, text: str, now: datetime, tz: ZoneInfo, *, ask_past: bool = False) -> None:
        if now.tzinfo is None:
            raise ValueError("now must be zone-aware")
        self.cur = Cursor(text)
        self.tz = tz
        self.now = now.astimezone(tz)
        self.today = self.now.date()
        self.example = example_for(self.now)
        self.ask_past = ask_past
        self.span_content = 0  # where a span's words begin, after `bis`/`im`: for messages

    # errors

    def invalid(self, source: str) -> UsageError:
        return UsageError("dates.invalid", text=quote(source), example=self.example)

    def implausible(self, source: str) -> UsageError:
        return UsageError("dates.implausible", text=quote(source), example=self.example)

    # day parts

    def ahead(self, day: date, at: time | None) -> bool:
        """Whether `day` (at `at`, if a time was typed) still lies ahead of now."""
        if day != self.today:
            return day > self.today
        return at is None or combine(day, at, self.tz) > self.now

    def explicit_year(self, year: int, source: str) -> int:
        if abs(year - self.today.year) > PLAUSIBLE_YEARS:
            raise self.implausible(source)
        return year

    def day_month(
        self, day: int, month: int, year: int | None, source: str
    ) -> Callable[[time | None], date]:
        """A calendar date; without a year the next one that is still ahead."""
        if year is not None:
            year = self.explicit_year(year, source)
            try:
                fixed = date(year, month, day)
            except ValueError:
                raise self.invalid(source) from None
            return lambda _at: fixed
        if not 1 <= month <= 12 or not 1 <= day <= _longest_month(month):
            raise self.invalid(source)

        return self.next_yearly(lambda year: date(year, month, day), source)

    def next_yearly(
        self, day_in: Callable[[int], date], source: str
    ) -> Callable[[time | None], date]:
        """The next year's day still ahead; asked back if it passed lately and `ask_past`."""

        def next_one(at: time | None) -> date:
            for candidate_year in range(self.today.year, self.today.year + 9):
                try:
                    candidate = day_in(candidate_year)
                except ValueError:
                    continue  # 29 February outside leap years
                if self.ahead(candidate, at):
                    self.check_recent(candidate, candidate_year, day_in, source)
                    return candidate
            raise self.invalid(source)  # not reached: every day-month exists within 8 years

        return next_one

    def check_recent(
        self, found: date, year: int, day_in: Callable[[int], date], source: str
    ) -> None:
        """Where only the future makes sense, a day that passed lately is a question."""
        if not self.ask_past or year == self.today.year:
            return
        with contextlib.suppress(ValueError):
            passed = day_in(self.today.year)
            if (self.today - passed).days < RECENT_DAYS:
                typed = source.strip()
                joint = "" if _DOTTED_END.search(typed) else " "
                raise UsageError(
                    "dates.past_ask", text=quote(typed), suggestion=f"{typed}{joint}{found.year}"
                )

    def calendar_date(self) -> tuple[Callable[[time | None], date], str] | None:
        """`12.12.`, `12.12.2026`, `12.12.26`, ISO, `12. Dezember 2026`, `December 12th`."""
        cur = self.cur
        start = cur.pos
        if found := cur.match(_ISO):
            year, month, day = int(found[1]), int(found[2]), int(found[3])
            return self.day_month(day, month, year, found.group()), found.group()
        if found := cur.match(_SLASHED):
            raise UsageError("dates.ambiguous", text=quote(found.group()), example=self.example)
        if found := cur.match(_DOTTED_DATE):
            year = int(found[3]) if found[3] else (2000 + int(found[4]) if found[4] else None)
            source = found.group()
            return self.day_month(int(found[1]), int(found[2]), year, source), source
        if found := cur.match(_SHORT_DATE):
            day, month = int(found[1]), int(found[2])
            after = Cursor(cur.text, cur.pos)
            clock_like = after.match(_UHR, skip=False) or after.match(_MERIDIEM, skip=False)
            if 1 <= day <= 31 and 1 <= month <= 12 and not clock_like:
                return self.day_month(day, month, None, found.group()), found.group()
            cur.pos = start
        if found := cur.match(_DAY_NUMBER):  # 12. Dezember 2026, 12th of December
            cur.word(_OF)
            month = cur.word(MONTHS)
            if month is not None:
                cur.match(_DOT, skip=False)
                day = int(found[1])
                year_found = cur.match(_YEAR)
                year = int(year_found[1]) if year_found else None
                source = cur.since(start)
                return self.day_month(day, month, year, source), source
            cur.pos = start
        month = cur.word(MONTHS)  # December 12th, 2026
        if month is not None:
            cur.match(_DOT, skip=False)
            found = cur.match(_DAY_NUMBER)
            if found is not None:
                cur.match(_COMMA)
                year_found = cur.match(_YEAR)
                year = int(year_found[1]) if year_found else None
                source = cur.since(start)
                return self.day_month(int(found[1]), month, year, source), source
            cur.pos = start
        return None

    def weekday(self) -> tuple[int, bool] | None:
        """A weekday name; the flag says it was a two-letter abbreviation without a dot."""
        cur = self.cur
        start = cur.pos
        weekday = cur.word(WEEKDAYS)
        if weekday is None:
            return None
        typed = cur.since(start)
        dotted = cur.match(_DOT, skip=False) is not None
        return weekday, len(typed) <= 2 and not dotted

    def day_part(self) -> _Day | None:
        """Any way of naming a day, or None (cursor unmoved)."""
        cur = self.cur
        start = cur.pos
        led = False
        for _ in range(_MAX_LEADS):  # `bis spätestens zum 15.`
            led = cur.word(_DAY_LEADS) is not None or led
        led = cur.word(_DATE_LEADS) is not None or led
        day = self._day_part(start, led)
        if day is None:
            cur.pos = start
        return day

    def _day_part(self, start: int, led: bool) -> _Day | None:
        cur = self.cur
        mark = cur.pos
        found = self.calendar_date() or self.named_day()
        if found is not None:
            return _Day(found[0], cur.since(start))
        if led and (month_day := cur.match(_MONTH_DAY)):
            word = cur.peek_word()
            if not word or word in _CONNECTORS:  # `zum 3. Quartal` is no day
                source = cur.since(start)
                return _Day(self._next_month_day(int(month_day[1]), source), source)
            cur.pos = mark
        offset = cur.word(_RELATIVE_DAYS)
        if offset is not None:
            return _Day(lambda _at: self.today + timedelta(days=offset), cur.since(start))
        if self._day_after_tomorrow():
            return _Day(lambda _at: self.today + timedelta(days=2), cur.since(start))
        if cur.word(_IN):
            if day := self._in_count(start):
                return day
            cur.pos = mark
        if cur.word(_NEXT_WEEK_WORDS) and cur.word(_WEEK_WORDS):
            cur.match(_COMMA)
            found_wd = self.weekday()
            if found_wd is not None:
                return _Day(self._in_next_week(found_wd[0]), cur.since(start))
        cur.pos = mark
        ahead = cur.word(_NEXT_WORDS) or 0
        this = not ahead and cur.word(_THIS_WORDS) is not None
        found_wd = self.weekday()
        if found_wd is None:
            cur.pos = mark
            return None
        weekday, short = found_wd
        lone = short and not ahead and not this and mark == start
        after_weekday = cur.pos
        if not ahead and self._next_week_follows():
            return _Day(self._in_next_week(weekday), cur.since(start))
        cur.match(_COMMA)
        cur.word(_DATE_LEADS)
        dated = self.calendar_date()
        if dated is not None:
            return _Day(self._checked(dated, weekday, cur.since(start)), cur.since(start))
        cur.pos = after_weekday
        if not ahead and not this and (weeks := self._weeks_follow()) is not None:
            return _Day(self._in_week(weekday, weeks), cur.since(start))
        return _Day(self._weekday_from(weekday, ahead), cur.since(start), lone)

    def named_day(self) -> tuple[Callable[[time | None], date], str] | None:
        """`Ende März`, `Mitte Februar 2027`, `Monatsende`, `end of year`, `Heiligabend`."""
        cur = self.cur
        start = cur.pos
        holiday = cur.word(HOLIDAYS)
        if holiday is not None:
            month, day = holiday
            return self.next_yearly(lambda y: date(y, month, day), cur.since(start)), cur.since(
                start
            )
        whole = cur.word(_MONTH_END_WORDS)
        part = None if whole else cur.word(_PART_OF_MONTH)
        if part == "end" and whole is None:
            mark = cur.pos
            cur.word(_OF_THE)
            cur.word(_OF_THE)
            whole = cur.word(_MONTH_OR_YEAR)
            if whole is None:
                cur.pos = mark
        if whole is not None:
            return self._end_of(whole), cur.since(start)
        if part is None:
            cur.pos = start
            return None
        cur.word(_OF_THE)
        month = cur.word(MONTHS)
        if month is None:
            cur.pos = start
            return None
        year_found = cur.match(_YEAR)
        source = cur.since(start)

        def day_in(year: int) -> date:
            return date(year, month, _PART_DAYS.get(part, _month_end(year, month).day))

        if year_found is not None:
            fixed = day_in(self.explicit_year(int(year_found[1]), source))
            return (lambda _at: fixed), source
        return self.next_yearly(day_in, source), source

    def _end_of(self, unit: str) -> Callable[[time | None], date]:
        """The last day of the current month or year."""
        year, month = self.today.year, self.today.month
        if unit == "year":
            return lambda _at: date(year, 12, 31)
        return lambda _at: _month_end(year, month)

    def _next_month_day(self, day: int, source: str) -> Callable[[time | None], date]:
        """`zum 15.`: the next 15th of a month (today counts), skipping months too short."""
        if not 1 <= day <= 31:
            raise self.invalid(source)

        def resolve(at: time | None) -> date:
            first = self.today.replace(day=1)
            for months in range(13):
                month_start = first + relativedelta(months=months)
                if day > calendar.monthrange(month_start.year, month_start.month)[1]:
                    continue
                candidate = month_start.replace(day=day)
                if self.ahead(candidate, at):
                    return candidate
            raise self.invalid(source)  # not reached: every day exists within a year

        return resolve

    def _weeks_follow(self) -> int | None:
        """`Freitag in zwei Wochen`: how many weeks ahead, or None (cursor unmoved)."""
        cur = self.cur
        mark = cur.pos
        if cur.word(_IN):
            found = cur.match(_COUNT)
            count = int(found[1]) if found else cur.word(NUMBER_WORDS)
            if count is not None and cur.word(_UNITS) == "weeks" and count <= 52 * PLAUSIBLE_YEARS:
                return count
        cur.pos = mark
        return None

    def _in_week(self, weekday: int, weeks: int) -> Callable[[time | None], date]:
        """The weekday in the calendar week `weeks` weeks after the current one."""
        monday = self.today - timedelta(days=self.today.weekday()) + timedelta(weeks=weeks)
        return lambda _at: monday + timedelta(days=weekday)

    def span(self) -> Span | None:
        """`nächste Woche`, `diese Woche`, `KW 7`, `KW 7/2027`, `im Januar`, `nächsten Monat`."""
        cur = self.cur
        start = cur.pos
        cur.word(_SPAN_LEADS)
        cur.word(_SPAN_LEADS)
        mark = self.span_content = cur.pos
        ahead = cur.word(_NEXT_WORDS)
        this = ahead is None and cur.word(_THIS_WORDS) is not None
        if ahead is not None or this:
            unit = cur.word(_SPAN_UNITS)
            if unit == "week":
                monday = self.today - timedelta(days=self.today.weekday())
                monday += timedelta(weeks=ahead or 0)
                return Span(monday, monday + timedelta(days=6), is_week=True)
            if unit == "month":
                first = self.today.replace(day=1) + relativedelta(months=ahead or 0)
                return Span(first, _month_end(first.year, first.month), is_week=False)
            cur.pos = mark
        if found := cur.match(_WEEK_NUMBER):
            return self._calendar_week(int(found[1]), cur.match(_WEEK_YEAR), cur.since(start))
        month = cur.word(MONTHS)
        if month is not None:
            cur.match(_DOT, skip=False)
            year_found = cur.match(_YEAR)
            if year_found is not None:
                year = self.explicit_year(int(year_found[1]), cur.since(start))
            else:
                year = self.today.year + (month < self.today.month)
            first = date(year, month, 1)
            return Span(first, _month_end(year, month), is_week=False)
        cur.pos = start
        return None

    def _calendar_week(self, week: int, year_found: re.Match[str] | None, source: str) -> Span:
        """ISO week `week`; without a year the next such week that is not over."""
        years = [int(year_found[1])] if year_found else [self.today.year, self.today.year + 1]
        for year in years:
            self.explicit_year(year, source)
            try:
                monday = date.fromisocalendar(year, week, 1)
            except ValueError:
                raise self.invalid(source) from None
            if year_found or monday + timedelta(days=6) >= self.today:
                return Span(monday, monday + timedelta(days=6), is_week=True)
        raise self.invalid(source)  # not reached: next year has the week if this year has it

    def _day_after_tomorrow(self) -> bool:
        """English `day after tomorrow` (with or without `the`)."""
        cur = self.cur
        mark = cur.pos
        cur.word({"the": True})
        if cur.word({"day": True}) and cur.word({"after": True}) and cur.word({"tomorrow": True}):
            return True
        cur.pos = mark
        return False

    def _next_week_follows(self) -> bool:
        """`Montag nächste Woche` / `monday next week`."""
        cur = self.cur
        mark = cur.pos
        if cur.word(_NEXT_WEEK_WORDS) and cur.word(_WEEK_WORDS):
            return True
        cur.pos = mark
        return False

    def _in_count(self, start: int) -> _Day | None:
        """`in 2 Wochen`, `in einer Woche`, `in 3 days` (after the word `in`)."""
        cur = self.cur
        found = cur.match(_COUNT)
        count = int(found[1]) if found else cur.word(NUMBER_WORDS)
        if count is None:
            return None
        unit = cur.word(_UNITS)
        if unit is None:
            return None
        source = cur.since(start)

        def shifted(_at: time | None) -> date:
            try:
                return self.today + relativedelta(**{unit: count})
            except (ValueError, OverflowError):
                raise self.implausible(source) from None

        return _Day(shifted, source)

    def _in_next_week(self, weekday: int) -> Callable[[time | None], date]:
        monday = self.today - timedelta(days=self.today.weekday()) + timedelta(days=7)
        return lambda _at: monday + timedelta(days=weekday)

    def _weekday_from(self, weekday: int, ahead: int) -> Callable[[time | None], date]:
        def resolve(at: time | None) -> date:
            delta = (weekday - self.today.weekday()) % 7
            if ahead:
                return self.today + timedelta(days=(delta or 7) + 7 * (ahead - 1))
            day = self.today + timedelta(days=delta)
            return day if self.ahead(day, at) else day + timedelta(days=7)

        return resolve

    def _checked(
        self, dated: tuple[Callable[[time | None], date], str], weekday: int, source: str
    ) -> Callable[[time | None], date]:
        """`Fr., 12.12.`: the named weekday must be the date's."""
        resolve_date = dated[0]

        def resolve(at: time | None) -> date:
            day = resolve_date(at)
            if day.weekday() != weekday:
                raise UsageError(
                    "dates.weekday_mismatch", text=quote(source), example=typed_date(day)
                )
            return day

        return resolve

    # whole expression

    def time_part(self, *, after_day: bool) -> TimeRange | None:
        """An optional `,` / `um` / `T` and a time or range; cursor unmoved if none."""
        cur = self.cur
        mark = cur.pos
        if after_day and cur.match(_ISO_T, skip=False):
            return parse_time_range(cur, loose=False, example=self.example) or self._back(mark)
        cur.match(_COMMA)
        loose = cur.word(_CONNECTORS) is not None
        if cur.peek_word() in _CLOCK_WORDS:
            typed = " ".join(cur.text[cur.pos :].split()[:3])
            raise UsageError("dates.clock_words", text=quote(typed), example=_in_digits(typed))
        if not loose and after_day:
            # "12.12. 10.30" and a bare "morgen 10" at the very end can only mean a time.
            found = _BARE_DOTTED.match(cur.text, cur.pos) or _BARE_AT_END.match(cur.text, cur.pos)
            loose = found is not None
        times = parse_time_range(cur, loose=loose, example=self.example)
        return times if times is not None else self._back(mark)

    def _back(self, mark: int) -> None:
        self.cur.pos = mark
        return None

    def expression(self, default_time: time | None) -> tuple[When, bool] | None:
        """The longest expression at the start; the flag marks a lone `Do`-style weekday."""
        day = self.day_part()
        times: TimeRange | None
        if day is not None:
            times = self.time_part(after_day=True)
        else:
            times = self.time_part(after_day=False)
            if times is None:
                return None
            mark = self.cur.pos
            self.cur.match(_COMMA)
            day = self.day_part()
            if day is None:
                self.cur.pos = mark
        source = self.cur.text[: self.cur.pos]
        at = times.start if times else None
        if day is not None:
            resolved = day.resolve(at)
        elif self.ahead(self.today, at):
            resolved = self.today
        else:
            resolved = self.today + timedelta(days=1)
        if abs(resolved.year - self.today.year) > PLAUSIBLE_YEARS:
            raise self.implausible(source)
        try:
            start = combine(resolved, at or default_time or time(0), self.tz)
            end = combine(resolved, times.end, self.tz) if times and times.end else None
        except (ValueError, OverflowError):
            raise self.implausible(source) from None
        lone = day is not None and day.lone_abbreviation and times is None
        return When(start, times is not None, end), lone


_SPOKEN_CLOCK: Mapping[str, tuple[int, int]] = {
    "halb": (-1, 30), "half": (-1, 30), "viertel nach": (0, 15), "viertel vor": (-1, 45),
    "dreiviertel": (-1, 45), "quarter past": (0, 15), "quarter to": (-1, 45),
}  # fmt: skip


def _in_digits(typed: str) -> str:
    """`halb drei` → `14:30`: the clock a meeting means (afternoon for 1 to 7), or `14:30`."""
    words = fold(typed).split()
    for size in (2, 1):
        shift = _SPOKEN_CLOCK.get(" ".join(words[:size]))
        hour = NUMBER_WORDS.get(words[size]) if shift and len(words) > size else None
        if shift and hour is not None:
            hour = (hour + shift[0]) % 12 or 12
            return f"{hour + 12 if hour < 8 else hour}:{shift[1]:02d}"
    return "14:30"


def combine(day: date, at: time, tz: ZoneInfo) -> datetime:
    """Wall-clock `at` on `day` in `tz`; a time in the DST gap moves to the real instant."""
    return datetime.combine(day, at).replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


def example_for(now: datetime, *, with_time: bool = True) -> str:
    """A working example a week from now, typed the German way everyone here can read."""
    typed = typed_date(now.date() + timedelta(days=7))
    return f"{typed} 10:00" if with_time else typed


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _longest_month(month: int) -> int:
    return (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]


def _leading(
    text: str, now: datetime, tz: ZoneInfo, default_time: time | None, *, ask_past: bool = False
) -> tuple[When, bool, int]:
    parser = _Parser(text, now, tz, ask_past=ask_past)
    found = parser.expression(default_time)
    if found is None:
        raise unparseable(text, now)
    when, lone = found
    return when, lone, parser.cur.pos


def unparseable(text: str, now: datetime) -> UsageError:
    """The error for text that holds no date at all."""
    if not text.strip():
        return UsageError("dates.missing", example=example_for(now))
    return UsageError("dates.unparseable", text=quote(text), example=example_for(now))


def parse_when(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    default_time: time | None = None,
    ask_past: bool = False,
) -> When:
    """The whole `text` must be a date/time expression, so nothing typed is silently dropped.

    `ask_past` is for what can only lie ahead (a new meet-up): a day without a year that
    passed lately is asked back (`dates.past_ask`) instead of moved to next year.
    """
    when, _lone, end = _leading(text, now, tz, default_time, ask_past=ask_past)
    if _TRAILING.fullmatch(text, end) is None:
        raise unparseable(text, now)
    return when


def split_when(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    default_time: time | None = None,
    ask_past: bool = False,
) -> tuple[When, str]:
    """The longest leading date/time expression and the rest, for `<when> <title>` commands."""
    when, lone, end = _leading(text, now, tz, default_time, ask_past=ask_past)
    return when, _rest(text, end, lone, now)


def _rest(text: str, end: int, lone: bool, now: datetime) -> str:
    """What follows the date; a lone `Do` before words is a title, not a day."""
    rest_start = _REST_LEAD.match(text, end)
    rest = text[rest_start.end() if rest_start else end :].strip()
    if lone and rest and not text[end:].lstrip().startswith(","):
        raise unparseable(text, now)
    return rest


def parse_date(text: str, *, now: datetime, tz: ZoneInfo) -> date:
    """A day without a time (which meet-up); a typed time would be silently lost, so refuse it."""
    day, rest = split_day(text, now=now, tz=tz)
    if rest.strip(" .!"):
        raise unparseable(text, now)
    return day


def split_day(text: str, *, now: datetime, tz: ZoneInfo) -> tuple[date, str]:
    """A leading day without a time and the rest (`12.1. – bin im Urlaub`)."""
    when, lone, end = _leading(text, now, tz, None)
    rest = _rest(text, end, lone, now)
    if when.has_time:
        typed = text[:end].strip()
        raise UsageError(
            "dates.date_only", text=quote(typed), example=example_for(now, with_time=False)
        )
    return when.start.date(), rest


def parse_span(text: str, *, now: datetime, tz: ZoneInfo) -> Span | None:
    """The span the whole `text` names (`nächste Woche`, `im Januar`), or None."""
    parser = _Parser(text, now, tz)
    found = parser.span()
    if found is None or _TRAILING.fullmatch(text, parser.cur.pos) is None:
        return None
    return found


def split_deadline(text: str, *, now: datetime, tz: ZoneInfo) -> tuple[date, str]:
    """A due date at the start of `text` (`bis Mitte Februar`, `zum 15.`, `KW 7`) and the rest.

    A week (`nächste Woche`, `KW 7`) means its Friday (its Sunday once that Friday is past);
    a whole month is asked back, since its start and its end are both meant by someone; a
    day without a year that passed lately is asked back rather than moved to next year.
    """
    day_parser = _Parser(text, now, tz, ask_past=True)
    span_parser = _Parser(text, now, tz)
    span = span_parser.span()
    try:
        found = day_parser.expression(None)
    except UsageError:
        if span is None:
            raise
        found = None
    if span is not None and (found is None or span_parser.cur.pos > day_parser.cur.pos):
        end = span_parser.cur.pos
        rest = _rest(text, end, False, now)
        if not span.is_week:
            raise UsageError(
                "dates.deadline_month",
                text=quote(text[span_parser.span_content : end]),
                first=typed_date(span.first),
                last=typed_date(span.last),
            )
        friday = span.first + timedelta(days=4)
        return (friday if friday >= span_parser.today else span.last), rest
    if found is None:
        raise unparseable(text, now)
    when, lone = found
    end = day_parser.cur.pos
    rest = _rest(text, end, lone, now)
    if when.has_time:
        raise UsageError(
            "dates.date_only",
            text=quote(text[:end].strip()),
            example=example_for(now, with_time=False),
        )
    return when.start.date(), rest


def parse_deadline(text: str, *, now: datetime, tz: ZoneInfo) -> date:
    """A due date filling the whole `text`; see `split_deadline`."""
    day, rest = split_deadline(text, now=now, tz=tz)
    if rest:
        raise unparseable(text, now)
    return day


def typed_date(day: date) -> str:
    """`25.12.2026`: a day the way people type it and this module reads it, for examples."""
    return f"{day.day}.{day.month}.{day.year}"
