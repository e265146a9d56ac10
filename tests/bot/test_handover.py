"""A reply handed straight to the sender goes out without being read back, never before an
older message of its room, and exactly once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from nio import RoomSendError, RoomSendResponse

from bot.sender import Sender
from storage import deliveries
from storage.records import DeliveryRecord

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
ROOM = "!lippe:localhost"


class Homeserver:
    """Records what is sent, in order; refuses a send while `refuse` names its key, and
    holds every send until `answering` is set."""

    def __init__(self) -> None:
        self.rooms = {ROOM: object()}
        self.olm = None
        self.sent: list[str] = []
        self.refuse: set[str] = set()
        self.answering = asyncio.Event()
        self.answering.set()
        self.changed = asyncio.Event()

    async def room_send(self, room_id: str, _type: str, content: dict[str, Any], **kw: Any):
        await self.answering.wait()
        body = content["body"]
        if body in self.refuse:
            return RoomSendError("busy", "M_UNKNOWN")
        self.sent.append(body)
        self.changed.set()
        return RoomSendResponse(f"$ev-{kw['tx_id']}", room_id)


@pytest.fixture
def reads(monkeypatch) -> list[int]:
    """One entry per read of the due rows from the database."""
    counted: list[int] = []
    original = deliveries.due

    async def due(*args: Any, **kwargs: Any):
        counted.append(1)
        return await original(*args, **kwargs)

    monkeypatch.setattr(deliveries, "due", due)
    return counted


async def store(sessions, body: str, at: datetime = NOW) -> DeliveryRecord:
    async with sessions() as session, session.begin():
        return await deliveries.enqueue(
            session,
            key=f"reply:{ROOM}:{body}",
            room_id=ROOM,
            kind="reply",
            due_at=at,
            content={"msgtype": "m.notice", "body": body},
            created_at=at,
        )


async def state_of(sessions, body: str) -> str:
    async with sessions() as session:
        record = await deliveries.get(session, f"reply:{ROOM}:{body}")
    assert record is not None
    return record.state


async def test_a_handed_reply_is_sent_without_reading_the_due_rows(sessions, reads):
    """Once the sender has seen nothing else is due, a handed reply goes out directly."""
    homeserver = Homeserver()
    sender = Sender(homeserver, sessions, lambda: NOW)
    await sender.flush()  # the look at start: nothing due
    reads.clear()
    sender.hand_over([await store(sessions, "Nächstes Treffen")])
    assert await sender.flush() == 1
    assert reads == []
    assert homeserver.sent == ["Nächstes Treffen"]
    assert await state_of(sessions, "Nächstes Treffen") == deliveries.SENT
    assert await sender.flush() == 0  # not handed again, not found due again


async def test_a_handed_reply_waits_behind_an_older_message_that_waits_for_a_retry(sessions):
    """A refused older message keeps its place: the reply after it goes out after it."""
    homeserver = Homeserver()
    clock = [NOW]
    sender = Sender(homeserver, sessions, lambda: clock[0])
    homeserver.refuse.add("Erinnerung")
    await store(sessions, "Erinnerung", NOW - timedelta(seconds=1))
    await sender.flush()
    sender.hand_over([await store(sessions, "Tagesordnung")])
    assert await sender.flush() == 0
    assert homeserver.sent == []
    homeserver.refuse.clear()
    clock[0] = NOW + timedelta(minutes=2)
    assert await sender.flush() == 2
    assert homeserver.sent == ["Erinnerung", "Tagesordnung"]


async def test_after_something_else_was_stored_the_database_decides_the_order(sessions, reads):
    """A post stored by someone else (notify) goes out before a later handed reply."""
    homeserver = Homeserver()
    sender = Sender(homeserver, sessions, lambda: NOW)
    await sender.flush()
    await store(sessions, "Einladung", NOW - timedelta(seconds=1))
    sender.notify()
    sender.hand_over([await store(sessions, "Aufgaben")])
    reads.clear()
    assert await sender.flush() == 2
    assert reads  # read from the database, not sent from the hand-over
    assert homeserver.sent == ["Einladung", "Aufgaben"]


async def test_a_reply_already_sent_is_not_handed_again(sessions):
    """Handing over a record that is no longer pending sends nothing twice."""
    homeserver = Homeserver()
    sender = Sender(homeserver, sessions, lambda: NOW)
    await sender.flush()
    record = await store(sessions, "Kontakte")
    sender.hand_over([record])
    await sender.flush()
    sender.hand_over([await store(sessions, "Kontakte")])  # enqueue returns the sent row
    assert await sender.flush() == 0
    assert homeserver.sent == ["Kontakte"]


async def test_a_handed_reply_the_database_look_already_sent_is_not_sent_again(sessions):
    """Stored, then found by a look at the database before its hand-over was taken: it goes
    out once, not a second time from the hand-over."""
    homeserver = Homeserver()
    sender = Sender(homeserver, sessions, lambda: NOW)
    await sender.flush()  # the look at start: nothing due
    record = await store(sessions, "Nächstes Treffen")
    sender.notify()  # something else was stored: the next flush reads the database
    assert await sender.flush() == 1
    sender.hand_over([record])  # the pipeline's hand-over, taken only now
    assert await sender.flush() == 0
    assert homeserver.sent == ["Nächstes Treffen"]


async def test_the_sync_loop_learns_when_a_single_reply_is_out(sessions):
    """`reply_out` returns True once the one handed reply is in the room; False at once for
    two (a burst), before the sender runs, and when the homeserver takes longer than asked."""
    homeserver = Homeserver()
    sender = Sender(homeserver, sessions, lambda: NOW)
    started = asyncio.Event()
    running = asyncio.create_task(sender.run(started))
    try:
        sender.hand_over([await store(sessions, "Vor dem Start")])
        assert await sender.reply_out(5.0) is False  # the first sync is not done yet
        started.set()
        await _until(homeserver, lambda: homeserver.sent == ["Vor dem Start"])

        sender.hand_over([await store(sessions, "Treffen")])
        assert await sender.reply_out(5.0) is True
        assert homeserver.sent[-1] == "Treffen"

        homeserver.answering.clear()
        sender.hand_over([await store(sessions, "Kontakt")])
        assert await sender.reply_out(0.05) is False
        homeserver.answering.set()
        await _until(homeserver, lambda: homeserver.sent[-1] == "Kontakt")

        sender.hand_over([await store(sessions, "Agenda"), await store(sessions, "Aufgaben")])
        assert await sender.reply_out(5.0) is False
        await _until(homeserver, lambda: homeserver.sent[-1] == "Aufgaben")
        assert await sender.reply_out(5.0) is False  # nothing waits any more
    finally:
        running.cancel()
    assert homeserver.sent == ["Vor dem Start", "Treffen", "Kontakt", "Agenda", "Aufgaben"]


async def _until(homeserver: Homeserver, condition) -> None:
    async with asyncio.timeout(5.0):
        while not condition():
            homeserver.changed.clear()
            await homeserver.changed.wait()
