"""UTCDateTime: aware in, aware UTC out, naive UTC in the database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncSession

from storage import deliveries
from storage.types import UTCDateTime
from tests.storage.support import T0

BERLIN = ZoneInfo("Europe/Berlin")


async def test_aware_datetime_round_trips_as_utc(session: AsyncSession) -> None:
    """A Berlin time is stored as naive UTC and read back as the same instant in UTC."""
    # 01:30 CET on the night of the spring DST change is 00:30 UTC.
    due_at = datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN)
    await deliveries.enqueue(
        session,
        key="k",
        room_id="!r:example.org",
        kind="reply",
        due_at=due_at,
        content={},
        created_at=T0,
    )
    await session.commit()
    session.expunge_all()

    stored = (await session.execute(text("SELECT due_at FROM deliveries"))).scalar_one()
    record = await deliveries.get(session, "k")

    # SQLite keeps the text SQLAlchemy wrote; PostgreSQL a `timestamp without time zone`.
    naive_utc = {"sqlite": "2026-03-29 00:30:00.000000", "postgresql": datetime(2026, 3, 29, 0, 30)}
    assert stored == naive_utc[session.get_bind().dialect.name]
    assert record is not None
    assert record.due_at == due_at
    assert record.due_at.tzinfo is UTC


def test_naive_datetime_is_refused() -> None:
    """Binding a naive datetime raises ValueError instead of guessing its zone."""
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2026, 1, 1, 9, 0), sqlite.dialect())


def test_non_datetime_is_refused() -> None:
    """A date (no time of day) is not an instant and raises TypeError."""
    with pytest.raises(TypeError):
        UTCDateTime().process_bind_param(date(2026, 1, 1), sqlite.dialect())  # type: ignore[arg-type]


async def test_naive_datetime_is_refused_by_the_database_layer(session: AsyncSession) -> None:
    """A naive instant passed to a repository fails before anything is written."""
    with pytest.raises(StatementError) as failed:
        await deliveries.enqueue(
            session,
            key="k",
            room_id="!r:example.org",
            kind="reply",
            due_at=datetime(2026, 1, 1, 9, 0),
            content={},
            created_at=T0,
        )
    assert isinstance(failed.value.orig, ValueError)


def test_none_passes_through() -> None:
    """NULL stays NULL both ways (for nullable instants such as sent_at)."""
    column_type = UTCDateTime()
    assert column_type.process_bind_param(None, sqlite.dialect()) is None
    assert column_type.process_result_value(None, sqlite.dialect()) is None
