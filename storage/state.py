"""Small process-wide values (e.g. the sync token) in the bot_state table."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialects import upsert_insert
from storage.models import BotState


async def get_value(session: AsyncSession, key: str) -> str | None:
    """The stored value, or None if it was never set."""
    return await session.scalar(select(BotState.value).where(BotState.key == key))


async def set_value(session: AsyncSession, key: str, value: str) -> None:
    """Store or replace a value in one statement."""
    statement = (
        upsert_insert(session, BotState.__table__)  # Core: saved after every sync
        .values(key=key, value=value)
        .on_conflict_do_update(index_elements=["key"], set_={"value": value})
    )
    await session.execute(statement)
