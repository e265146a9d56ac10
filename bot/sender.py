"""The only code that sends to Matrix (DESIGN.md invariants 2 and 4).

Everything the bot says is first stored as a delivery row (`storage.deliveries`) with a key
and a transaction id derived from it; this module sends due rows in order and marks a row
sent only with the event id the homeserver returned. Sending the same row again after a
crash reuses the transaction id, so Synapse returns the first event instead of a duplicate.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from aiohttp import ClientConnectionError
from nio import (
    AsyncClient,
    RoomSendResponse,
    UploadResponse,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.direct_chats import DirectChats
from bot.metrics import Metrics
from commands.catalogue import t
from commands.meetups.reactions import OFFERED
from commands.posts.plan import ANSWERABLE, LATE_AFTER
from commands.rendering import render
from commands.reply import Reply
from storage import deliveries
from storage.records import DeliveryRecord

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
"""After this many failed sends a delivery is given up and logged as failed. Sends that
found the homeserver unreachable do not count: they go on (at most a minute apart) until
the delivery's window closes, so an outage longer than eight tries loses nothing."""
UNREACHABLE = (ClientConnectionError, TimeoutError)

BATCH = 200
DIRECT_WAIT_SECONDS = 5.0
SENT, DONE, RETRY = "sent", "done", "retry"
REACTION_KIND = "reaction"

ROOMS_AT_ONCE = 8
"""Rooms sent to side by side: posts due at one instant in many networks go out together,
while the database's pool (5 + 10 connections) is never exhausted."""

IDLE_SECONDS = 5.0
"""How often the worker looks for due rows when nobody wakes it."""


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One event to send: its content and, for a file, the bytes to upload right before."""

    content: dict[str, Any]
    upload: bytes | None = None


def _relation(in_reply_to: str | None, thread_root: str | None) -> dict[str, Any]:
    if thread_root is not None:
        return {
            "m.relates_to": {
                "rel_type": "m.thread",
                "event_id": thread_root,
                "is_falling_back": True,
                "m.in_reply_to": {"event_id": in_reply_to or thread_root},
            }
        }
    if in_reply_to is not None:
        return {"m.relates_to": {"m.in_reply_to": {"event_id": in_reply_to}}}
    return {}


def reply_events(
    reply: Reply, *, language: str, in_reply_to: str | None = None, thread_root: str | None = None
) -> list[Outgoing]:
    """The Matrix events for `reply`: the message, then one `m.file` per file.

    A reply meant to reach people (`Reply.attention`) is an `m.text` whose `m.mentions` lists
    exactly its notifying pills; any other is an `m.notice` with empty `m.mentions`, which
    notifies nobody (`.m.rule.suppress_notices`). `m.mentions` never holds `room`, so nothing
    the bot repeats can notify a whole room.
    """
    rendered = render(reply, cut_note=t(language, "render.cut"))
    relation = _relation(in_reply_to, thread_root)
    message: dict[str, Any] = {
        "msgtype": "m.text" if reply.attention else "m.notice",
        "body": rendered.plain,
        "format": "org.matrix.custom.html",
        "formatted_body": rendered.html,
        "m.mentions": {"user_ids": list(rendered.mentions)} if rendered.mentions else {},
        **relation,
    }
    files = [
        Outgoing(
            {
                "msgtype": "m.file",
                "body": f.filename,
                "filename": f.filename,
                "info": {"mimetype": f.mimetype, "size": len(f.data)},
                "m.mentions": {},
                **relation,
            },
            upload=f.data,
        )
        for f in reply.files
    ]
    return [Outgoing(message), *files]


def edit_content(content: dict[str, Any], *, replaces: str) -> dict[str, Any]:
    """An edit (`m.replace`) of the event `replaces` to read `content` (a message from
    `reply_events`): the new text in `m.new_content`, a `* ` fallback body for clients
    without edits. An edit pings nobody."""
    new = {key: content[key] for key in ("msgtype", "body", "format", "formatted_body")}
    new["m.mentions"] = {}
    return {
        **new,
        "body": "* " + new["body"],
        "formatted_body": "* " + new["formatted_body"],
        "m.new_content": new,
        "m.relates_to": {"rel_type": "m.replace", "event_id": replaces},
    }


def reaction_content(event_id: str, key: str) -> dict[str, Any]:
    """A reaction (`m.annotation`) with `key` to the event `event_id`."""
    return {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}


def event_type(content: dict[str, Any]) -> str:
    """`m.reaction` for a reaction's content, `m.room.message` for everything else."""
    relation = content.get("m.relates_to") or {}
    return "m.reaction" if relation.get("rel_type") == "m.annotation" else "m.room.message"


async def _stored(unstored: asyncio.Future[bool] | None) -> bool:
    """Whether a row's delivery row exists: always, unless it was sent before it was stored
    (`Sender.send_first`) and the pipeline then did not store it."""
    return unstored is None or await asyncio.shield(unstored)  # the pipeline's to settle


async def _offer_answers(
    session: AsyncSession, row: DeliveryRecord, event_id: str, sent_at: datetime
) -> None:
    """After a post that asks for answers: store the bot's own ✅ ❌ ❔ on it, so people
    answer with one click. Each is a delivery keyed by the post, so it is added once,
    also across restarts; the sync loop never counts the bot's own reactions."""
    if row.kind not in ANSWERABLE or row.meetup_id is None:
        return
    grace = None
    if row.grace_seconds is not None:  # no longer worth it once the post's window closed
        until = row.due_at + timedelta(seconds=row.grace_seconds)
        grace = max(0, int((until - sent_at).total_seconds()))
    for emoji, answer in OFFERED.items():
        await deliveries.enqueue(
            session,
            key=f"{row.key}:react:{answer}",
            room_id=row.room_id,
            kind=REACTION_KIND,
            due_at=sent_at,
            content=reaction_content(event_id, emoji),
            network_id=row.network_id,
            grace_seconds=grace,
            created_at=sent_at,
        )


class Sender:
    """Sends due deliveries one after another; woken by `notify()`, `hand_over()` or every
    few seconds.

    A reply the pipeline just stored is handed over as its record and sent without reading
    it back, as long as the sender knows there is nothing older to send first: its last
    look at the database settled every due row, nobody stored anything since (`notify()`),
    and no row waits for a retry. Otherwise it reads the due rows as always; the handed
    records are among them, committed before they were handed over.

    An answer that changed nothing may be handed over before it is stored (`send_first`):
    its row is marked sent, or its failure counted, only once the pipeline says it was
    stored. Not stored (the command was handled before, or the commit failed), nothing is
    recorded; the same key gives the same transaction id, so answering it again cannot
    post it twice.
    """

    def __init__(
        self,
        client: AsyncClient,
        sessions: async_sessionmaker[AsyncSession],
        now: Callable[[], datetime],
        metrics: Metrics | None = None,
    ) -> None:
        self._client = client
        self._sessions = sessions
        self._direct_chats = DirectChats(client, sessions)
        self._now = now
        self._metrics = Metrics() if metrics is None else metrics
        self._wake = asyncio.Event()
        self._retry_at: dict[str, datetime] = {}  # back-off only; after a restart all retry at once
        self._rooms_at_once = asyncio.Semaphore(ROOMS_AT_ONCE)
        self._handed: list[DeliveryRecord] = []
        self._in_hand = 0
        """Deliveries handed over that no flush has taken through yet (`reply_out`)."""
        self._hand_empty = asyncio.Event()
        self._hand_empty.set()
        self._running = False
        self._notified = 0
        self._settled_at = -1  # the `_notified` count when a look settled every due row
        self._read_keys: set[str] = set()
        """Keys the last look at the database read: a handed row among them went out there."""
        self._unstored: dict[str, asyncio.Future[bool]] = {}
        """Keys handed over before they were stored (`send_first`), until a send takes them."""

    def notify(self) -> None:
        """Something was stored: look for due rows in the database now."""
        self._notified += 1
        self._wake.set()

    def hand_over(self, records: list[DeliveryRecord]) -> None:
        """Send these just-committed pending deliveries now (see the class docstring)."""
        pending = [r for r in records if r.state == deliveries.PENDING]
        if pending:
            self._handed.extend(pending)
            self._in_hand += len(pending)
            self._hand_empty.clear()
        self._wake.set()

    def send_first(self, record: DeliveryRecord) -> asyncio.Future[bool] | None:
        """Send `record` (`deliveries.unsaved`) while the pipeline stores it, if nothing
        older waits; the pipeline sets the returned future to whether the row was stored.
        None: not now (the sender has not started, or older rows may wait): store it and
        hand it over as usual."""
        if not self._running or self._handed or self._retry_at:
            return None
        if self._settled_at != self._notified:
            return None
        stored: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._unstored[record.key] = stored
        stored.add_done_callback(lambda _: self._stored_unsent(record.key))
        self.hand_over([record])
        return stored

    def _stored_unsent(self, key: str) -> None:
        """The pipeline is through with a row handed over before it was stored. If no send
        took it yet: stored, it is read from the database like any row (a look at the
        database meanwhile could not see it); not stored, it is not sent at all."""
        stored = self._unstored.pop(key, None)
        if stored is None:  # a send has it
            return
        if not stored.cancelled() and stored.result():
            self.notify()
            return
        waiting = len(self._handed)
        self._handed = [r for r in self._handed if r.key != key]
        self._in_hand -= waiting - len(self._handed)
        if not self._in_hand:
            self._hand_empty.set()

    async def reply_out(self, limit: float) -> bool:
        """Wait until the sender is through with the one delivery handed over (sent, or
        left for a retry), at most `limit` seconds; True if it was in time.

        False at once when none or more than one waits, or the sender has not started: in
        a burst the sync loop must not hold back for the sender.
        """
        if not self._running or self._in_hand != 1:
            return False
        try:
            async with asyncio.timeout(limit):
                await self._hand_empty.wait()
        except TimeoutError:
            return False
        return True

    async def run(self, after: asyncio.Event) -> None:
        """Once `after` is set (the first sync is done), send due rows until cancelled."""
        await after.wait()
        self._running = True
        while True:
            self._wake.clear()
            try:
                await self.flush()
            except Exception:
                log.exception("delivery worker failed; retrying in %s s", IDLE_SECONDS)
            try:  # awaited here, not in a task of its own: woken, it runs at the next turn
                async with asyncio.timeout(IDLE_SECONDS):
                    await self._wake.wait()
            except TimeoutError:
                self._notified += 1  # a quiet while: rows may have fallen due, look again

    async def flush(self) -> int:
        """Send what was handed over, or else the due rows, in order per room; return how
        many went out."""
        handed = [r for r in self._handed if r.key not in self._read_keys]
        taken, self._handed = len(self._handed), []
        try:
            if handed and self._settled_at == self._notified and not self._retry_at:
                _, sent = await self._send_rooms(handed, self._now())
                return sent
            return await self._flush_due()
        finally:
            self._in_hand -= taken
            if not self._in_hand:
                self._hand_empty.set()

    async def _send_rooms(self, rows: list[DeliveryRecord], now: datetime) -> tuple[int, int]:
        """Rows grouped by room, rooms side by side: (rows settled, rows sent)."""
        by_room: dict[str, list[DeliveryRecord]] = {}
        for row in rows:
            by_room.setdefault(row.room_id, []).append(row)
        if len(by_room) == 1:  # a reply: no task to create and wait for
            [only] = by_room.values()
            return await self._room_in_order(only, now)
        done = await asyncio.gather(*(self._room_in_order(r, now) for r in by_room.values()))
        return sum(moved for moved, _ in done), sum(out for _, out in done)

    async def _flush_due(self) -> int:
        """Send the due rows from the database, in order per room; return how many went out.

        Rooms are served side by side (at most `ROOMS_AT_ONCE`), each room's rows one after
        another. A row that fails waits for its retry time and holds back the later rows of
        its room (so replies stay in order there), while other rooms go on.
        """
        sent = 0
        self._read_keys = set()
        while True:
            now, notified = self._now(), self._notified
            async with self._sessions() as session:
                batch = await deliveries.due(session, now, limit=BATCH)
            self._read_keys.update(row.key for row in batch)
            progress, out = await self._send_rooms(batch, now)
            sent += out
            if len(batch) < BATCH or not progress:
                if progress == len(batch) and not self._retry_at:
                    self._settled_at = notified
                return sent

    async def _room_in_order(self, rows: list[DeliveryRecord], now: datetime) -> tuple[int, int]:
        """One room's due rows in order until one must wait: (rows settled, rows sent)."""
        settled = sent = 0
        async with self._rooms_at_once:
            for row in rows:
                if self._retry_at.get(row.key, now) > now:
                    break
                outcome = await self._deliver(row)
                if outcome == RETRY:
                    break
                settled += 1
                sent += outcome == SENT
        return settled, sent

    async def _deliver(self, row: DeliveryRecord) -> str:
        """Send one row: SENT, DONE (skipped or given up) or RETRY (later)."""
        unstored = self._unstored.pop(row.key, None)
        if unstored is not None and unstored.done() and not unstored.result():
            return DONE  # the pipeline did not store it after all: nothing to send
        now = self._now()
        if row.grace_seconds is not None and now - row.due_at > timedelta(
            seconds=row.grace_seconds
        ):
            if not await _stored(unstored):
                return DONE
            log.warning(
                "skipping %s: due %s, grace %s s is over", row.key, row.due_at, row.grace_seconds
            )
            await self._record(deliveries.mark_skipped, row.key, reason="grace window passed")
            return DONE
        room_id = await self._room_for(row)
        if room_id is None:  # a direct chat not joined yet, or a room the bot is out of
            if not await _stored(unstored):
                return DONE
            self._retry_at[row.key] = now + timedelta(seconds=DIRECT_WAIT_SECONDS)
            return RETRY
        try:
            error = await self._send(row, room_id, unstored)
        except UNREACHABLE as err:  # no answer at all: not this delivery's fault
            error, reached = f"{type(err).__name__}: {err}", False
        else:
            reached = True
        if error is None:
            self._retry_at.pop(row.key, None)
            return SENT
        if not await _stored(unstored):
            log.warning("sending %s failed, and it was not stored: %s", row.key, error)
            return DONE
        final = reached and row.attempts + 1 >= MAX_ATTEMPTS
        log.warning("sending %s failed (attempt %d): %s", row.key, row.attempts + 1, error)
        await self._record(deliveries.record_failure, row.key, error=error, final=final)
        if final:
            self._retry_at.pop(row.key, None)
            self._metrics.delivery_failed(row.kind)
            return DONE
        self._retry_at[row.key] = now + timedelta(seconds=min(60.0, 2.0 ** min(row.attempts, 6)))
        return RETRY

    async def _room_for(self, row: DeliveryRecord) -> str | None:
        """The room to send `row` to; a user id as target means the direct chat with them."""
        if not row.room_id.startswith("@"):  # a room the bot is not in (kicked): wait
            return row.room_id if row.room_id in self._client.rooms else None
        try:
            return await self._direct_chats.room_for(row.room_id)
        except Exception as err:
            log.warning("no direct chat with %s yet: %s", row.room_id, err)
            return None

    async def _send(
        self, row: DeliveryRecord, room_id: str, unstored: asyncio.Future[bool] | None = None
    ) -> str | None:
        """Send `row` and record success (for a row sent before it was stored, once
        `unstored` says it was); the error text if it did not go through."""
        try:
            content = await self._with_upload(self._variant(row), row.upload, room_id)
            response = await self._client.room_send(
                room_id,
                event_type(content),
                content,
                tx_id=row.txn_id,
                ignore_unverified_devices=True,
            )
        except UNREACHABLE:
            raise
        except Exception as err:  # transport errors, encryption trouble: retried later
            return f"{type(err).__name__}: {err}"
        if not isinstance(response, RoomSendResponse):
            return (
                f"{getattr(response, 'status_code', '?')}: {getattr(response, 'message', response)}"
            )
        sent_at = self._now()
        if not await _stored(unstored):
            log.info("%s went out as %s but was not stored", row.key, response.event_id)
            return None
        async with self._sessions() as session, session.begin():
            event_id = response.event_id
            await deliveries.mark_sent(session, row.key, event_id=event_id, sent_at=sent_at)
            await _offer_answers(session, row, event_id, sent_at)
        if row.kind == "reply":
            self._metrics.reply_sent(sent_at - row.created_at)
        else:
            self._metrics.post_sent(row.kind, sent_at - row.due_at)
        return None

    def _variant(self, row: DeliveryRecord) -> dict[str, Any]:
        """The content to send now: the late-marked version if the post is late by now."""
        if row.late_content is not None and self._now() - row.due_at > LATE_AFTER:
            return dict(row.late_content)
        return dict(row.content)

    async def _with_upload(
        self, content: dict[str, Any], data: bytes | None, room_id: str
    ) -> dict[str, Any]:
        """Upload a file delivery's bytes (encrypted in encrypted rooms) and point to them."""
        if data is None:
            return content
        room = self._client.rooms.get(room_id)
        encrypt = bool(room and room.encrypted)
        uploaded, keys = await self._client.upload(
            io.BytesIO(data),
            content_type=content["info"]["mimetype"],
            filename=content["filename"],
            encrypt=encrypt,
            filesize=len(data),
        )
        if not isinstance(uploaded, UploadResponse):
            raise ConnectionError(f"upload failed: {uploaded}")
        if encrypt and keys:
            content["file"] = {**keys, "url": uploaded.content_uri}
        else:
            content["url"] = uploaded.content_uri
        return content

    async def _record(self, action: Callable[..., Any], key: str, **kwargs: Any) -> None:
        async with self._sessions() as session, session.begin():
            await action(session, key, **kwargs)
