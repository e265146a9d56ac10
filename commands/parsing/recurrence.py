"""Meet-up series as people say them (`jeden 2. Dienstag 10-11:30`) and their occurrences.

A series is stored as an RFC 5545 RRULE body plus a wall-clock start time and a duration; its
instants are computed on naive local times and only then placed in the network's zone, so a
10:00 meet-up stays at 10:00 in summer and winter.

Reading choices: `jeden zweiten Dienstag` / `every second tuesday` means the 2nd Tuesday of
each month (as `jeden 2. Dienstag`), `every other tuesday` and `alle 2 Wochen` mean every
second week. A 5th weekday or a day 29–31 is kept as typed: months without it are skipped
(that is how RRULE counts), and `describe_series` says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import get_day_names
from dateutil.rrule import rrulestr

from commands.catalogue import language_or_default, t
from commands.errors import UsageError
from commands.parsing.dates import (
    NUMBER_WORDS,
    WEEKDAYS,
    Cursor,
    TimeRange,
    combine,
    parse_time_range,
)
from commands.parsing.text import quote
from commands.timefmt import format_clock_range
from storage.records import SeriesRecord

Span = tuple[datetime, datetime]

DEFAULT_DURATION = timedelta(minutes=60)
"""A series typed with a start time only lasts an hour."""

CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_LOCALES = {"de": "de_DE", "en": "en_GB"}
_EXAMPLE_TIME = "10:00-11:30"
_MAX_WEEKS = 52


@dataclass(frozen=True, slots=True)
class SeriesSpec:
    """A parsed series phrase: what the scheduler stores, plus the text that followed it."""

    rrule: str
    start: time
    duration: timedelta
    rest: str


_EVERY: Mapping[str, bool] = {
    "jeden": True, "jede": True, "jeder": True, "jedes": True, "every": True, "each": True,
}  # fmt: skip
_ORDINALS: Mapping[str, int] = {
    "ersten": 1, "erste": 1, "erster": 1, "zweiten": 2, "zweite": 2, "zweiter": 2,
    "dritten": 3, "dritte": 3, "dritter": 3, "vierten": 4, "vierte": 4, "vierter": 4,
    "fuenften": 5, "fuenfte": 5, "fuenfter": 5, "letzten": -1, "letzte": -1, "letzter": -1,
    "vorletzten": -2, "vorletzte": -2, "vorletzter": -2,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1,
}  # fmt: skip
_PLURAL_WEEKDAYS: Mapping[str, int] = {
    "montags": 0, "dienstags": 1, "mittwochs": 2, "donnerstags": 3, "freitags": 4,
    "samstags": 5, "sonnabends": 5, "sonntags": 6,
    "mondays": 0, "tuesdays": 1, "wednesdays": 2, "thursdays": 3, "fridays": 4,
    "saturdays": 5, "sundays": 6,
}  # fmt: skip
_ANY_WEEKDAY: Mapping[str, int] = {**WEEKDAYS, **_PLURAL_WEEKDAYS}
_WEEKLY: Mapping[str, int] = {"woechentlich": 1, "weekly": 1}
_FORTNIGHTLY: Mapping[str, int] = {
    "zweiwoechentlich": 2, "vierzehntaegig": 2, "vierzehntaeglich": 2,
    "biweekly": 2, "fortnightly": 2,
}  # fmt: skip
_MONTHLY: Mapping[str, bool] = {"monatlich": True, "monthly": True}
_MONTH: Mapping[str, bool] = {"monat": True, "month": True}
_MONTH_OF: Mapping[str, bool] = {"monats": True, "month": True, "monat": True}
_WEEK: Mapping[str, bool] = {"woche": True, "week": True}
_WEEKS: Mapping[str, bool] = {"wochen": True, "weeks": True}
_ALL: Mapping[str, bool] = {"alle": True}
_OTHER: Mapping[str, bool] = {"other": True}
_ON: Mapping[str, bool] = {"am": True, "on": True, "the": True, "immer": True}
_IN_OF: Mapping[str, bool] = {"im": True, "in": True, "of": True, "des": True, "jeden": True}
_THE_EACH: Mapping[str, bool] = {"the": True, "each": True, "every": True, "a": True}
_CONNECTORS: Mapping[str, bool] = {"um": True, "at": True, "von": True, "from": True, "ab": True}

_ORDINAL_NUMBER = re.compile(r"([0-9]{1,2})(?:\.|st|nd|rd|th)(?![0-9])", re.IGNORECASE)
_DAY_NUMBER = re.compile(r"([0-9]{1,2})(?:\.|st|nd|rd|th)?(?![0-9:])", re.IGNORECASE)
_COUNT = re.compile(r"([0-9]{1,2})(?![0-9])")
_FOURTEEN_DAYS = re.compile(r"14\s?-?\s?t(?:ä|ae)gig|14\s?-?\s?t(?:ä|ae)glich", re.IGNORECASE)
_COMMA = re.compile(r",")
_REST_LEAD = re.compile(r"[\s,;:–—-]*")


class _Phrase:
    """Reads the repetition phrase at the start of a series text."""

    def __init__(self, text: str) -> None:
        self.cur = Cursor(text)
        self.text = text

    def unknown(self) -> UsageError:
        return UsageError("series.unknown", text=quote(self.text), example=_EXAMPLE_TIME)

    def attempt(self) -> str | None:
        """The RRULE of the phrase, or None; the cursor ends after the phrase."""
        for reader in (self.monthly, self.every, self.weekly, self.every_n_weeks):
            self.cur.pos = 0
            rule = reader()
            if rule is not None:
                return rule
        return None

    # pieces

    def weekday(self) -> int | None:
        """`Dienstag`, `Di.`, `dienstags`, `tuesdays`."""
        found = self.cur.word(_ANY_WEEKDAY)
        if found is not None:
            self.cur.match(re.compile(r"\."), skip=False)
        return found

    def ordinal(self) -> int | None:
        """`2.`, `2nd`, `zweiten`, `letzten` (1–5 or -1/-2)."""
        mark = self.cur.pos
        found = self.cur.match(_ORDINAL_NUMBER)
        if found is not None:
            if 1 <= int(found[1]) <= 5:
                return int(found[1])
            self.cur.pos = mark
            return None
        return self.cur.word(_ORDINALS)

    def month_tail(self) -> None:
        """Optional `im Monat`, `des Monats`, `jeden Monats`, `of the month`, `of each month`."""
        mark = self.cur.pos
        if self.cur.word(_IN_OF):
            self.cur.word(_THE_EACH)
            if self.cur.word(_MONTH_OF):
                return
        self.cur.pos = mark

    def nth_weekday(self) -> str | None:
        """`2. Dienstag [im Monat]`."""
        mark = self.cur.pos
        nth = self.ordinal()
        if nth is not None:
            weekday = self.weekday()
            if weekday is not None:
                self.month_tail()
                return f"FREQ=MONTHLY;BYDAY={nth:+d}{CODES[weekday]}"
        self.cur.pos = mark
        return None

    def month_day(self, *, marked: bool = False) -> str | None:
        """`15.`, `15th`, `the 15th [of each month]`; `marked` wants the dot (`jeden 15.`)."""
        mark = self.cur.pos
        self.cur.word({"the": True})
        found = self.cur.match(_ORDINAL_NUMBER if marked else _DAY_NUMBER)
        if found is None:
            self.cur.pos = mark
            return None
        day = int(found[1])
        if not 1 <= day <= 31 or self.cur.peek_word() in _ANY_WEEKDAY:
            raise self.unknown()  # "6. Dienstag" is no month day, and no Tuesday has a 6th
        self.month_tail()
        return f"FREQ=MONTHLY;BYMONTHDAY={day}"

    def weekly_rule(self, weekday: int, interval: int) -> str:
        if not 1 <= interval <= _MAX_WEEKS:
            raise self.unknown()
        if interval == 1:
            return f"FREQ=WEEKLY;BYDAY={CODES[weekday]}"
        return f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={CODES[weekday]}"

    def on_weekday(self) -> int | None:
        """`am Donnerstag`, `on thursday`, `donnerstags`."""
        mark = self.cur.pos
        self.cur.word(_ON)
        weekday = self.weekday()
        if weekday is None:
            self.cur.pos = mark
        return weekday

    # phrases

    def monthly(self) -> str | None:
        """`monatlich am 15.`, `jeden Monat am 2. Dienstag`, `monthly on the 15th`."""
        cur = self.cur
        if cur.word(_MONTHLY) is None and not (cur.word(_EVERY) and cur.word(_MONTH)):
            return None
        while cur.word(_ON):
            pass  # "on the"
        return self.nth_weekday() or self.month_day()

    def every(self) -> str | None:
        """`jeden 2. Dienstag`, `jeden letzten Freitag`, `jeden Montag`, `jeden 15.`."""
        cur = self.cur
        if cur.word(_EVERY) is None:
            return None
        if cur.word(_OTHER):  # every other tuesday / every other week on tuesday
            cur.word(_WEEK)
            weekday = self.on_weekday()
            return None if weekday is None else self.weekly_rule(weekday, 2)
        mark = cur.pos
        if self.ordinal() == 2 and cur.word(_WEEK):  # jede zweite Woche am Donnerstag
            weekday = self.on_weekday()
            return None if weekday is None else self.weekly_rule(weekday, 2)
        cur.pos = mark
        if rule := self.nth_weekday():
            return rule
        weekday = self.weekday()
        if weekday is not None:
            return self.weekly_rule(weekday, 1)
        found = cur.match(_COUNT)  # every 2 weeks on thursday
        if found is not None:
            if cur.word(_WEEKS):
                weekday = self.on_weekday()
                return None if weekday is None else self.weekly_rule(weekday, int(found[1]))
            cur.pos = mark
        return self.month_day(marked=True)

    def weekly(self) -> str | None:
        """`wöchentlich montags`, `weekly on monday`, `14-tägig donnerstags`, `montags`."""
        cur = self.cur
        interval = cur.word(_WEEKLY) or cur.word(_FORTNIGHTLY)
        if interval is None and cur.match(_FOURTEEN_DAYS):
            interval = 2
        if interval is None:
            cur.word({"immer": True})
            weekday = cur.word(_PLURAL_WEEKDAYS)
            return None if weekday is None else self.weekly_rule(weekday, 1)
        weekday = self.on_weekday()
        return None if weekday is None else self.weekly_rule(weekday, interval)

    def every_n_weeks(self) -> str | None:
        """`alle 2 Wochen donnerstags`, `alle zwei Wochen am Donnerstag`."""
        cur = self.cur
        if cur.word(_ALL) is None:
            return None
        found = cur.match(_COUNT)
        count = int(found[1]) if found else cur.word(NUMBER_WORDS)
        if count is None or cur.word(_WEEKS) is None:
            return None
        weekday = self.on_weekday()
        return None if weekday is None else self.weekly_rule(weekday, count)


def parse_series(text: str) -> SeriesSpec:
    """A repetition phrase, then a time or range, then anything (place, link) as `rest`."""
    phrase = _Phrase(text)
    rule = phrase.attempt()
    if rule is None:
        raise phrase.unknown()
    cur = phrase.cur
    typed = text[: cur.pos].strip()
    cur.match(_COMMA)
    loose = cur.word(_CONNECTORS) is not None
    times: TimeRange | None = parse_time_range(cur, loose=loose, example=_EXAMPLE_TIME)
    if times is None:
        raise UsageError("series.no_time", text=quote(typed), example=f"{typed} {_EXAMPLE_TIME}")
    if times.end is None:
        duration = DEFAULT_DURATION
    else:
        duration = datetime.combine(date.min, times.end) - datetime.combine(date.min, times.start)
    rest_lead = _REST_LEAD.match(text, cur.pos)
    rest = text[rest_lead.end() if rest_lead else cur.pos :].strip()
    return SeriesSpec(rule, times.start, duration, rest)


# --- describing ---------------------------------------------------------------------------


def _rule_parts(rrule: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for part in rrule.upper().split(";"):
        key, _, value = part.partition("=")
        parts[key.strip()] = value.strip()
    return parts


def _english_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _phrase(rrule: str, language: str) -> str:
    """The repetition in words, or the raw rule for shapes `parse_series` never makes."""
    parts = _rule_parts(rrule)
    names = get_day_names("wide", locale=_LOCALES[language])
    freq, byday = parts.pop("FREQ", ""), parts.pop("BYDAY", "")
    parts.pop("WKST", None)
    interval = parts.pop("INTERVAL", "1")
    found = re.fullmatch(r"([+-]?[0-9])?(MO|TU|WE|TH|FR|SA|SU)", byday)
    weekday = names[CODES.index(found[2])] if found else ""
    nth = int(found[1]) if found and found[1] else None
    if freq == "WEEKLY" and found and nth is None and not parts and interval.isdigit():
        if int(interval) == 1:
            return t(language, "series.weekly", weekday=weekday)
        return t(language, "series.every_n_weeks", n=int(interval), weekday=weekday)
    if freq == "MONTHLY" and interval == "1" and found and nth is not None and not parts:
        if nth == -1:
            return t(language, "series.last_weekday", weekday=weekday)
        if nth == -2:
            return t(language, "series.second_last_weekday", weekday=weekday)
        if 1 <= nth <= 5:
            ordinal = str(nth) if language == "de" else _english_ordinal(nth)
            text = t(language, "series.nth_weekday", nth=ordinal, weekday=weekday)
            return text if nth < 5 else f"{text} {t(language, 'series.skips_months')}"
    monthday = parts.pop("BYMONTHDAY", "")
    if freq == "MONTHLY" and interval == "1" and not byday and not parts and monthday.isdigit():
        day = int(monthday)
        if 1 <= day <= 31:
            shown = str(day) if language == "de" else _english_ordinal(day)
            text = t(language, "series.monthday", day=shown)
            return text if day <= 28 else f"{text} {t(language, 'series.skips_months')}"
    return t(language, "series.raw", rrule=rrule)


def describe_series(rrule: str, start: time, duration: timedelta, language: str) -> str:
    """The series as a person would say it, e.g. `jeden 2. Dienstag im Monat, 10:00–11:30 Uhr`."""
    language = language_or_default(language)
    end = (datetime.combine(date.min, start) + duration).time() if duration else None
    return f"{_phrase(rrule, language)}, {format_clock_range(start, end, language)}"


# --- occurrences --------------------------------------------------------------------------


def occurrences(
    rrule: str, start: time, tz: ZoneInfo, *, first_day: date, after: datetime, until: datetime
) -> list[datetime]:
    """Start instants of the series in (after, until], each at `start` wall-clock time in `tz`.

    The rule runs on naive local times from DTSTART `first_day` and each result is placed in
    `tz` afterwards, so DST never shifts a meet-up; months lacking a 5th weekday or a 31st are
    skipped by dateutil, as RFC 5545 says.
    """
    rule = rrulestr(rrule, dtstart=datetime.combine(first_day, start))
    slack = timedelta(days=2)  # naive bounds are wall-clock; the exact cut is made on instants
    low = after.astimezone(tz).replace(tzinfo=None) - slack
    high = until.astimezone(tz).replace(tzinfo=None) + slack
    found = (combine(naive.date(), naive.time(), tz) for naive in rule.between(low, high, inc=True))
    return [instant for instant in found if after < instant <= until]


def series_spans(series: SeriesRecord, *, after: datetime, until: datetime) -> list[Span]:
    """(start, end) in UTC of the stored series' meet-ups in (after, until], none from its
    end day on: what `!treffen serie` stores at once and the scheduler stores later."""
    tz = ZoneInfo(series.timezone)
    starts = occurrences(
        series.rrule, series.start_time, tz, first_day=series.first_day, after=after, until=until
    )
    if series.ended_on is not None:
        starts = [s for s in starts if s.astimezone(tz).date() < series.ended_on]
    duration = timedelta(minutes=series.duration_minutes)
    return [(s.astimezone(UTC), (s + duration).astimezone(UTC)) for s in starts]
