"""Process-wide key/value state such as the sync token."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import state
from storage.models import BotState


async def test_unset_value_is_none(session: AsyncSession) -> None:
    """A key never set reads as None."""
    assert await state.get_value(session, "sync_token") is None


async def test_set_value_is_read_back_after_commit(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A stored value survives the session that wrote it."""
    async with sessions.begin() as session:
        await state.set_value(session, "sync_token", "s72594_4483_1934")
    async with sessions() as session:
        assert await state.get_value(session, "sync_token") == "s72594_4483_1934"


async def test_set_value_replaces_the_old_value(session: AsyncSession) -> None:
    """Setting a key again overwrites it; there is still one row."""
    await state.set_value(session, "sync_token", "old")
    await state.set_value(session, "sync_token", "new")
    assert await state.get_value(session, "sync_token") == "new"
    assert await session.scalar(select(func.count()).select_from(BotState)) == 1
