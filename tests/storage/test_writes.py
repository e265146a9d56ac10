"""Watching a session for writes: reads are not writes, Core and ORM writes are."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import networks, state
from storage.models import Network
from storage.writes import watching
from tests.storage.support import add_network


async def test_reading_is_no_write(session: AsyncSession) -> None:
    """Selecting rows, by Core and by ORM, leaves the flag unset."""
    await add_network(session)
    with watching(session) as writes:
        await networks.network_by_room(session, "!lippe:example.org")
        (await session.scalars(select(Network))).all()
    assert writes.seen is False


async def test_a_core_upsert_is_a_write(session: AsyncSession) -> None:
    """An INSERT run through the session sets the flag."""
    with watching(session) as writes:
        await state.set_value(session, "greeting", "moin")
    assert writes.seen is True


async def test_a_flushed_orm_change_is_a_write(session: AsyncSession) -> None:
    """Changing a loaded object and flushing it sets the flag; nothing after the block does."""
    await add_network(session)
    row = (await session.scalars(select(Network))).one()
    with watching(session) as writes:
        row.name = "IKZ Lippe-Detmold"
        await session.flush()
    assert writes.seen is True
    with watching(session) as later:
        pass
    await state.set_value(session, "greeting", "moin")
    assert later.seen is False
