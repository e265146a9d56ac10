"""Which network a person's direct chat with the bot acts on, when they belong to several."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialects import upsert_insert
from storage.models import DirectChatNetwork


async def chosen_network(session: AsyncSession, user_id: str) -> int | None:
    """The id of the network `user_id` chose for their direct chat, if they chose one."""
    return await session.scalar(
        select(DirectChatNetwork.network_id).where(DirectChatNetwork.user_id == user_id)
    )


async def choose_network(
    session: AsyncSession, user_id: str, network_id: int, *, at: datetime
) -> None:
    """Remember `network_id` as the network of the person's direct chat (replacing any)."""
    statement = (
        upsert_insert(session, DirectChatNetwork.__table__)
        .values(user_id=user_id, network_id=network_id, chosen_at=at)
        .on_conflict_do_update(
            index_elements=["user_id"], set_={"network_id": network_id, "chosen_at": at}
        )
    )
    await session.execute(statement)


async def forget_choice(session: AsyncSession, user_id: str) -> None:
    """Drop the person's choice (their data is being deleted)."""
    await session.execute(delete(DirectChatNetwork).where(DirectChatNetwork.user_id == user_id))
