"""Messages the bot cannot decrypt are never dropped silently.

nio hands over a `MegolmEvent` when the room key of a message is missing. The bot logs who
sent it and where (never content: it has none), asks the sender's devices for the key, and
tries again after a grace period. A message still unreadable then is marked handled and the
sender is told once per room key (a burst of unreadable commands gets one notice; the
delivery key says which room key, so this holds across restarts), with the reason their app
gave if it withheld the key (`m.room_key.withheld`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta

from nio import (
    AsyncClient,
    EncryptionError,
    Event,
    LocalProtocolError,
    MegolmEvent,
    UnknownToDeviceEvent,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.events import sent_at
from bot.sender import reply_events
from commands.catalogue import language_or_default, t
from commands.reply import Reply
from storage import deliveries, events
from storage.records import NetworkRecord

log = logging.getLogger(__name__)

GRACE_SECONDS = 30.0
"""How long a forwarded key may take to arrive before the sender is told."""
WITHHELD = "m.room_key.withheld"
REASONS = {"m.unverified": "unverified", "m.blacklisted": "blocked"}
"""Withheld codes with their own explanation; any other code or none: "missing"."""
MAX_WITHHELD = 1000
"""Withheld notes kept (the newest); a note is only needed for a grace period."""


class Undecryptable:
    """Waits for the missing key of each unreadable message, then decrypts or tells."""

    def __init__(
        self,
        client: AsyncClient,
        sessions: async_sessionmaker[AsyncSession],
        *,
        on_decrypted: Callable[[str, Event, datetime], Awaitable[None]],
        notify: Callable[[], None],
        catch_up: timedelta,
        now: Callable[[], datetime],
    ) -> None:
        self._client = client
        self._sessions = sessions
        self._on_decrypted = on_decrypted
        self._notify = notify
        self._catch_up = catch_up
        self._now = now
        self._withheld: dict[str, str] = {}  # megolm session id -> withheld code
        self._waiting: set[asyncio.Task[None]] = set()

    def note_withheld(self, to_device: Iterable[object]) -> None:
        """Remember which keys senders' apps refused to share, and why."""
        for event in to_device:
            if isinstance(event, UnknownToDeviceEvent) and event.type == WITHHELD:
                content = event.source.get("content", {})
                self._withheld[str(content.get("session_id"))] = str(content.get("code"))
                if len(self._withheld) > MAX_WITHHELD:
                    del self._withheld[next(iter(self._withheld))]

    async def seen(
        self, room_id: str, event: MegolmEvent, network: NetworkRecord | None, read_at: datetime
    ) -> None:
        """Log an unreadable message of a member, request its key and wait for it.

        `read_at` is the bot's clock when the sync brought it (its receive time)."""
        when = sent_at(event, read_at)
        if self._now() - when > self._catch_up:
            return
        async with self._sessions() as session:
            if await events.is_handled(session, room_id, event.event_id):
                return
        log.warning(
            "cannot decrypt %s from %s in %s (no key for session %s); asking for the key",
            event.event_id,
            event.sender,
            room_id,
            event.session_id,
        )
        with contextlib.suppress(LocalProtocolError):  # nio asks once per session
            await self._client.request_room_key(event)
        task = asyncio.create_task(self._after_grace(room_id, event, network, read_at))
        self._waiting.add(task)
        task.add_done_callback(self._waiting.discard)

    def stop(self) -> None:
        """Stop waiting. A message still in its grace period is not told about after a
        restart: the sync token has moved past it."""
        for task in self._waiting:
            task.cancel()

    async def _after_grace(
        self, room_id: str, event: MegolmEvent, network: NetworkRecord | None, read_at: datetime
    ) -> None:
        await asyncio.sleep(GRACE_SECONDS)
        when = sent_at(event, read_at)
        try:
            decrypted = self._client.decrypt_event(event)
        except EncryptionError:
            decrypted = None
        try:
            if decrypted is not None and not isinstance(decrypted, MegolmEvent):
                log.info("key for %s arrived; handling it", event.event_id)
                await self._on_decrypted(room_id, decrypted, read_at)
            else:
                await self._tell(room_id, event, network, when)
        except Exception:
            log.exception("could not finish undecryptable event %s in %s", event.event_id, room_id)

    async def _tell(
        self, room_id: str, event: MegolmEvent, network: NetworkRecord | None, when: datetime
    ) -> None:
        key = f"undecryptable:{room_id}:{event.sender}:{event.session_id}"
        reason = REASONS.get(self._withheld.get(event.session_id, ""), "missing")
        now = self._now()
        async with self._sessions() as session, session.begin():
            first = await events.mark_handled(
                session,
                room_id=room_id,
                event_id=event.event_id,
                network_id=network.id if network else None,
                sender=event.sender,
                sent_at=when,
                handled_at=now,
                outcome="undecryptable",
            )
            tell = first and await deliveries.get(session, key) is None
            if tell:
                language = language_or_default(network.language if network else None)
                [notice] = reply_events(
                    unreadable_notice(reason, language=language),
                    language=language,
                    in_reply_to=event.event_id,
                )
                await deliveries.enqueue(
                    session,
                    key=key,
                    room_id=room_id,
                    kind="reply",
                    due_at=now,
                    content=notice.content,
                    network_id=network.id if network else None,
                    grace_seconds=int(self._catch_up.total_seconds()),
                    created_at=now,
                )
        log.warning(
            "%s from %s in %s stays unreadable (%s); %s",
            event.event_id,
            event.sender,
            room_id,
            reason,
            "telling the sender" if tell else "the sender was told already",
        )
        if tell:
            self._notify()


def unreadable_notice(reason: str, *, language: str) -> Reply:
    """The one notice: the bot could not read the message, and why."""
    why = t(language, f"encryption.{reason}")
    return Reply.text(t(language, "encryption.unreadable", reason=why))
