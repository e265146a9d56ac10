"""Scheduled posts (agenda call, agenda, reminder, follow-up), derived from the database.

The database is the truth (DESIGN.md invariant 3): `rebuild()` reads the stored meet-ups,
computes each one's posts (`commands.post_plan`) and keeps exactly one APScheduler date job
per post that is still ahead. It runs at start, after every change and every few hours.
A post is stored as a delivery with a unique key before it is sent (invariant 4), so firing
twice or restarting never posts twice. A post that fell due while the bot was down is sent
late, saying so, while its window is open, and recorded as skipped after (invariant 5).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import utc_now
from bot.config import NetworkConfig
from bot.sender import Sender, reply_contents
from commands.post_plan import FOLLOWUP_GRACE, PlannedPost, PostKind, PostTimes, plan_posts
from commands.recurrence import occurrences
from commands.reply import Reply
from storage import deliveries, meetups, post_settings
from storage.records import MeetupRecord, NetworkRecord

log = logging.getLogger(__name__)

HORIZON = timedelta(days=120)
"""Series occurrences are stored this far ahead, and posts are planned for them."""

REFRESH_HOURS = 6
JOB_PREFIX = "meetup:"


class Composer(Protocol):
    """Builds the text of a post (commands.meetup_posts.compose_post)."""

    async def __call__(
        self,
        session: AsyncSession,
        network: NetworkRecord,
        meetup: MeetupRecord,
        kind: PostKind,
        late: bool,
        *,
        times: PostTimes | None = None,
        now: datetime | None = None,
    ) -> Reply: ...


class PostScheduler:
    """Keeps APScheduler's jobs equal to the posts the database implies."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        sender: Sender,
        *,
        networks: Mapping[int, tuple[NetworkRecord, NetworkConfig]],
        compose: Composer,
        now: Callable[[], datetime],
    ) -> None:
        self._sessions = sessions
        self._sender = sender
        self._networks = networks
        self._compose = compose
        self._now = now
        self._lock = asyncio.Lock()
        self._aps = AsyncIOScheduler(timezone=UTC)
        self._background: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Start APScheduler and plan everything once."""
        self._aps.start()
        self._aps.add_job(
            self._safe_rebuild,
            "interval",
            hours=REFRESH_HOURS,
            id="refresh",
            misfire_grace_time=3600,
        )
        await self.rebuild()

    def stop(self) -> None:
        """Drop all jobs; they are rebuilt from the database at the next start."""
        if self._aps.running:
            self._aps.shutdown(wait=False)

    def planned_jobs(self) -> dict[str, datetime]:
        """Post key → due time (bot clock) of every post waiting in APScheduler."""
        return {
            job.id: job.args[0].due_at
            for job in self._aps.get_jobs()
            if job.id.startswith(JOB_PREFIX)
        }

    def request_rebuild(self) -> None:
        """Rebuild soon, without making the caller wait (after a command changed something)."""
        task = asyncio.get_running_loop().create_task(self._safe_rebuild())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _safe_rebuild(self) -> None:
        try:
            await self.rebuild()
        except Exception:
            log.exception("rebuilding the post schedule failed; next try in %d h", REFRESH_HOURS)

    async def rebuild(self) -> None:
        """Store upcoming series occurrences, then make the jobs match the stored meet-ups."""
        async with self._lock:
            now = self._now()
            async with self._sessions() as session, session.begin():
                await self._materialize(session, now)
            planned, done = await self._plan(now)
            ahead = {p.key: p for p in planned if p.key not in done and p.due_at > now}
            for job in self._aps.get_jobs():
                if job.id.startswith(JOB_PREFIX) and job.id not in ahead:
                    job.remove()
            offset = now - utc_now()
            for key, post in ahead.items():
                self._aps.add_job(
                    self._fire,
                    "date",
                    run_date=post.due_at - offset,
                    args=[post],
                    id=key,
                    replace_existing=True,
                    coalesce=True,
                    misfire_grace_time=max(1, int((post.send_until - post.due_at).total_seconds())),
                )
            for post in planned:
                if post.key not in done and post.due_at <= now:
                    await self._fire(post)

    async def _materialize(self, session: AsyncSession, now: datetime) -> None:
        for series in await meetups.all_active_series(session):
            tz = ZoneInfo(series.timezone)
            starts = occurrences(
                series.rrule,
                series.start_time,
                tz,
                first_day=series.first_day,
                after=now - timedelta(days=1),
                until=now + HORIZON,
            )
            if series.ended_on is not None:
                starts = [s for s in starts if s.astimezone(tz).date() < series.ended_on]
            duration = timedelta(minutes=series.duration_minutes)
            spans = [(s.astimezone(UTC), (s + duration).astimezone(UTC)) for s in starts]
            added = await meetups.add_occurrences(session, series, spans, created_at=now)
            if added:
                log.info("series %d: stored %d more occurrences", series.id, added)

    async def _plan(self, now: datetime) -> tuple[list[PlannedPost], set[str]]:
        async with self._sessions() as session:
            stored = await meetups.scheduled_between(
                session, start=now - FOLLOWUP_GRACE - timedelta(days=1), end=now + HORIZON
            )
            done = await deliveries.keys_with_prefix(session, JOB_PREFIX)
            planned: list[PlannedPost] = []
            for meetup in stored:
                if meetup.network_id not in self._networks:
                    continue
                _, config = self._networks[meetup.network_id]
                kinds = await post_settings.enabled_kinds(
                    session, meetup.network_id, list(PostKind)
                )
                enabled = [PostKind(k) for k, on in kinds.items() if on]
                planned += plan_posts(meetup, config.posts, ZoneInfo(config.timezone), enabled)
        return planned, done

    async def _fire(self, post: PlannedPost) -> None:
        """Store the post as a delivery (once) and wake the sender."""
        try:
            stored = await self._store(post)
        except Exception:
            log.exception("could not prepare %s", post.key)
            return
        if stored:
            self._sender.notify()

    async def _store(self, post: PlannedPost) -> bool:
        now = self._now()
        record, config = self._networks[post.network_id]
        async with self._sessions() as session, session.begin():
            if await deliveries.get(session, post.key) is not None:
                return False
            meetup = await meetups.get_meetup(session, post.network_id, post.meetup_id)
            if (
                meetup is None
                or meetup.status != "scheduled"
                or meetup.starts_at != post.occurrence
            ):
                return False
            if now > post.send_until:
                log.warning(
                    "skipping %s: due %s, window closed %s", post.key, post.due_at, post.send_until
                )
                await self._enqueue(session, post, record, {}, now)
                await deliveries.mark_skipped(
                    session, post.key, reason="missed while the bot was down"
                )
                return False
            reply = await self._compose(
                session, record, meetup, post.kind, post.is_late(now), times=config.posts, now=now
            )
            content = reply_contents(reply, language=config.language)[0]
            await self._enqueue(session, post, record, content, now)
            log.info(
                "%s post for meet-up %d%s",
                post.kind,
                meetup.id,
                " (late)" if post.is_late(now) else "",
            )
            return True

    async def _enqueue(
        self,
        session: AsyncSession,
        post: PlannedPost,
        network: NetworkRecord,
        content: dict,
        now: datetime,
    ) -> None:
        await deliveries.enqueue(
            session,
            key=post.key,
            room_id=network.room_id,
            kind=str(post.kind),
            due_at=post.due_at,
            content=content,
            network_id=network.id,
            grace_seconds=int((post.send_until - post.due_at).total_seconds()),
            created_at=now,
            meetup_id=post.meetup_id,
        )
