"""Who may talk to the bot, read from the room state nio already keeps (no extra requests).

A member is someone *joined* to a network room (DESIGN.md invariant 11). nio's `room.users`
also holds invited users, so every check here goes through `joined`; knocked, left, kicked
and banned users are not in `room.users` at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from nio import AsyncClient, Event, MatrixRoom

from bot.config import NetworkConfig

JOINS_AT_ONCE = 8
"""How many rooms are joined (or invites answered) side by side, e.g. at a first start."""


def joined(room: MatrixRoom, user_id: str) -> bool:
    """True if `user_id` has joined `room` (an invite that was never accepted does not count)."""
    return user_id in room.users and user_id not in room.invited_users


def is_member(client: AsyncClient, room_id: str, user_id: str) -> bool:
    """True if `user_id` is joined to `room_id` as far as the last sync told us."""
    room = client.rooms.get(room_id)
    return room is not None and joined(room, user_id)


def display_names(client: AsyncClient, room_id: str) -> dict[str, str]:
    """Display names in `room_id` by user id, of those who set one: how commands name
    people without a contact entry (`commands.names`)."""
    room = client.rooms.get(room_id)
    if room is None:
        return {}
    return {user_id: user.display_name for user_id, user in room.users.items() if user.display_name}


def networks_of(
    client: AsyncClient, networks: Mapping[str, NetworkConfig], user_id: str
) -> list[NetworkConfig]:
    """The networks whose room `user_id` is a member of, in configuration order."""
    return [net for room_id, net in networks.items() if is_member(client, room_id, user_id)]


def room_creators(create_event: Event) -> set[str]:
    """Who created a room: the sender of `m.room.create` and its `additional_creators`."""
    content = create_event.source.get("content", {})
    extra = content.get("additional_creators") or []
    return {create_event.sender, *(user for user in extra if isinstance(user, str))}


def is_moderator(
    client: AsyncClient,
    network: NetworkConfig,
    user_id: str,
    *,
    admins: frozenset[str],
    creators: Set[str],
) -> bool:
    """Admins from the config, or a joined member who created the room or has the power level.

    Since room version 12 the creators have unlimited power and no entry in the power levels,
    which nio reports as level 0; an explicit entry (older room versions) still decides.
    """
    if user_id in admins:
        return True
    room = client.rooms.get(network.room_id)
    if room is None or not joined(room, user_id):
        return False
    if user_id not in room.power_levels.users and user_id in creators:
        return True
    return room.power_levels.get_user_level(user_id) >= network.moderator_power_level


def should_join(
    client: AsyncClient, networks: Mapping[str, NetworkConfig], room_id: str, inviter: str | None
) -> bool:
    """Join configured rooms, and direct chats started by a member of some network."""
    if room_id in networks:
        return True
    return inviter is not None and bool(networks_of(client, networks, inviter))


def is_one_to_one(room: MatrixRoom) -> bool:
    """True if nobody but the bot and one other person is joined or invited."""
    return len(room.users) <= 2
