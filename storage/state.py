"""Small process-wide values (e.g. the sync token) in the bot_state table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from storage.dialects import Prepared
from storage.models import BotState

_TABLE = BotState.__table__
_GET = Prepared(lambda _: select(_TABLE.c.value).where(_TABLE.c.key == bindparam("by_key")))


def _upsert(insert: Any) -> Any:
    statement = insert(_TABLE)
    excluded = statement.excluded
    return statement.on_conflict_do_update(index_elements=["key"], set_={"value": excluded.value})


_SET = Prepared(_upsert)  # saved after every sync that brought news


async def get_value(session: AsyncSession, key: str) -> str | None:
    """The stored value, or None if it was never set."""
    return await session.scalar(_GET(session), {"by_key": key})


async def read_value(session: AsyncSession, key: str) -> str | None:
    """`get_value` in plain Core on the session's connection, for values read before
    every command (change marks): the ORM layer would double the cost of the lookup."""
    connection = await session.connection()
    return await connection.scalar(_GET(session), {"by_key": key})


async def set_value(session: AsyncSession, key: str, value: str) -> None:
    """Store or replace a value in one statement."""
    await session.execute(_SET(session), {"key": key, "value": value})


def write_value(session: Session, key: str, value: str) -> None:
    """`set_value` from a session event, where the session is the synchronous one."""
    session.execute(_SET(session), {"key": key, "value": value})  # type: ignore[arg-type]
