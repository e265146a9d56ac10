"""Handle one command exactly once: route it, store the reply, remember the event.

The handler's writes, the reply delivery and the "handled" mark are committed in one
transaction, so a crash leaves either nothing (the command is handled again after restart)
or everything (the stored reply is sent, never computed twice). Every kept change is
reported (`on_change`) with its network and whether the registry declares the command able
to change what the scheduler plans, so reading commands never cost a re-plan.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.flood import DEFAULT_TIMEZONE, REPLAY_HORIZON, FloodLimiter, Throttled, slow_down_notice
from bot.metrics import Metrics
from bot.sender import reply_events
from commands.catalogue import language_or_default
from commands.context import Context
from commands.invocation import Invocation
from commands.posts.plan import PostTimes
from commands.registry import Registry
from commands.reply import Reply
from commands.router import route, split_command
from storage import deliveries, events
from storage.records import DeliveryRecord, NetworkRecord

log = logging.getLogger(__name__)

HANDLER_TIMEOUT_SECONDS = 30.0
"""A handler that takes longer is abandoned with an apology, so the sync loop goes on."""


@dataclass(frozen=True, slots=True)
class Standing:
    """What the room state says about the sender: their network and whether they moderate."""

    network: NetworkRecord | None
    is_moderator: bool
    member_of: tuple[NetworkRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class Change:
    """A command's writes were kept: in which network, and whether they may have changed
    what the scheduler plans there (only then is that network re-planned) or what its sent
    posts show (only then are they compared and edited)."""

    network_id: int | None
    replans: bool
    edits_posts: bool = False


class CommandPipeline:
    """From an invocation to a stored reply, once per event."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        registry: Registry,
        *,
        prefix: str,
        catch_up: timedelta,
        now: Callable[[], datetime],
        posts_for: Callable[[int], PostTimes] = lambda network_id: PostTimes(),
        on_change: Callable[[Change], None] = lambda change: None,
        on_stored: Callable[[list[DeliveryRecord]], None] = lambda records: None,
        flood: FloodLimiter | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._metrics = Metrics() if metrics is None else metrics
        self._flood = FloodLimiter() if flood is None else flood
        self._sessions = sessions
        self._posts_for = posts_for
        self._on_change = on_change
        self._on_stored = on_stored
        self._registry = registry
        self._prefix = prefix
        self._catch_up = catch_up
        self._now = now

    @property
    def catch_up(self) -> timedelta:
        """How old a command may be and still be answered."""
        return self._catch_up

    async def handle(self, inv: Invocation, standing: Standing) -> bool:
        """Handle `inv` unless it was handled before; True if a reply was stored."""
        async with self._sessions() as session:
            if await events.is_handled(session, inv.room_id, inv.event_id):
                return False
            now = self._now()
            network_id = standing.network.id if standing.network else None
            if now - inv.sent_at > self._catch_up:
                if _looks_like_command(inv.text, self._prefix):
                    log.info(
                        "not answering %s from %s: sent %s, too long ago",
                        inv.event_id,
                        inv.sender,
                        inv.sent_at,
                    )
                    await self._mark(session, inv, network_id, now, "too_old")
                    await session.commit()
                    self._count(inv, "too_old")
                return False
            if not self._flood.replayed:  # once after start: count what the last run counted
                since = now - self._catch_up - REPLAY_HORIZON
                self._flood.replay(await events.counted_since(session, since))
            throttled = self._flood.check(inv.sender, inv.sent_at)
            if throttled is not None:
                await self._skip(session, inv, standing, now, throttled)
                self._count(inv, "throttled")
                return throttled.tell  # the first of a flood stores the slow-down notice
            language = language_or_default(standing.network.language if standing.network else None)
            ctx = Context(
                session=session,
                network=standing.network,
                language=language,
                prefix=self._prefix,
                is_moderator=standing.is_moderator,
                now=self._now,
                posts=self._posts_for(network_id) if network_id is not None else PostTimes(),
                member_of=standing.member_of,
            )
            try:
                async with asyncio.timeout(HANDLER_TIMEOUT_SECONDS):  # no extra task per command
                    routed = await route(inv, ctx, self._registry)
            except TimeoutError:
                log.error("command %s in %s timed out", inv.event_id, inv.room_id)
                await session.rollback()
                self._count(inv, "timeout")
                return False
            if routed is None:
                await session.rollback()
                return False
            if not routed.keep_changes:
                await session.rollback()
            await self._mark(session, inv, network_id, now, "answered")
            stored = await self._store_reply(session, inv, routed.reply, language, network_id, now)
            await session.commit()
        self._on_stored(stored)
        self._count(inv, routed.outcome)
        if routed.keep_changes:
            replans = routed.changes_plan and network_id is not None
            edits = routed.changes_posts and network_id is not None
            self._on_change(Change(network_id, replans=replans, edits_posts=edits))
        return True

    def _count(self, inv: Invocation, outcome: str) -> None:
        """Count the command under its registry name; typos and non-commands as "unknown"."""
        parsed = split_command(inv.text, self._prefix)
        entry = self._registry.find(parsed.name) if parsed else None
        self._metrics.command_handled(entry.command.name if entry else "unknown", outcome)

    async def _skip(
        self,
        session: AsyncSession,
        inv: Invocation,
        standing: Standing,
        now: datetime,
        throttled: Throttled,
    ) -> None:
        """A command of a flood: marked "throttled", never answered; the first gets a notice."""
        network = standing.network
        network_id = network.id if network else None
        await self._mark(session, inv, network_id, now, "throttled")
        notice: DeliveryRecord | None = None
        if throttled.tell:
            log.warning(
                "command flood from %s (from %s in %s): skipping commands until %s",
                inv.sender,
                inv.event_id,
                inv.room_id,
                throttled.resume_at,
            )
            language = language_or_default(network.language if network else None)
            text = slow_down_notice(
                inv.sender,
                throttled.resume_at,
                language=language,
                timezone=network.timezone if network else DEFAULT_TIMEZONE,
            )
            [event] = reply_events(
                text, language=language, in_reply_to=inv.event_id, thread_root=inv.thread_root
            )
            notice = await deliveries.enqueue(
                session,
                key=f"slowdown:{inv.room_id}:{inv.sender}:{inv.event_id}",
                room_id=inv.room_id,
                kind="reply",
                due_at=now,
                content=event.content,
                network_id=network_id,
                grace_seconds=int(self._catch_up.total_seconds()),
                created_at=now,
            )
        await session.commit()
        if notice is not None:
            self._on_stored([notice])

    async def _mark(
        self,
        session: AsyncSession,
        inv: Invocation,
        network_id: int | None,
        now: datetime,
        outcome: str,
    ) -> None:
        await events.mark_handled(
            session,
            room_id=inv.room_id,
            event_id=inv.event_id,
            network_id=network_id,
            sender=inv.sender,
            sent_at=inv.sent_at,
            handled_at=now,
            outcome=outcome,
        )

    async def _store_reply(
        self,
        session: AsyncSession,
        inv: Invocation,
        reply: Reply,
        language: str,
        network_id: int | None,
        now: datetime,
    ) -> list[DeliveryRecord]:
        """Store the reply's events as pending deliveries; their records, in order."""
        events = reply_events(
            reply, language=language, in_reply_to=inv.event_id, thread_root=inv.thread_root
        )
        key = f"reply:{inv.room_id}:{inv.event_id}"
        targets = [(f"{key}:file{i}" if i else key, inv.room_id, e) for i, e in enumerate(events)]
        if reply.direct is not None:  # the sender opens the direct chat with the asker
            privately = reply_events(reply.direct, language=language)
            targets += [(f"{key}:direct{i}", inv.sender, e) for i, e in enumerate(privately)]
        return [
            await deliveries.enqueue(
                session,
                key=target_key,
                room_id=room_id,
                kind="reply",
                due_at=now,
                content=event.content,
                upload=event.upload,
                network_id=network_id,
                grace_seconds=int(self._catch_up.total_seconds()),
                created_at=now,
            )
            for target_key, room_id, event in targets
        ]


def _looks_like_command(text: str, prefix: str) -> bool:
    return text.strip().startswith(prefix)
