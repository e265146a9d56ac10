"""The configured rooms the bot joins at a start, and when each is ready for a post.

Synapse takes the joins of a first start one after another, about 2 s for 50 rooms. The bot
does not wait for them: it syncs, arms its posts and answers in the rooms it is in already
meanwhile, and each joined room comes in a later sync with its whole state. Two things wait
until then: a post for a room still being joined (`ready`), because it names people from the
room's members, and the invites (bot.sync, `settled`), because whether a direct chat's
inviter is a member shows only in the rooms' members.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from nio import AsyncClient, JoinedRoomsResponse, JoinResponse

from bot.concurrently import concurrently
from bot.config import NetworkConfig
from bot.membership import JOINS_AT_ONCE

log = logging.getLogger(__name__)

READY_TIMEOUT_SECONDS = 60.0
"""How long a post waits for its room's join; after that it is stored all the same (names
without the room's display names) and the sender holds it until the bot is in the room."""


class StartJoins:
    """Joins the configured rooms the bot is not in yet; tells when a room has been synced."""

    def __init__(self, client: AsyncClient, networks: Iterable[NetworkConfig]) -> None:
        self._client = client
        self._networks = list(networks)
        self._joining: set[str] = set()
        self._known = asyncio.Event()  # set once `_joining` holds this start's joins
        self._changed = asyncio.Event()  # a sync or a join just ended: look again

    async def run(self) -> None:
        """Join every configured room that lets us in; others are joined when an invite comes.

        Rooms the bot is in already are left alone: one request instead of one per network
        at every start.
        """
        try:
            joined = await self._client.joined_rooms()
        except Exception as err:  # the homeserver away: each join below says so, too
            log.warning("cannot list the joined rooms (%s)", str(err) or type(err).__name__)
            joined = None
        already = set(joined.rooms) if isinstance(joined, JoinedRoomsResponse) else set()
        missing = [net for net in self._networks if net.room_id not in already]
        self._joining = {net.room_id for net in missing}
        self._known.set()
        await concurrently(map(self._join, missing), JOINS_AT_ONCE)

    async def _join(self, net: NetworkConfig) -> None:
        """Join one room; a room that does not let the bot in is not waited for."""
        try:
            response = await self._client.join(net.room_id)
        except Exception as err:  # the homeserver away: an invite or the next start joins it
            response = None
            reason = str(err) or type(err).__name__
        else:
            reason = getattr(response, "message", "")
        if isinstance(response, JoinResponse):
            log.info("in room %s (%s)", net.room_id, net.name)
        else:
            log.warning("cannot join %s yet (%s); waiting for an invite", net.room_id, reason)
            self._joining.discard(net.room_id)
        self.synced()

    async def listed(self) -> None:
        """Return once the rooms this start joins are known (one request)."""
        await self._known.wait()

    @property
    def settled(self) -> bool:
        """Whether every room joined at this start has come in a sync, or was refused. A
        refusal settles without a sync: what waits for `settled` then waits for the next."""
        return self._known.is_set() and not self._joining

    def synced(self) -> None:
        """Called after every sync: a room being joined may have come with it."""
        self._joining.difference_update(self._client.rooms.keys() & self._joining)
        self._changed.set()

    async def ready(self, room_id: str) -> None:
        """Return once `room_id` can be posted to as the sync shows it: at once unless this
        start is still joining it; at the latest after `READY_TIMEOUT_SECONDS`."""
        try:
            async with asyncio.timeout(READY_TIMEOUT_SECONDS):
                await self._known.wait()
                while room_id in self._joining:
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            log.warning("room %s not synced after its join; posting all the same", room_id)
