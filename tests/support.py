"""Helpers shared by the test folders that store networks the way the bot's config does."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage import networks
from storage.records import NetworkRecord


async def store_network(
    session: AsyncSession,
    key: str,
    name: str,
    *,
    language: str = "de",
    room_id: str | None = None,
) -> NetworkRecord:
    """A network in Berlin's time zone with NRW holidays, in room `!<key>:localhost` unless
    `room_id` says otherwise."""
    return await networks.sync_network(
        session,
        key=key,
        room_id=room_id or f"!{key}:localhost",
        name=name,
        timezone="Europe/Berlin",
        language=language,
        holiday_region="DE-NW",
    )
