"""Who may talk to the bot, read from the room state nio already keeps (no extra requests)."""

from __future__ import annotations

from collections.abc import Mapping

from nio import AsyncClient

from bot.config import NetworkConfig


def is_member(client: AsyncClient, room_id: str, user_id: str) -> bool:
    """True if `user_id` is joined to `room_id` as far as the last sync told us."""
    room = client.rooms.get(room_id)
    return room is not None and user_id in room.users


def networks_of(
    client: AsyncClient, networks: Mapping[str, NetworkConfig], user_id: str
) -> list[NetworkConfig]:
    """The networks whose room `user_id` is a member of, in configuration order."""
    return [net for room_id, net in networks.items() if is_member(client, room_id, user_id)]


def is_moderator(
    client: AsyncClient, network: NetworkConfig, user_id: str, admins: frozenset[str]
) -> bool:
    """Admins from the config, or a power level of at least the network's threshold."""
    if user_id in admins:
        return True
    room = client.rooms.get(network.room_id)
    return (
        room is not None
        and room.power_levels.get_user_level(user_id) >= network.moderator_power_level
    )


def should_join(
    client: AsyncClient, networks: Mapping[str, NetworkConfig], room_id: str, inviter: str | None
) -> bool:
    """Join configured rooms, and direct chats started by a member of some network."""
    if room_id in networks:
        return True
    return inviter is not None and bool(networks_of(client, networks, inviter))
