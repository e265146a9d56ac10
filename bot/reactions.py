"""RSVPs by reacting ✅ / ❌ / ❔ to the bot's meet-up posts, and undoing them by removing it.

A reaction is looked up by the post it reacts to: only the meet-up posts that ask for
answers count (`ANSWERABLE`); the bot's own ✅ ❌ ❔ on them never reach here (the sync loop
skips the bot's own events). Applying the same reaction twice changes nothing, so
re-reading the timeline after a restart is harmless.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from commands.meetups.reactions import answer_for
from commands.posts.plan import ANSWERABLE
from storage import deliveries, rsvps

log = logging.getLogger(__name__)


class ReactionRsvps:
    """Turns reactions on meet-up posts into RSVPs."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        now: Callable[[], datetime],
        networks: Mapping[str, int],
        on_change: Callable[[], None] = lambda: None,
    ) -> None:
        self._sessions = sessions
        self._now = now
        self._networks = networks
        self._on_change = on_change  # the posts that show the answers are edited

    async def reacted(
        self, *, room_id: str, event_id: str, sender: str, reacts_to: str, key: str
    ) -> bool:
        """Record the answer a reaction gives; False if it is not an RSVP reaction."""
        answer = answer_for(key)
        if answer is None:
            return False
        async with self._sessions() as session, session.begin():
            post = await deliveries.by_event_id(session, reacts_to)
            if (
                post is None
                or post.meetup_id is None
                or post.kind not in ANSWERABLE
                or post.room_id != room_id
                or post.network_id is None
            ):
                return False
            await rsvps.set_answer(
                session,
                network_id=post.network_id,
                meetup_id=post.meetup_id,
                user_id=sender,
                answer=answer,
                source="reaction",
                updated_at=self._now(),
                reaction_event_id=event_id,
            )
        log.info("%s answered %s for meet-up %d by reaction", sender, answer, post.meetup_id)
        self._on_change()
        return True

    async def redacted(self, *, room_id: str, redacts: str) -> bool:
        """Withdraw the RSVP a removed reaction had given, unless it was replaced since."""
        network_id = self._networks.get(room_id)
        if network_id is None:
            return False
        async with self._sessions() as session, session.begin():
            removed = await rsvps.remove_by_reaction(session, redacts, network_id=network_id)
        if removed is None:
            return False
        log.info("%s withdrew the answer for meet-up %d", removed.user_id, removed.meetup_id)
        self._on_change()
        return True
