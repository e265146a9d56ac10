"""The one place that reads the wall clock (DESIGN.md invariant 6); everything else is given it."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current instant, zone-aware in UTC."""
    return datetime.now(UTC)
