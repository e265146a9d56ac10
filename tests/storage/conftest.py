"""Helpers for storage tests; the migrated database fixtures live in tests/conftest.py."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

T0 = datetime(2026, 1, 13, 9, 0, tzinfo=UTC)


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"
