"""An answer that changed nothing is on its way while it is stored: never marked sent
before its row exists, nothing recorded when it was not stored, and the sender goes on."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from nio import RoomSendResponse

from bot.pipeline import CommandPipeline, Standing
from bot.sender import Sender
from commands.invocation import Invocation
from commands.registry import Command, Handler, Registry
from commands.reply import Reply
from storage import deliveries, events, state
from tests.bot.support import NOW, command

ROOM = "!lippe:localhost"


class Homeserver:
    """Takes every send, as Synapse does the same transaction id only once; notes each
    send in `order` as it starts, and holds sends while `answering` is clear."""

    def __init__(self, order: list[str]) -> None:
        self.rooms = {ROOM: object()}
        self.olm = None
        self.order = order
        self.sent: dict[str, str] = {}  # transaction id -> body
        self.answering = asyncio.Event()
        self.answering.set()
        self.changed = asyncio.Event()

    async def room_send(self, room_id: str, _type: str, content: dict[str, Any], **kw: Any):
        txn = kw["tx_id"]
        self.order.append(f"send {txn}")
        await self.answering.wait()
        self.sent.setdefault(txn, content["body"])
        self.changed.set()
        return RoomSendResponse(f"$ev-{txn}", room_id)


@pytest.fixture
def order(monkeypatch) -> list[str]:
    """Sends as they start and delivery rows as they are written, in the order they came."""
    happened: list[str] = []
    original = deliveries.store

    async def store(session, record):
        happened.append(f"store {record.txn_id}")
        return await original(session, record)

    monkeypatch.setattr(deliveries, "store", store)
    return happened


def _probe(handler: Handler) -> Registry:
    probe = Command("probe", "probe", {"de": "", "en": ""}, {"de": ("",), "en": ("",)})
    return Registry([probe.bind(handler)])


async def _read(inv, ctx, args) -> Reply:
    return Reply.text("Nächstes Treffen: Di., 9. Dez.")


async def _write(inv, ctx, args) -> Reply:
    await state.set_value(ctx.session, "probe", "yes")
    return Reply.text("Zugesagt")


async def _running(sessions, registry: Registry, order: list[str]):
    """A pipeline wired to a running sender, as in the bot."""
    homeserver = Homeserver(order)
    sender = Sender(homeserver, sessions, lambda: NOW)  # type: ignore[arg-type]
    await sender.flush()  # the look at start: nothing else is due
    started = asyncio.Event()
    started.set()
    task = asyncio.create_task(sender.run(started))
    pipeline = CommandPipeline(
        sessions,
        registry,
        prefix="!",
        catch_up=timedelta(minutes=15),
        now=lambda: NOW,
        on_stored=sender.hand_over,
        send_first=sender.send_first,
    )
    await _until(homeserver, lambda: sender._running)  # its loop has started
    return homeserver, pipeline, task


async def _until(homeserver: Homeserver, condition: Callable[[], bool]) -> None:
    async with asyncio.timeout(5.0):
        while not condition():
            homeserver.changed.clear()
            try:
                async with asyncio.timeout(0.01):
                    await homeserver.changed.wait()
            except TimeoutError:
                pass


async def _delivery(sessions, event_id: str) -> deliveries.DeliveryRecord | None:
    async with sessions() as session:
        return await deliveries.get(session, f"reply:{ROOM}:{event_id}")


async def _sent(sessions, event_id: str) -> deliveries.DeliveryRecord:
    """The answer to `event_id` once it is marked sent."""
    async with asyncio.timeout(5.0):
        while True:
            row = await _delivery(sessions, event_id)
            if row is not None and row.state == deliveries.SENT:
                return row
            await asyncio.sleep(0.01)


def _asked(text: str, event_id: str, age: timedelta = timedelta(seconds=2)) -> Invocation:
    return replace(command(text, age=age), event_id=event_id)


async def test_an_answer_that_changed_nothing_goes_out_while_it_is_stored(sessions, lippe, order):
    """The PUT starts before the row is written; the row is then marked sent with the
    event id the homeserver gave, and the command's mark names it."""
    homeserver, pipeline, task = await _running(sessions, _probe(_read), order)
    try:
        assert await pipeline.handle(command("!probe"), Standing(lippe, False)) is True
        row = await _sent(sessions, "$cmd")
    finally:
        task.cancel()
    assert order == [f"send {row.txn_id}", f"store {row.txn_id}"]
    assert homeserver.sent == {row.txn_id: "Nächstes Treffen: Di., 9. Dez."}
    assert row.event_id == f"$ev-{row.txn_id}"
    async with sessions() as session:
        mark = await events.get(session, ROOM, "$cmd")
    assert mark is not None and mark.reply_key == row.key


async def test_an_answer_to_a_change_is_stored_before_it_goes_out(sessions, lippe, order):
    """A command that kept writes is answered only once its rows are committed."""
    _, pipeline, task = await _running(sessions, _probe(_write), order)
    try:
        assert await pipeline.handle(command("!probe"), Standing(lippe, False)) is True
        row = await _sent(sessions, "$cmd")
    finally:
        task.cancel()
    assert order == [f"store {row.txn_id}", f"send {row.txn_id}"]


async def test_an_answer_an_earlier_run_stored_is_left_as_it_was(sessions, lippe, order):
    """Handled by an earlier run after all (its mark refuses this one): what went out had
    the earlier answer's transaction id, nothing of it is recorded, and the sender goes on."""
    async with sessions() as session, session.begin():
        earlier = await deliveries.enqueue(
            session,
            key=f"reply:{ROOM}:$cmd",
            room_id=ROOM,
            kind="reply",
            due_at=NOW,
            content={"msgtype": "m.notice", "body": "Nächstes Treffen: Di., 9. Dez."},
            created_at=NOW,
        )
        await deliveries.mark_sent(session, earlier.key, event_id="$earlier", sent_at=NOW)
        await events.mark_handled(
            session,
            room_id=ROOM,
            event_id="$cmd",
            network_id=lippe.id,
            sender="@erika:localhost",
            sent_at=NOW,
            handled_at=NOW,
            outcome="answered",
            result=events.READ,
            reply_key=earlier.key,
        )
    order.clear()  # the earlier run's row
    homeserver, pipeline, task = await _running(sessions, _probe(_read), order)
    try:
        # Typed after this run began, so the pipeline does not look its mark up first.
        again = _asked("!probe", "$cmd", age=-timedelta(seconds=1))
        assert await pipeline.handle(again, Standing(lippe, False)) is False
        assert await pipeline.handle(_asked("!probe", "$next"), Standing(lippe, False))
        following = await _sent(sessions, "$next")
    finally:
        task.cancel()
    assert order[:2] == [f"send {earlier.txn_id}", f"store {earlier.txn_id}"]  # sent first
    assert list(homeserver.sent) == [earlier.txn_id, following.txn_id]
    row = await _delivery(sessions, "$cmd")
    assert row is not None and (row.state, row.event_id) == (deliveries.SENT, "$earlier")


async def test_behind_a_send_in_flight_it_waits_for_its_row(sessions, lippe, order):
    """While the homeserver still holds the previous answer, the next one is stored first
    and then sent from the database: both once, in order, both marked sent."""
    homeserver, pipeline, task = await _running(sessions, _probe(_read), order)
    try:
        homeserver.answering.clear()
        assert await pipeline.handle(_asked("!probe", "$first"), Standing(lippe, False))
        await _until(homeserver, lambda: len(homeserver.order) == 2)
        assert await pipeline.handle(_asked("!probe", "$second"), Standing(lippe, False))
        homeserver.answering.set()
        first, second = await _sent(sessions, "$first"), await _sent(sessions, "$second")
    finally:
        task.cancel()
    one, two = first.txn_id, second.txn_id
    assert order == [f"send {one}", f"store {one}", f"store {two}", f"send {two}"]
    assert list(homeserver.sent) == [one, two]
