"""The configured networks as stored: the bot at start and the CLI before the first run."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import NetworkConfig
from storage import networks
from storage.bundled import known_kinds
from storage.records import NetworkRecord


async def store_network(session: AsyncSession, net: NetworkConfig) -> tuple[NetworkRecord, int]:
    """Make the stored network match its config and add the municipalities it lacks, with
    their kind (Stadt, Gemeinde, Kreis) where known; the record and how many were added."""
    record = await networks.sync_network(
        session,
        key=net.key,
        room_id=net.room_id,
        name=net.name,
        timezone=net.timezone,
        language=net.language,
        holiday_region=net.holiday_region,
    )
    kinds = known_kinds()
    named = [(name, kinds.get(name)) for name in net.municipalities]
    return record, await networks.seed_municipalities(session, record.id, named)
