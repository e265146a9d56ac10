"""The bot's direct chat with one person: opened on first use, used once they joined.

The bot's sync filter leaves out its own events (bot.sync_filter), and that includes the
state events of a room it creates itself. A room usually first comes in a sync with its whole
state, but a sync woken while Synapse is still writing the new room brings only part of it
(seen once: the room without its `m.room.encryption`, and a personal link went out
unencrypted). So the bot does not learn these facts from the sync alone: it marks a room it
created encrypted itself, and asks the homeserver for a person's membership whenever the
sync has not shown it.
"""

from __future__ import annotations

import logging

from nio import (
    AsyncClient,
    RoomCreateResponse,
    RoomGetStateEventResponse,
    RoomPreset,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import state

log = logging.getLogger(__name__)

DIRECT_KEY = "direct_room:"
ENCRYPTION_STATE = {
    "type": "m.room.encryption",
    "state_key": "",
    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
}


class DirectChats:
    """Finds or opens the bot's direct chat with a person; the room id is kept in `state`."""

    def __init__(self, client: AsyncClient, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._client = client
        self._sessions = sessions

    async def room_for(self, user_id: str) -> str | None:
        """The direct chat with `user_id`, opened on first use; None until they joined.

        Nothing is sent before they joined: in an encrypted chat an invited person would
        get no keys for it and could never read it. Once they left, the room is still
        theirs: the bot never opens chat after chat uninvited.
        """
        async with self._sessions() as session:
            room_id = await state.get_value(session, DIRECT_KEY + user_id)
        if room_id is None:
            await self._open(user_id)
            return None
        room = self._client.rooms.get(room_id)
        if room is None:
            return None  # just opened: the next sync brings it
        member = room.users.get(user_id)
        if member is not None:
            return None if member.invited else room_id
        # Not in the synced state: not joined yet, left, or the bot's own invite not synced.
        return None if await self._membership(room_id, user_id) == "invite" else room_id

    async def _open(self, user_id: str) -> None:
        initial_state = [ENCRYPTION_STATE] if self._client.olm is not None else []
        created = await self._client.room_create(
            is_direct=True,
            invite=[user_id],
            preset=RoomPreset.trusted_private_chat,
            initial_state=initial_state,
        )
        if not isinstance(created, RoomCreateResponse):
            raise ConnectionError(f"could not open a direct chat: {created}")
        if initial_state:
            self._mark_encrypted(created.room_id)
        async with self._sessions() as session, session.begin():
            await state.set_value(session, DIRECT_KEY + user_id, created.room_id)
        log.info("opened direct chat %s with %s", created.room_id, user_id)

    def _mark_encrypted(self, room_id: str) -> None:
        """Make nio encrypt for `room_id` whether or not a sync brought its encryption event:
        `encrypted_rooms` for a room not synced yet, the room itself for one already known."""
        client = self._client
        if room_id not in client.encrypted_rooms:
            client.encrypted_rooms.add(room_id)
            if client.store is not None:
                client.store.save_encrypted_rooms([room_id])
        room = client.rooms.get(room_id)
        if room is not None and not room.encrypted:
            room.encrypted = True

    async def _membership(self, room_id: str, user_id: str) -> str | None:
        """`user_id`'s membership in `room_id` as the homeserver has it."""
        response = await self._client.room_get_state_event(room_id, "m.room.member", user_id)
        if not isinstance(response, RoomGetStateEventResponse):
            raise ConnectionError(f"membership of {user_id} not readable: {response}")
        return response.content.get("membership")
