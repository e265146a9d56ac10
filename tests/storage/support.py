"""Helpers for storage tests: a clock, a network and a meet-up stored directly.

The migrated database fixtures live in tests/conftest.py.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from storage import meetups, networks
from storage.migrate import MIGRATIONS_DIR
from storage.records import MeetupRecord, NetworkRecord

T0 = datetime(2026, 1, 13, 9, 0, tzinfo=UTC)


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def add_network(session: AsyncSession, key: str = "lippe") -> NetworkRecord:
    """A network named after `key`, in its own room."""
    return await networks.sync_network(
        session,
        key=key,
        room_id=f"!{key}:example.org",
        name=f"IKZ {key.title()}",
        timezone="Europe/Berlin",
        language="de",
        holiday_region="NW",
        created_at=T0,
    )


async def add_meetup(
    session: AsyncSession,
    network_id: int,
    starts_at: datetime = T0,
    *,
    hours: int = 2,
    title: str = "IKZ-Treffen",
) -> MeetupRecord:
    """A single meet-up of `hours` length starting at `starts_at`."""
    return await meetups.create_meetup(
        session,
        network_id=network_id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        title=title,
        location="https://meet.example.org/ikz",
        created_by="@anna:example.org",
        created_at=T0,
    )


def migrations_up_to(tmp_path: Path, last: str) -> Path:
    """A copy of the migrations that ends at revision `last`, to build an older database."""
    target = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    for path in (target / "versions").glob("0*.py"):
        if path.name[:4] > last:
            path.unlink()
    return target
