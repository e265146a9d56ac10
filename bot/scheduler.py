"""Scheduled posts, derived from the database and kept in APScheduler.

The database is the truth (DESIGN.md invariant 3): `rebuild()` asks every post source
(meet-ups, action items) which posts the stored rows imply and keeps exactly one APScheduler
date job per post due soon. It runs at start (alongside the first sync) and every few hours
for every network, and after a change for that network only (`request_rebuild`, coalesced).
A post is stored as a delivery with a unique key before it is sent (invariant 4), so firing
twice or restarting never posts twice. A post that fell due while the bot was down is sent
late, saying so, while its window is open, and recorded as skipped after (invariant 5).

Posts that show what changes (a meet-up's agenda and answers) are edited in place until the
meet-up starts (invariant 13): each rebuild, and each RSVP by reaction, compares what such a
post would say now with what it last said (a fingerprint kept in bot_state) and stores an
edit as a delivery of its own, `<post key>:edit:<n>`, sent exactly once like a post. A
cancelled or moved meet-up's posts are edited the same way, and a near one's change gets a
short announcement, a delivery with its own key (`PostSource.news`).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_RUNNING
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import utc_now
from bot.pipeline import Change
from bot.sender import Sender, edit_content, reply_events
from commands.posts.base import Current, Networks, News, Post, PostSource
from commands.posts.plan import LATE_AFTER
from storage import deliveries, events, state

log = logging.getLogger(__name__)

REFRESH_HOURS = 6
REFRESH_JOB = "refresh"
FORGET_JOB = "forget-old-commands"
KEEP_HANDLED = timedelta(days=7)
"""Longer than the longest catch-up window (a day), so no command can be answered twice."""
ARM_AHEAD = timedelta(hours=2 * REFRESH_HOURS + 1)
"""Only posts due this soon get an APScheduler job; each refresh arms the next ones. Twice
the refresh interval, so one failed refresh loses nothing. Arming every post of the 120-day
horizon (9,000 jobs for 50 networks) took seconds at each start: APScheduler inspects the
callable and logs for every job it adds."""
LAST_REBUILD_KEY = "scheduler.last_rebuild"
SHOWN_KEY = "post.shown:"
"""+ post key: fingerprints of what an editable post says (both variants until it is sent)."""
NEWS_KIND = "meetup_news"
"""The delivery kind of a short post announcing that a near meet-up was cancelled or moved."""
FIRST_LOOK_BACK = timedelta(days=2)
"""How far back the plan reaches: to the last rebuild (so every post missed during a long
downtime is recorded as skipped), and at least this far."""


async def no_wait(room_id: str) -> None:
    """Every room ready at once: the default where no joins are under way."""


class PostScheduler:
    """Keeps APScheduler's jobs equal to the posts the database implies."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        sender: Sender,
        *,
        networks: Networks,
        sources: Sequence[PostSource],
        now: Callable[[], datetime],
        on_rebuilt: Callable[[frozenset[int] | None], None] = lambda networks: None,
        wall: Callable[[], datetime] = utc_now,
        room_ready: Callable[[str], Awaitable[None]] = no_wait,
    ) -> None:
        self._sessions = sessions
        self._room_ready = room_ready  # a post names people from its room's synced members
        self._wall = wall
        self._on_rebuilt = on_rebuilt
        self._sender = sender
        self._networks = networks
        self._sources = {source.prefix: source for source in sources}
        self._now = now
        self._lock = asyncio.Lock()
        self._aps = AsyncIOScheduler(timezone=UTC)
        self._replanner: asyncio.Task[None] | None = None
        self._editor: asyncio.Task[None] | None = None
        self._edits_wanted = False
        self._pending: set[int] = set()
        self._pending_all = False
        self._ahead: dict[str, tuple[int, datetime]] = {}

    async def start(self, synced: asyncio.Event | None = None) -> None:
        """Plan everything and arm the posts ahead at once, alongside the first sync; start
        APScheduler and store what is due by now once `synced` is set (posts name people
        from the synced room state). The sent posts are brought up to date right after, in
        the background (`replanned` waits for that too)."""
        self._aps.start(paused=True)
        self._aps.add_job(
            self._safe_rebuild,
            "interval",
            hours=REFRESH_HOURS,
            id=REFRESH_JOB,
            misfire_grace_time=3600,
        )
        self._aps.add_job(
            self.forget_old_commands, "interval", hours=24, id=FORGET_JOB, misfire_grace_time=3600
        )
        async with self._lock:
            planned_at, due = await self._arm(None)
            if synced is not None:
                await synced.wait()
            if self._now() - planned_at > timedelta(hours=REFRESH_HOURS):  # homeserver away
                planned_at, due = await self._arm(None)  # long: posts beyond ARM_AHEAD are near
            self._aps.resume()
            await self._store_due(planned_at, due, None)
        self._on_rebuilt(None)
        self.request_edits()
        await self.forget_old_commands()

    def stop(self) -> None:
        """Drop all jobs; they are rebuilt from the database at the next start."""
        if self._aps.running:
            self._aps.shutdown(wait=False)
        for task in (self._replanner, self._editor):
            if task is not None:
                task.cancel()

    @property
    def running(self) -> bool:
        """Whether APScheduler runs (for /health); false before the first sync."""
        return self._aps.state == STATE_RUNNING

    def planned_jobs(self) -> dict[str, datetime]:
        """Post key → due time (bot clock) of every planned post still ahead.

        Those due within `ARM_AHEAD` wait in APScheduler; later ones get their job at a
        later rebuild.
        """
        now = self._now()
        return {key: due for key, (_, due) in self._ahead.items() if due > now}

    def armed_jobs(self) -> dict[str, datetime]:
        """Post key → when APScheduler runs its job, on the bot clock."""
        offset = self._offset()
        return {
            job.id: job.next_run_time + offset
            for job in self._aps.get_jobs()
            if job.id not in (REFRESH_JOB, FORGET_JOB)
        }

    def _offset(self) -> timedelta:
        """Bot clock minus wall clock, both read now: APScheduler runs on the wall clock.

        Read when arming, not at the start of a rebuild: an offset taken before planning
        made every job fire as late as the planning took (a second at start with 50 networks).
        """
        return self._now() - self._wall()

    async def forget_old_commands(self) -> None:
        """Drop the marks of commands handled more than a week ago (data minimisation)."""
        try:
            async with self._sessions() as session, session.begin():
                dropped = await events.forget_before(session, self._now() - KEEP_HANDLED)
        except Exception:
            log.exception("could not drop old command marks; next try tomorrow")
            return
        if dropped:
            log.info("dropped %d marks of commands handled before a week ago", dropped)

    def after_change(self, change: Change) -> None:
        """What the command pipeline reports: a kept change re-plans its network if the
        registry declares the command able to change the plan; reading never re-plans."""
        if change.replans and change.network_id is not None:
            self.request_rebuild(change.network_id)
        elif change.edits_posts:
            self.request_edits()

    def request_edits(self) -> None:
        """Bring sent posts up to date soon (after a new topic or an RSVP); no re-planning.

        Requests coalesce like re-plans: one task compares, and whatever is asked while it
        runs is served by one more comparison after it.
        """
        self._edits_wanted = True
        if self._editor is None:
            self._editor = asyncio.get_running_loop().create_task(self._edit_wanted())

    async def _edit_wanted(self) -> None:
        try:
            while self._edits_wanted:
                self._edits_wanted = False
                await self._safe_edits()
        finally:
            self._editor = None

    def request_rebuild(self, network_id: int | None = None) -> None:
        """Re-plan one network (None: all) soon, without making the caller wait.

        Requests coalesce: one task re-plans, and whatever is asked while it runs is served
        by one more rebuild after it, so a burst of changes costs at most two rebuilds, each
        of only the networks that changed.
        """
        if network_id is None:
            self._pending_all = True
        else:
            self._pending.add(network_id)
        if self._replanner is None:
            self._replanner = asyncio.get_running_loop().create_task(self._replan_pending())

    async def replanned(self) -> None:
        """Wait until every requested re-plan and edit check is done (shutdown and tests)."""
        while (task := self._replanner or self._editor) is not None:
            await asyncio.shield(task)

    async def _replan_pending(self) -> None:
        try:
            while self._pending_all or self._pending:
                only = None if self._pending_all else frozenset(self._pending)
                self._pending, self._pending_all = set(), False
                await self._safe_rebuild(only)
        finally:
            self._replanner = None

    async def _safe_rebuild(self, only: frozenset[int] | None = None) -> None:
        try:
            await self.rebuild(only)
        except Exception:
            log.exception("rebuilding the post schedule failed; next try in %d h", REFRESH_HOURS)

    async def _safe_edits(self) -> None:
        try:
            await self.edit_changed()
        except Exception:
            log.exception("editing sent posts failed; next try at the next change")

    async def rebuild(self, only: frozenset[int] | None = None) -> None:
        """Let the sources store what they need, then make the jobs match their plans;
        with `only`, of those networks alone (the others' jobs stay as they are)."""
        async with self._lock:
            await self._store_due(*await self._arm(only), only)
            await self._edit_changed()
        self._on_rebuilt(only)

    async def _arm(self, only: frozenset[int] | None) -> tuple[datetime, list[Post]]:
        """Store what the sources need and arm the posts ahead; return the time planned
        for and the posts due by then."""
        now = self._now()
        async with self._sessions() as session, session.begin():
            last = await state.get_value(session, LAST_REBUILD_KEY)
            since = min(datetime.fromisoformat(last) if last else now, now - FIRST_LOOK_BACK)
            for source in self._sources.values():
                await source.prepare(session, now, since, only=only)
        keyed: dict[str, Post] = {}
        async with self._sessions() as session:
            for source in self._sources.values():
                posts = await source.plan(session, now, since, only=only)
                keyed |= {p.key: p for p in posts if p.network_id in self._networks}
            done = await deliveries.existing_keys(session, keyed)
        left = {key: p for key, p in keyed.items() if key not in done}
        ahead = {key: p for key, p in left.items() if p.due_at > now}
        armed = {key: p for key, p in ahead.items() if p.due_at <= now + ARM_AHEAD}
        for job in self._aps.get_jobs():
            if job.id in (REFRESH_JOB, FORGET_JOB) or job.id in armed:
                continue
            if only is None or job.args[0].network_id in only:
                job.remove()
        kept = {k: v for k, v in self._ahead.items() if only is not None and v[0] not in only}
        self._ahead = kept | {key: (p.network_id, p.due_at) for key, p in ahead.items()}
        offset = self._offset()
        for key, post in armed.items():
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
        return now, [post for post in left.values() if post.due_at <= now]

    async def _store_due(
        self, planned_at: datetime, due: list[Post], only: frozenset[int] | None
    ) -> None:
        """Store the posts `_arm` found due (sent late or skipped, by their windows)."""
        for post in due:
            await self._fire(post)
        if only is None:  # "planned up to here" holds for every network only now
            async with self._sessions() as session, session.begin():
                await state.set_value(session, LAST_REBUILD_KEY, planned_at.isoformat())

    async def edit_changed(self) -> None:
        """Store an edit for every sent editable post whose text has changed since."""
        async with self._lock:
            await self._edit_changed()

    async def _edit_changed(self) -> None:
        now = self._now()
        stored = 0
        async with self._sessions() as session, session.begin():
            for source in self._sources.values():
                for news in await source.news(session, now):
                    stored += await self._announce(session, news, now)
                for current in await source.current(session, now):
                    stored += await self._edit(session, current, now)
        if stored:
            self._sender.notify()

    async def _announce(self, session: AsyncSession, news: News, now: datetime) -> bool:
        """Store a change's announcement as a delivery of its own (its key: exactly once)."""
        if news.network_id not in self._networks or news.until <= now:
            return False
        network, config = self._networks[news.network_id]
        await deliveries.enqueue(
            session,
            key=news.key,
            room_id=network.room_id,
            kind=NEWS_KIND,
            due_at=now,
            content=reply_events(news.reply, language=config.language)[0].content,
            network_id=network.id,
            grace_seconds=int((news.until - now).total_seconds()),
            created_at=now,
            meetup_id=news.meetup_id,
        )
        log.info("stored announcement %s", news.key)
        return True

    async def _edit(self, session: AsyncSession, current: Current, now: datetime) -> bool:
        sent = current.sent
        if sent.network_id not in self._networks or sent.event_id is None:
            return False
        network, config = self._networks[sent.network_id]
        if sent.room_id != network.room_id:  # sent before a room upgrade: the old room is shut
            return False
        content = reply_events(current.reply, language=config.language)[0].content
        shown = await state.get_value(session, SHOWN_KEY + sent.key)
        if shown is None and current.restore_only:
            return False  # never edited, so it still reads as sent
        if shown is not None and _fingerprint(content) in shown.split():
            return False
        number = len(await deliveries.keys_with_prefix(session, f"{sent.key}:edit:")) + 1
        await deliveries.enqueue(
            session,
            key=f"{sent.key}:edit:{number}",
            room_id=sent.room_id,
            kind=f"{sent.kind}_edit",
            due_at=now,
            content=edit_content(content, replaces=sent.event_id),
            network_id=sent.network_id,
            grace_seconds=max(0, int((current.until - now).total_seconds())),
            created_at=now,
            meetup_id=sent.meetup_id,
        )
        await state.set_value(session, SHOWN_KEY + sent.key, _fingerprint(content))
        log.info("stored edit %d of %s", number, sent.key)
        return True

    async def _fire(self, post: Post) -> None:
        """Store the post as a delivery (once) and wake the sender."""
        if post.network_id in self._networks:
            await self._room_ready(self._networks[post.network_id][0].room_id)
        try:
            stored = await self._store(post)
        except Exception:
            log.exception("could not prepare %s", post.key)
            return
        if stored:
            self._sender.notify()

    async def _store(self, post: Post) -> bool:
        now = self._now()
        source = next(s for prefix, s in self._sources.items() if post.key.startswith(prefix))
        async with self._sessions() as session, session.begin():
            if await deliveries.get(session, post.key) is not None:
                return False
            if now > post.send_until:
                log.warning(
                    "skipping %s: due %s, window closed %s", post.key, post.due_at, post.send_until
                )
                await self._enqueue(session, post, {}, now)
                await deliveries.mark_skipped(
                    session, post.key, reason="missed while the bot was down"
                )
                return False
            late = now - post.due_at > LATE_AFTER
            reply = await source.compose(session, post, late=late, now=now)
            if reply is None:  # e.g. the meet-up was cancelled, nothing is due any more
                await self._enqueue(session, post, {}, now)
                await deliveries.mark_skipped(session, post.key, reason="nothing to post")
                return False
            _, config = self._networks[post.network_id]
            content = reply_events(reply, language=config.language)[0].content
            shown = [_fingerprint(content)]
            late_content = None
            if not late:  # sent instead if an outage holds the post back (bot.sender)
                late_reply = await source.late_version(session, post, reply)
                late_content = reply_events(late_reply, language=config.language)[0].content
                shown.append(_fingerprint(late_content))
            await self._enqueue(session, post, content, now, late_content=late_content)
            if str(post.kind) in source.editable:
                await state.set_value(session, SHOWN_KEY + post.key, " ".join(shown))
            log.info("stored post %s%s", post.key, " (late)" if late else "")
            return True

    async def _enqueue(
        self,
        session: AsyncSession,
        post: Post,
        content: dict,
        now: datetime,
        *,
        late_content: dict | None = None,
    ) -> None:
        network, _ = self._networks[post.network_id]
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
            meetup_id=getattr(post, "meetup_id", None),
            late_content=late_content,
        )


def _fingerprint(content: dict[str, Any]) -> str:
    """What a message says, in short: equal texts give equal fingerprints."""
    text = json.dumps([content["body"], content["formatted_body"]], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
