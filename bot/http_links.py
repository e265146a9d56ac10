"""Who a personal link belongs to, checked at every request.

A token leads to a person and a network; it counts only while that person is *joined* to
the network's room right now (the bot's view of the room, invariant 11), so someone who
left or was kicked loses the feed and the page with the next request, without any job
having to revoke anything. Every failure is the same 404, so a prober cannot tell an
unknown token from a revoked one or from a former member's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import subscriptions
from storage.records import NetworkRecord


@dataclass(frozen=True, slots=True)
class Holder:
    """The network a valid link shows, and whose link it is."""

    network: NetworkRecord
    user_id: str


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """Turns a request's token into its holder, or a bare 404."""

    sessions: async_sessionmaker[AsyncSession]
    network: Callable[[int], NetworkRecord | None]
    """A configured network by database id, as served now; a link to any other shows nothing."""
    is_member: Callable[[str, str], bool]
    """(room id, user id) → joined now, as the bot's sync last saw it."""

    async def holder(self, request: web.Request, kind: str) -> Holder:
        """The holder of the request's `{token}`; raises 404 if it opens nothing."""
        token = request.match_info["token"]
        async with self.sessions() as session:
            found = await subscriptions.holder(session, token, kind)
        network = None if found is None else self.network(found.network_id)
        if found is None or network is None or not self.is_member(network.room_id, found.user_id):
            raise web.HTTPNotFound()
        return Holder(network, found.user_id)
