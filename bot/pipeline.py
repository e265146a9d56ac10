"""Handle one command exactly once: route it, store the reply, remember the event.

The handler's writes, the reply delivery and the "handled" mark are committed in one
transaction, so a crash leaves either nothing (the command is handled again after restart)
or everything (the stored reply is sent, never computed twice). An answer that changed
nothing goes to the sender before that transaction (`Sender.send_first`), so its PUT is on
its way while the rows are written: a crash in between answers the command again after the
restart with the same transaction id, which the homeserver takes as the same event. Every
kept change is reported (`on_change`) with its network and whether the registry declares the
command able to change what the scheduler plans, so reading commands never cost a re-plan.
A read command asked again gets its kept answer while that still holds (bot/answers.py).

An edited command (`Invocation.replaces`) is handled once like any event. What happens
depends on what the edited command came to, as its mark records: one that changed stored
data is not run again (the edit gets a short answer saying to send the command anew); one
whose answer was an error, a usage hint or "Meinten Sie …?", or that only showed something,
is run with the new text and its earlier answer is edited (`m.replace`) to the new one. A new
message goes out instead where there is no sent answer to edit, or where the new answer is
meant to reach people (an edit notifies nobody). Edits of events the bot never answered
(plain chat, before its time, someone else's message) are ignored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.answers import Answers
from bot.flood import DEFAULT_TIMEZONE, REPLAY_HORIZON, FloodLimiter, Throttled, slow_down_notice
from bot.metrics import Metrics
from bot.sender import edit_content, reply_events
from commands.catalogue import language_or_default, t
from commands.context import Context, Expiry
from commands.invocation import Invocation
from commands.posts.plan import PostTimes
from commands.registry import Registry
from commands.reply import Reply
from commands.router import Routed, route, split_command
from storage import deliveries, events
from storage.records import DeliveryRecord, HandledRecord, NetworkRecord
from storage.writes import watching

log = logging.getLogger(__name__)

RECENT = 1000
"""How many events handled in this run are remembered, so one the sync brings again (after
a failed sync) is known without a look at the database."""
HANDLER_TIMEOUT_SECONDS = 30.0
"""A handler that takes longer is abandoned with an apology, so the sync loop goes on."""


@dataclass(frozen=True, slots=True)
class Standing:
    """What the room state says about the sender: their network and whether they moderate."""

    network: NetworkRecord | None
    is_moderator: bool
    member_of: tuple[NetworkRecord, ...] = ()
    display_names: Mapping[str, str] = field(default_factory=dict)
    """Display names in the network's room, to name people by (`commands.names`)."""


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
        send_first: Callable[[DeliveryRecord], asyncio.Future[bool] | None] = lambda r: None,
        flood: FloodLimiter | None = None,
        metrics: Metrics | None = None,
        links_url: str | None = None,
    ) -> None:
        self._metrics = Metrics() if metrics is None else metrics
        self._flood = FloodLimiter() if flood is None else flood
        self._sessions = sessions
        self._posts_for = posts_for
        self._on_change = on_change
        self._on_stored = on_stored
        self._send_first = send_first
        self._registry = registry
        self._prefix = prefix
        self._catch_up = catch_up
        self._now = now
        self._links_url = links_url
        self._since: datetime | None = None
        self._recent: dict[tuple[str, str], None] = {}
        self._answers = Answers(registry, prefix, now)

    @property
    def catch_up(self) -> timedelta:
        """How old a command may be and still be answered."""
        return self._catch_up

    async def handle(self, inv: Invocation, standing: Standing) -> bool:
        """Handle `inv` unless it was handled before; True if a reply was stored.

        Only an event that reached the homeserver before this pipeline handled its first
        can have been handled by an earlier run, so only such an event (and every edit)
        costs a look at the marks first; one handled in this run is remembered (the last
        `RECENT`). Whatever slips through, the mark's INSERT refuses it and the answer is
        dropped.
        """
        event = (inv.room_id, inv.event_id)
        if event in self._recent:
            return False
        if self._since is None:
            self._since = self._now()
        maybe_seen = inv.sent_at < self._since or inv.replaces is not None
        stored = await self._handle(inv, standing, maybe_seen=maybe_seen)
        self._recent[event] = None
        if len(self._recent) > RECENT:
            del self._recent[next(iter(self._recent))]
        return stored

    async def _handle(self, inv: Invocation, standing: Standing, *, maybe_seen: bool) -> bool:
        async with self._sessions() as session:
            if maybe_seen and await events.is_handled(session, inv.room_id, inv.event_id):
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
            expiry = Expiry(self._now)
            ctx = Context(
                session=session,
                network=standing.network,
                language=language,
                prefix=self._prefix,
                is_moderator=standing.is_moderator,
                now=expiry.now,
                expiry=expiry,
                posts=self._posts_for(network_id) if network_id is not None else PostTimes(),
                member_of=standing.member_of,
                links_url=self._links_url,
                display_names=standing.display_names,
            )
            if inv.replaces is not None:
                return await self._edited(session, inv, ctx, network_id, now)
            ran = await self._run(inv, ctx)
            if ran is None:
                return False
            routed, result = ran
            records = self._reply_records(inv, routed.reply, language, network_id, now)
            first = self._first(records, result)
            try:
                if first is not None:
                    await asyncio.sleep(0)  # the sender starts the PUT before the rows are written
                stored = await self._store(session, records)
                key = stored[0].key
                if not await self._mark(session, inv, network_id, now, "answered", result, key):
                    await session.rollback()  # handled by an earlier run after all
                    return False
                await session.commit()
                if first is not None and not first.done():
                    first.set_result(True)
            finally:
                if first is not None and not first.done():
                    first.set_result(False)  # not stored: the sender records nothing
        if first is None:
            self._on_stored(stored)
        self._after(inv, routed, network_id)
        return True

    def _first(self, records: list[DeliveryRecord], result: str) -> asyncio.Future[bool] | None:
        """Hand a lone answer of a command that changed nothing to the sender before it is
        stored; the future to set once it is (or is not), None if it waits for the commit."""
        if result == events.CHANGED or len(records) != 1:
            return None
        return self._send_first(records[0])

    async def _run(self, inv: Invocation, ctx: Context) -> tuple[Routed, str] | None:
        """Route `inv`: the answer and what the command came to (`events.CHANGED`, `READ`,
        `ERROR`); None (its writes undone) if it is no command or took too long. A kept
        answer that still holds is served instead (bot/answers.py)."""
        session = ctx.session
        lookup = await self._answers.look(session, inv, ctx)
        if lookup is not None and lookup.found is not None:
            self._metrics.answer_reused()
            return lookup.found, events.READ
        try:
            with watching(session) as writes:
                async with asyncio.timeout(HANDLER_TIMEOUT_SECONDS):  # no extra task per command
                    routed = await route(inv, ctx, self._registry)
        except TimeoutError:
            log.error("command %s in %s timed out", inv.event_id, inv.room_id)
            await session.rollback()
            self._count(inv, "timeout")
            return None
        if routed is None:
            await session.rollback()
            return None
        if not routed.keep_changes:
            await session.rollback()
            return routed, events.ERROR
        if writes.seen:
            return routed, events.CHANGED
        if lookup is not None and routed.outcome == "ok" and ctx.expiry is not None:
            self._answers.keep(lookup, routed, ctx.expiry.at)
        return routed, events.READ

    async def _edited(
        self,
        session: AsyncSession,
        inv: Invocation,
        ctx: Context,
        network_id: int | None,
        now: datetime,
    ) -> bool:
        """Handle an edit of a command (module docstring); True if an answer was stored."""
        assert inv.replaces is not None
        original = await events.get(session, inv.room_id, inv.replaces)
        if original is None or original.sender != inv.sender or original.result is None:
            await self._mark(session, inv, network_id, now, "ignored")
            await session.commit()
            return False
        if original.result == events.CHANGED:
            command = " ".join(inv.text.split())
            notice = Reply.text(t(ctx.language, "edit.not_again", command=command))
            records = self._reply_records(
                inv, notice, ctx.language, network_id, now, in_reply_to=inv.replaces
            )
            stored = await self._store(session, records)
            await self._mark(session, inv, network_id, now, "answered", reply_key=stored[0].key)
            await session.commit()
            self._on_stored(stored)
            self._count(inv, "edit_refused")
            return True
        ran = await self._run(inv, ctx)
        if ran is None:
            await self._mark(session, inv, network_id, now, "ignored")
            await session.commit()
            return False
        routed, result = ran
        shown = await self._editable(session, original, routed.reply)
        records = self._reply_records(
            inv, routed.reply, ctx.language, network_id, now, in_reply_to=inv.replaces, edits=shown
        )
        stored = await self._store(session, records)
        key = stored[0].key
        await self._mark(session, inv, network_id, now, "answered", reply_key=key)
        shown_key = original.reply_key if shown is not None else key
        assert shown_key is not None
        await events.settle(session, inv.room_id, inv.replaces, result=result, reply_key=shown_key)
        await session.commit()
        self._on_stored(stored)
        self._after(inv, routed, network_id)
        return True

    @staticmethod
    async def _editable(session: AsyncSession, original: HandledRecord, reply: Reply) -> str | None:
        """The event of the original's answer an edit may replace with `reply`: sent, and
        `reply` not meant to reach people (an edit notifies nobody)."""
        if reply.attention or original.reply_key is None:
            return None
        shown = await deliveries.get(session, original.reply_key)
        return None if shown is None else shown.event_id

    def _after(self, inv: Invocation, routed: Routed, network_id: int | None) -> None:
        """Count the command and report kept changes."""
        self._count(inv, routed.outcome)
        if routed.keep_changes:
            replans = routed.changes_plan and network_id is not None
            edits = routed.changes_posts and network_id is not None
            self._on_change(Change(network_id, replans=replans, edits_posts=edits))

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
        result: str | None = None,
        reply_key: str | None = None,
    ) -> bool:
        """Mark `inv` handled; False if it was marked before (then nothing was written)."""
        return await events.mark_handled(
            session,
            room_id=inv.room_id,
            event_id=inv.event_id,
            network_id=network_id,
            sender=inv.sender,
            sent_at=inv.sent_at,
            handled_at=now,
            outcome=outcome,
            result=result,
            reply_key=reply_key,
        )

    @staticmethod
    async def _store(session: AsyncSession, records: list[DeliveryRecord]) -> list[DeliveryRecord]:
        """Store the answer's deliveries (`_reply_records`): the pending rows."""
        return [await deliveries.store(session, record) for record in records]

    def _reply_records(
        self,
        inv: Invocation,
        reply: Reply,
        language: str,
        network_id: int | None,
        now: datetime,
        *,
        in_reply_to: str | None = None,
        edits: str | None = None,
    ) -> list[DeliveryRecord]:
        """The answer to `inv`, replying to `in_reply_to` (default: `inv`) or as an edit of
        the event `edits`, as deliveries not stored yet: the message first."""
        events = reply_events(
            reply,
            language=language,
            in_reply_to=in_reply_to or inv.event_id,
            thread_root=inv.thread_root,
        )
        if edits is not None:
            events[0] = replace(events[0], content=edit_content(events[0].content, replaces=edits))
        key = f"reply:{inv.room_id}:{inv.event_id}"
        targets = [(f"{key}:file{i}" if i else key, inv.room_id, e) for i, e in enumerate(events)]
        if reply.direct is not None:  # the sender opens the direct chat with the asker
            privately = reply_events(reply.direct, language=language)
            targets += [(f"{key}:direct{i}", inv.sender, e) for i, e in enumerate(privately)]
        return [
            deliveries.unsaved(
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
