"""The meet-up posts for the scheduler: store series occurrences, plan and write the posts."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from commands.parsing.recurrence import series_spans
from commands.posts.base import Current, NetworkPosts, News, Only
from commands.posts.meetup import compose_post, load_post_data, render_changed, render_news
from commands.posts.plan import (
    ANSWERABLE,
    EDITABLE,
    FOLLOWUP_GRACE,
    HORIZON,
    LATE_AFTER,
    PlannedPost,
    PostKind,
    is_near,
    marked_late,
    occurrence_of,
    plan_posts,
    post_key,
)
from commands.reply import Reply
from storage import deliveries, meetup_changes, meetups, post_settings
from storage.meetup_changes import MeetupChange
from storage.records import DeliveryRecord, MeetupRecord

log = logging.getLogger(__name__)


class MeetupPosts(NetworkPosts):
    """Agenda call, agenda, reminder and follow-up of every stored meet-up."""

    prefix = "meetup:"
    editable: frozenset[str] = frozenset(EDITABLE)

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
        off = await post_settings.switched_off(session)
        enabled: dict[int, list[PostKind]] = {}  # per network, worked out once
        for meetup in stored:
            if meetup.network_id not in self._networks:
                continue
            if only is not None and meetup.network_id not in only:
                continue
            _, config = self._networks[meetup.network_id]
            if meetup.network_id not in enabled:
                skip = off.get(meetup.network_id, set())
                enabled[meetup.network_id] = [kind for kind in PostKind if kind not in skip]
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
        shown = self._display_names(record.room_id)
        return await compose_post(
            session,
            record,
            meetup,
            post.kind,
            late,
            times=config.posts,
            now=now,
            display_names=shown,
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
        """The sent posts of every meet-up not over yet, as they should read now.

        The call and agenda of a meet-up not started yet follow its topics and answers; one
        that went out late keeps its late note. The posts that ask for answers of a meet-up
        cancelled or moved since say so first (`render_changed`), until it (or its old time)
        has started; moved back, they read as before.
        """
        meetups_now = await meetups.not_over_between(session, after=now, before=now + HORIZON)
        by_id = {m.id: m for m in meetups_now if m.network_id in self._networks}
        sent = await deliveries.sent_about(session, list(by_id), sorted(ANSWERABLE))
        found: list[Current] = []
        for row in sent:
            meetup = by_id[row.meetup_id] if row.meetup_id is not None else None
            if meetup is not None and (current := await self._as_now(session, row, meetup, now)):
                found.append(current)
        return found

    async def _as_now(
        self, session: AsyncSession, row: DeliveryRecord, meetup: MeetupRecord, now: datetime
    ) -> Current | None:
        kind = PostKind(row.kind)
        late = row.sent_at is not None and row.sent_at - row.due_at > LATE_AFTER
        record, config = self._networks[meetup.network_id]
        if meetup.status == "scheduled" and row.key == post_key(meetup.id, meetup.starts_at, kind):
            if meetup.starts_at <= now:
                return None
            at = now if kind in EDITABLE else None  # a reminder as sent, without "in N min"
            reply = await compose_post(
                session,
                record,
                meetup,
                kind,
                late,
                times=config.posts,
                now=at,
                display_names=self._display_names(record.room_id),
            )
            return Current(row, reply, meetup.starts_at, restore_only=kind not in EDITABLE)
        occurrence = occurrence_of(row.key)  # the time the post was sent for
        was = replace(
            meetup, starts_at=occurrence, ends_at=occurrence + (meetup.ends_at - meetup.starts_at)
        )
        moved_to = meetup if meetup.status == "scheduled" else None
        until = max(was.ends_at if moved_to is None else was.starts_at, meetup.starts_at)
        if until <= now:
            return None
        data = await load_post_data(session, record, was, kind, self._display_names(record.room_id))
        reply = render_changed(data, kind, late, moved_to=moved_to, times=config.posts)
        return Current(row, reply, until)

    async def news(self, session: AsyncSession, now: datetime) -> Sequence[News]:
        """One announcement per recorded cancellation or move of a near meet-up.

        Changes of one meet-up recorded since the last call are taken together (moved and
        moved back at once: nothing to say); a far one gets none, its edited posts suffice.
        """
        by_meetup: dict[int, list[MeetupChange]] = {}
        for change in await meetup_changes.take_all(session):
            by_meetup.setdefault(change.meetup_id, []).append(change)
        found: list[News] = []
        for changes in by_meetup.values():
            first, last = changes[0], changes[-1]
            if first.network_id not in self._networks or last.after == first.before[0]:
                continue
            starts = [first.before[0]] + ([last.after] if last.after is not None else [])
            if not is_near(last.at, *starts):
                continue
            meetup = await meetups.get_meetup(session, first.network_id, first.meetup_id)
            if meetup is None:
                continue
            record, _ = self._networks[first.network_id]
            start, end = first.before
            before = replace(meetup, starts_at=start, ends_at=end)
            moved_to = None if last.after is None else meetup
            key = f"{self.prefix}{meetup.id}:news:{last.at.astimezone(UTC):%Y%m%dT%H%M%S%fZ}"
            reply = render_news(record, before, moved_to)
            found.append(News(key, meetup.network_id, reply, max(end, meetup.starts_at), meetup.id))
        return found
