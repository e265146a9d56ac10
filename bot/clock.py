"""The one place that reads the wall clock (DESIGN.md invariant 6); everything else is given it."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current instant, zone-aware in UTC."""
    return datetime.now(UTC)


def starting_at(start: datetime) -> Clock:
    """A clock that reads `start` now and then runs at normal speed.

    For the demo and the integration tests: they let the bot live a week before a meet-up
    without waiting a week (`ikz-bot run --pretend-now …`). Never used in production.
    """
    if start.tzinfo is None:
        raise ValueError(
            "the pretended start must carry a time zone, e.g. 2026-12-01T08:59:00+01:00"
        )
    origin = time.monotonic()
    return lambda: (start + timedelta(seconds=time.monotonic() - origin)).astimezone(UTC)
