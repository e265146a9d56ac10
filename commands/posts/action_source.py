"""The action item posts for the scheduler: the due-day mention and the weekly digest."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from commands.posts.actions import (
    KEY_PREFIX,
    ActionPost,
    compose_action_post,
    items_for_post,
    plan_action_posts,
)
from commands.posts.base import Current, NetworkPosts, News, Only
from commands.posts.plan import HORIZON, marked_late
from commands.reply import Reply
from storage import actions


class ActionPosts(NetworkPosts):
    """One due-day post per network and day with items due, one digest per week."""

    prefix = KEY_PREFIX
    editable: frozenset[str] = frozenset()

    async def prepare(
        self, session: AsyncSession, now: datetime, since: datetime, *, only: Only = None
    ) -> None:
        """Nothing to store first: action items are rows already."""

    async def plan(
        self, session: AsyncSession, now: datetime, since: datetime, *, only: Only = None
    ) -> Sequence[ActionPost]:
        """The posts every network's (or the `only` networks') open items imply.

        The due dates of all networks are read in one narrow query, wider on both sides
        than any zone's window; `plan_action_posts` keeps each network's own days.
        """
        ids = [n for n in self._networks if only is None or n in only]
        margin = timedelta(days=2)
        first, last = (min(since, now) - margin).date(), (now + HORIZON + margin).date()
        dated: dict[int, list[actions.DueDate]] = {network_id: [] for network_id in ids}
        found = await actions.open_due_dates(session, first, last, None if only is None else ids)
        for item in found:
            if item.network_id in dated:  # not a network this bot serves (any more)
                dated[item.network_id].append(item)
        planned: list[ActionPost] = []
        for network_id in ids:
            _, config = self._networks[network_id]
            zone = ZoneInfo(config.timezone)
            planned += plan_action_posts(network_id, zone, dated[network_id], now, since=since)
        return planned

    async def compose(
        self, session: AsyncSession, post: ActionPost, *, late: bool, now: datetime | None
    ) -> Reply | None:
        """The post, read at sending time; None if nothing is due (any more)."""
        items = await items_for_post(session, post)
        if not items:
            return None
        network, _ = self._networks[post.network_id]
        shown = self._display_names(network.room_id)
        return await compose_action_post(
            session, network, post, items, late=late, display_names=shown
        )

    async def late_version(self, session: AsyncSession, post: ActionPost, on_time: Reply) -> Reply:
        """`on_time` marked late: the items are the same, only the time has passed."""
        network, _ = self._networks[post.network_id]
        return marked_late(on_time, network.language)

    async def current(self, session: AsyncSession, now: datetime) -> Sequence[Current]:
        """None: a due-day post or digest is a message of its day, never edited."""
        return []

    async def news(self, session: AsyncSession, now: datetime) -> Sequence[News]:
        """None: action items change without an announcement of their own."""
        return []
