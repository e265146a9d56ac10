"""Networks and their municipalities (DESIGN invariant 9: every network's data is its own)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import deliveries, state
from storage.collation import german_key
from storage.models import BotState, Municipality, Network
from storage.records import MunicipalityRecord, NetworkRecord, from_row, stored

UPGRADED_KEY = "room.upgraded:"
"""+ a room id → the room that replaced it (m.room.tombstone), in bot_state."""


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
    network keeps its id and therefore all its data. A room that was upgraded stands for
    its replacement, so a config still naming the old room keeps the network where it moved.
    `created_at` is only used for a new network and defaults to the current time.
    """
    room_id = replacement_of(room_id, await recorded_upgrades(session))
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
    return await stored(session, NetworkRecord, network)


async def move_network(
    session: AsyncSession, network_id: int, *, old_room_id: str, new_room_id: str
) -> int:
    """Serve the network in `new_room_id` from now on (its room was upgraded): all its data
    stays, what is still pending goes there, and the move is kept for the next start.
    Returns how many pending deliveries moved."""
    await state.set_value(session, UPGRADED_KEY + old_room_id, new_room_id)
    network = await session.get_one(Network, network_id)
    network.room_id = new_room_id
    await session.flush()
    return await deliveries.move_pending(session, old_room_id, new_room_id)


async def recorded_upgrades(session: AsyncSession) -> dict[str, str]:
    """Every upgraded room the bot followed → the room that replaced it."""
    rows = await session.execute(
        select(BotState.key, BotState.value).where(BotState.key.startswith(UPGRADED_KEY))
    )
    return {key.removeprefix(UPGRADED_KEY): value for key, value in rows}


def replacement_of(room_id: str, upgrades: dict[str, str]) -> str:
    """The room that serves now what `room_id` served, following upgrade after upgrade."""
    seen = {room_id}
    while (newer := upgrades.get(room_id)) is not None and newer not in seen:
        seen.add(newer)
        room_id = newer
    return room_id


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
