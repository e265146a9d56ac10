"""Public holidays of a network's region, so a meet-up is not planned for a day off unnoticed.

A region is written like the network setting: `DE-NW` (country and state, ISO 3166-2) or a
bare country code. The `holidays` package knows the dates and their names in German and
English; the tables are built once per region and language and grow by year on demand.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import holidays

from commands.catalogue import language_or_default

_HOLIDAY_LANGUAGES = {"de": "de", "en": "en_US"}
_SATURDAY = 5
_MAX_DAYS_AHEAD = 31
"""No region has a month of holidays and weekends in a row; a safety bound for the loop."""


@functools.cache
def _calendar(region: str, language: str | None) -> holidays.HolidayBase:
    """The holiday table for `region`, with names in `language` where the package has them."""
    country, _, subdiv = region.upper().partition("-")
    cls = holidays.country_holidays(country).__class__
    wanted = language if language in getattr(cls, "supported_languages", ()) else None
    return holidays.country_holidays(country, subdiv=subdiv or None, language=wanted)


def holiday_name(day: date, region: str, language: str) -> str | None:
    """The name of the public holiday on `day` in `region`, or None on a normal day."""
    lang = _HOLIDAY_LANGUAGES[language_or_default(language)]
    return _calendar(region, lang).get(day)


def is_working_day(day: date, region: str) -> bool:
    """Monday to Friday and no public holiday in `region`."""
    return day.weekday() < _SATURDAY and day not in _calendar(region, None)


def next_working_day(day: date, region: str) -> date:
    """The first working day after `day`: what to propose instead of a holiday."""
    candidate = day + timedelta(days=1)
    for _ in range(_MAX_DAYS_AHEAD):
        if is_working_day(candidate, region):
            return candidate
        candidate += timedelta(days=1)
    return candidate
