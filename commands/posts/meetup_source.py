"""The meet-up posts for the scheduler: store series occurrences, plan and write the posts."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from commands.parsing.recurrence import series_spans
from commands.posts.base import Current, Networks, Only
from commands.posts.meetup import compose_post
from commands.posts.plan import (
    EDITABLE,
    FOLLOWUP_GRACE,
    HORIZON,
    LATE_AFTER,
    PlannedPost,
    PostKind,
    marked_late,
    plan_posts,
    post_key,
)
from commands.reply import Reply
from storage import deliveries, meetups, post_settings

log = logging.getLogger(__name__)


class MeetupPosts:
    """Agenda call, agenda, reminder and follow-up of every stored meet-up."""

    prefix = "meetup:"
    editable: frozenset[str] = frozenset(EDITABLE)

    def __init__(self, networks: Networks) -> None:
        self._networks = networks

    async def prepare(
        self, session: AsyncSession, now: datetime, since: datetime, *, only: Only = None
    ) -> None:
        """Store the occurrences of every active series from `since` up to the horizon."""
        for series in await meetups.all_active_series(session):
            if only is not None and series.network_id not in only:
                continue
            spans = series_spans(series, after=since, until=now + HORIZON)
            added = await meetups.add_occurrences(session, series, spans, created_at=now)
            if added:
                log.info("series %d: stored %d more occurrences", series.id, added)

    async def plan(
        self, session: AsyncSession, now: datetime, since: datetime, *, only: Only = None
    ) -> Sequence[PlannedPost]:
        """The enabled posts of every meet-up from `since` (minus the follow-up's window) on."""
        stored = await meetups.scheduled_between(
            session, start=since - FOLLOWUP_GRACE, end=now + HORIZON
        )
        planned: list[PlannedPost] = []
        enabled: dict[int, list[PostKind]] = {}  # per network, read once (not per meet-up)
        for meetup in stored:
            if meetup.network_id not in self._networks:
                continue
            if only is not None and meetup.network_id not in only:
                continue
            _, config = self._networks[meetup.network_id]
            if meetup.network_id not in enabled:
                kinds = await post_settings.enabled_kinds(
                    session, meetup.network_id, list(PostKind)
                )
                enabled[meetup.network_id] = [PostKind(k) for k, on in kinds.items() if on]
            zone = ZoneInfo(config.timezone)
            planned += plan_posts(meetup, config.posts, zone, enabled[meetup.network_id])
        return planned

    async def compose(
        self, session: AsyncSession, post: PlannedPost, *, late: bool, now: datetime | None
    ) -> Reply | None:
        """The post, unless the meet-up was cancelled or moved since it was planned."""
        meetup = await meetups.get_meetup(session, post.network_id, post.meetup_id)
        if meetup is None or meetup.status != "scheduled" or meetup.starts_at != post.occurrence:
            return None
        record, config = self._networks[post.network_id]
        return await compose_post(
            session, record, meetup, post.kind, late, times=config.posts, now=now
        )

    async def late_version(self, session: AsyncSession, post: PlannedPost, on_time: Reply) -> Reply:
        """`on_time` marked late; a reminder is written anew, without its "in N minutes"."""
        if post.kind == PostKind.REMINDER:
            late = await self.compose(session, post, late=True, now=None)
            if late is not None:
                return late
        record, _ = self._networks[post.network_id]
        return marked_late(on_time, record.language)

    async def current(self, session: AsyncSession, now: datetime) -> Sequence[Current]:
        """The sent call and agenda of every meet-up not started yet, as they read now.

        A post of an earlier time of a moved meet-up is left as it is. One that went out
        late keeps its late note.
        """
        upcoming = await meetups.scheduled_between(session, start=now, end=now + HORIZON)
        by_id = {m.id: m for m in upcoming if m.network_id in self._networks}
        sent = await deliveries.sent_about(session, list(by_id), sorted(self.editable))
        found: list[Current] = []
        for row in sent:
            meetup = by_id[row.meetup_id] if row.meetup_id is not None else None
            kind = PostKind(row.kind)
            if meetup is None or row.key != post_key(meetup.id, meetup.starts_at, kind):
                continue
            late = row.sent_at is not None and row.sent_at - row.due_at > LATE_AFTER
            record, config = self._networks[meetup.network_id]
            reply = await compose_post(
                session, record, meetup, kind, late, times=config.posts, now=now
            )
            found.append(Current(row, reply, meetup.starts_at))
        return found
