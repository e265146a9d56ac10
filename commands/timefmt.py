"""Dates and times shown the way readers expect them: `Di., 9. Dez. 2025, 10:00 Uhr`.

Babel supplies the localized weekday and month abbreviations (CLDR); the patterns are fixed
here so the output does not change with Babel's default formats. Instants are shown in the
network's zone, so a 10:00 meet-up reads 10:00 in summer and in winter. Day, month and year,
and a time and its `Uhr`, are joined by no-break spaces so Element never splits them across
lines; a line may break after the weekday's comma and around the dash of a range.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date

from commands.catalogue import language_or_default
from commands.texts import NBSP

_LOCALES = {"de": "de_DE", "en": "en_GB"}
_DATE_PATTERNS = {"de": f"EEE, d.{NBSP}MMM{NBSP}y", "en": f"EEE, d{NBSP}MMM{NBSP}y"}
_CLOCK_SUFFIX = {"de": f"{NBSP}Uhr", "en": ""}
_DASH = "–"


def _language(language: str) -> str:
    return language_or_default(language)


def _clock(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def format_date(d: date | datetime, language: str, tz: ZoneInfo | None = None) -> str:
    """`Di., 9. Dez. 2025` / `Tue, 9 Dec 2025`; an aware instant is shown on its day in `tz`."""
    lang = _language(language)
    if isinstance(d, datetime):
        if tz is not None and d.tzinfo is not None:
            d = d.astimezone(tz)
        d = d.date()
    return _day(d, lang)


@functools.lru_cache(maxsize=2048)
def _day(d: date, lang: str) -> str:
    """Babel parses the locale and the pattern at every call (~0.1 ms); a list of 20 items
    shows the same few days again and again, so each day is formatted once."""
    return babel_format_date(d, _DATE_PATTERNS[lang], locale=_LOCALES[lang])


def format_clock_range(start: time, end: time | None, language: str) -> str:
    """Wall-clock times without a date: `10:00–11:30 Uhr` / `10:00–11:30`, `10:00 Uhr`."""
    lang = _language(language)
    shown = _clock(start) if end is None else f"{_clock(start)}{_DASH}{_clock(end)}"
    return shown + _CLOCK_SUFFIX[lang]


def format_datetime(dt: datetime, language: str, tz: ZoneInfo) -> str:
    """`Di., 9. Dez. 2025, 10:00 Uhr` / `Tue, 9 Dec 2025, 10:00`, in the network's zone."""
    local = dt.astimezone(tz)
    return f"{format_date(local, language)}, {format_clock_range(local.time(), None, language)}"


def format_time_range(start: datetime, end: datetime | None, language: str, tz: ZoneInfo) -> str:
    """`10:00–11:30 Uhr` / `10:00–11:30`; an end on a later day gets its date, so none is lost."""
    local_start = start.astimezone(tz)
    if end is None:
        return format_clock_range(local_start.time(), None, language)
    local_end = end.astimezone(tz)
    if local_end.date() == local_start.date():
        return format_clock_range(local_start.time(), local_end.time(), language)
    first = format_clock_range(local_start.time(), None, language)
    return f"{first} {_DASH} {format_datetime(local_end, language, tz)}"
