"""Dates and times shown the German (or British) way, in the network's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from commands.timefmt import format_clock_range, format_date, format_datetime, format_time_range

BERLIN = ZoneInfo("Europe/Berlin")
WINTER = datetime(2025, 12, 9, 9, 0, tzinfo=UTC)  # 10:00 in Berlin (CET)
SUMMER = datetime(2026, 7, 7, 8, 0, tzinfo=UTC)  # 10:00 in Berlin (CEST)


@pytest.mark.parametrize(
    ("instant", "language", "expected"),
    [
        (WINTER, "de", "Di., 9.\u00a0Dez.\u00a02025, 10:00\u00a0Uhr"),
        (WINTER, "en", "Tue, 9\u00a0Dec\u00a02025, 10:00"),
        (SUMMER, "de", "Di., 7.\u00a0Juli\u00a02026, 10:00\u00a0Uhr"),
        (SUMMER, "en", "Tue, 7\u00a0Jul\u00a02026, 10:00"),
        (
            datetime(2026, 3, 2, 13, 5, tzinfo=UTC),
            "de",
            "Mo., 2.\u00a0März\u00a02026, 14:05\u00a0Uhr",
        ),
        (
            datetime(2026, 5, 1, 7, 0, tzinfo=UTC),
            "de",
            "Fr., 1.\u00a0Mai\u00a02026, 09:00\u00a0Uhr",
        ),
    ],
)
def test_format_datetime(instant, language, expected):
    """Weekday, day, month and time come out exactly as readers expect, DST-correct."""
    assert format_datetime(instant, language, BERLIN) == expected


def test_same_wall_clock_before_and_after_the_dst_switch():
    """10:00 on both sides of 25 Oct 2026 shows as 10:00 although the UTC hour differs."""
    before = datetime(2026, 10, 20, 8, 0, tzinfo=UTC)
    after = datetime(2026, 10, 27, 9, 0, tzinfo=UTC)
    assert format_datetime(before, "de", BERLIN) == "Di., 20.\u00a0Okt.\u00a02026, 10:00\u00a0Uhr"
    assert format_datetime(after, "de", BERLIN) == "Di., 27.\u00a0Okt.\u00a02026, 10:00\u00a0Uhr"


@pytest.mark.parametrize(
    ("value", "language", "tz", "expected"),
    [
        (date(2025, 12, 9), "de", None, "Di., 9.\u00a0Dez.\u00a02025"),
        (date(2025, 12, 9), "en", None, "Tue, 9\u00a0Dec\u00a02025"),
        (datetime(2026, 12, 8, 23, 30, tzinfo=UTC), "de", BERLIN, "Mi., 9.\u00a0Dez.\u00a02026"),
        (datetime(2026, 12, 8, 23, 30, tzinfo=UTC), "de", None, "Di., 8.\u00a0Dez.\u00a02026"),
        (datetime(2026, 12, 8, 23, 30), "en", BERLIN, "Tue, 8\u00a0Dec\u00a02026"),
    ],
)
def test_format_date(value, language, tz, expected):
    """A date is shown as is; an aware instant on its day in the given zone."""
    assert format_date(value, language, tz) == expected


@pytest.mark.parametrize(
    ("end", "language", "expected"),
    [
        (WINTER + timedelta(minutes=90), "de", "10:00–11:30\u00a0Uhr"),
        (WINTER + timedelta(minutes=90), "en", "10:00–11:30"),
        (None, "de", "10:00\u00a0Uhr"),
        (None, "en", "10:00"),
        (
            WINTER + timedelta(days=1),
            "de",
            "10:00\u00a0Uhr – Mi., 10.\u00a0Dez.\u00a02025, 10:00\u00a0Uhr",
        ),
        (WINTER + timedelta(days=1), "en", "10:00 – Wed, 10\u00a0Dec\u00a02025, 10:00"),
    ],
)
def test_format_time_range(end, language, expected):
    """A range on one day shows two times; an end on another day also shows its date."""
    assert format_time_range(WINTER, end, language, BERLIN) == expected


def test_format_time_range_in_summer_time():
    """Summer instants are shown in local summer time, not UTC."""
    end = SUMMER + timedelta(hours=1)
    assert format_time_range(SUMMER, end, "de", BERLIN) == "10:00–11:00\u00a0Uhr"


def test_format_clock_range():
    """Wall-clock times without a date get zero-padded hours and the German `Uhr`."""
    assert format_clock_range(time(9, 5), time(10, 0), "de") == "09:05–10:00\u00a0Uhr"
    assert format_clock_range(time(9, 5), None, "en") == "09:05"


def test_unknown_language_falls_back_to_german():
    """A network with an unexpected language still gets German dates."""
    assert format_datetime(WINTER, "fr", BERLIN) == "Di., 9.\u00a0Dez.\u00a02025, 10:00\u00a0Uhr"
