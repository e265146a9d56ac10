"""Networks and their municipalities (DESIGN invariant 9: every network's data is its own)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.collation import german_key
from storage.models import Municipality, Network
from storage.records import MunicipalityRecord, NetworkRecord, from_row


class RoomTaken(ValueError):
    """The room already belongs to another network; two networks never share a room."""


async def sync_network(
    session: AsyncSession,
    *,
    key: str,
    room_id: str,
    name: str,
    timezone: str,
    language: str,
    holiday_region: str | None,
    created_at: datetime | None = None,
) -> NetworkRecord:
    """Make the stored network match the config, found by its key.

    A changed room id is taken over (operators may move a network to a new room); the
    network keeps its id and therefore all its data. `created_at` is only used for a new
    network and defaults to the current time.
    """
    owner = await session.scalar(select(Network).where(Network.room_id == room_id))
    if owner is not None and owner.key != key:
        raise RoomTaken(
            f"room {room_id} already belongs to network {owner.key!r}, not {key!r}; "
            "two networks cannot share a room"
        )
    network = await session.scalar(select(Network).where(Network.key == key))
    if network is None:
        network = Network(key=key, created_at=created_at or datetime.now(UTC))
        session.add(network)
    network.room_id = room_id
    network.name = name
    network.timezone = timezone
    network.language = language
    network.holiday_region = holiday_region
    await session.flush()
    return from_row(NetworkRecord, network)


async def network_by_room(session: AsyncSession, room_id: str) -> NetworkRecord | None:
    """The network served in this room, if any."""
    network = await session.scalar(select(Network).where(Network.room_id == room_id))
    return None if network is None else from_row(NetworkRecord, network)


async def list_networks(session: AsyncSession) -> list[NetworkRecord]:
    """All networks, in the order they were created."""
    networks = await session.scalars(select(Network).order_by(Network.id))
    return [from_row(NetworkRecord, network) for network in networks]


async def seed_municipalities(
    session: AsyncSession, network_id: int, names_and_kinds: Sequence[tuple[str, str | None]]
) -> int:
    """Add the municipalities the network lacks and return how many; never deletes or edits."""
    existing = set(
        await session.scalars(
            select(Municipality.name).where(Municipality.network_id == network_id)
        )
    )
    added = 0
    for name, kind in names_and_kinds:
        if name in existing:
            continue
        session.add(Municipality(network_id=network_id, name=name, kind=kind))
        existing.add(name)
        added += 1
    await session.flush()
    return added


async def list_municipalities(session: AsyncSession, network_id: int) -> list[MunicipalityRecord]:
    """The network's municipalities in German alphabetical order (Dörentrup before Extertal)."""
    rows = await session.scalars(select(Municipality).where(Municipality.network_id == network_id))
    records = [from_row(MunicipalityRecord, row) for row in rows]
    return sorted(records, key=lambda record: german_key(record.name))
