"""Outgoing deliveries: idempotent enqueue, due order, and state transitions."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import deliveries
from storage.models import Delivery
from storage.records import DeliveryRecord
from tests.storage.conftest import T0

ROOM = "!lippe:example.org"
CONTENT = {
    "msgtype": "m.text",
    "body": "Nächstes Treffen: Di., 13. Jan. 2026, 10:00 Uhr",
    "m.mentions": {"user_ids": ["@anna:example.org"]},
}


async def enqueue(
    session: AsyncSession, key: str, due_in: timedelta = timedelta(0), **changes: object
) -> DeliveryRecord:
    values: dict[str, object] = {
        "key": key,
        "room_id": ROOM,
        "kind": "reply",
        "due_at": T0 + due_in,
        "content": CONTENT,
        "created_at": T0,
    } | changes
    return await deliveries.enqueue(session, **values)  # type: ignore[arg-type]


async def test_enqueue_creates_a_pending_delivery(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A new key gives a pending delivery with zero attempts and the content as given."""
    async with sessions.begin() as session:
        created = await enqueue(session, "reply:!r:$a", grace_seconds=600)
    async with sessions() as session:
        stored = await deliveries.get(session, "reply:!r:$a")
    assert stored == created
    assert (stored.state, stored.attempts, stored.grace_seconds) == ("pending", 0, 600)
    assert stored.content == CONTENT
    assert (stored.event_id, stored.sent_at, stored.last_error) == (None, None, None)


async def test_txn_id_is_derived_from_the_key(session: AsyncSession) -> None:
    """The transaction id is "ikz-" plus the first 32 hex digits of sha256(key)."""
    record = await enqueue(session, "meetup:12:2026-12-08:reminder")
    digest = hashlib.sha256(b"meetup:12:2026-12-08:reminder").hexdigest()
    assert record.txn_id == "ikz-" + digest[:32]
    assert deliveries.txn_id_for("meetup:12:2026-12-08:reminder") == record.txn_id


async def test_enqueue_twice_keeps_the_first(session: AsyncSession) -> None:
    """Enqueueing a key again returns the existing row unchanged; there is one row."""
    first = await enqueue(session, "reply:!r:$a")
    second = await enqueue(session, "reply:!r:$a", due_in=timedelta(hours=1), content={"x": 1})
    assert second == first
    assert await session.scalar(select(func.count()).select_from(Delivery)) == 1


async def test_record_content_is_a_copy(session: AsyncSession) -> None:
    """Editing a record's content dict does not change what is stored."""
    record = await enqueue(session, "reply:!r:$a")
    record.content["body"] = "changed"
    stored = await deliveries.get(session, "reply:!r:$a")
    assert stored is not None
    assert stored.content == CONTENT


async def test_get_unknown_key_is_none(session: AsyncSession) -> None:
    """A key never enqueued has no delivery."""
    assert await deliveries.get(session, "nope") is None


async def test_due_returns_pending_due_deliveries_oldest_first(session: AsyncSession) -> None:
    """Only pending deliveries due by now come back, ordered by due time then id."""
    await enqueue(session, "later", due_in=timedelta(minutes=5))
    await enqueue(session, "b", due_in=timedelta(minutes=-1))
    await enqueue(session, "a", due_in=timedelta(minutes=-10))
    await enqueue(session, "c", due_in=timedelta(minutes=-1))
    await enqueue(session, "now")
    await enqueue(session, "sent", due_in=timedelta(minutes=-20))
    await deliveries.mark_sent(session, "sent", event_id="$e", sent_at=T0)

    assert [d.key for d in await deliveries.due(session, T0)] == ["a", "b", "c", "now"]
    assert [d.key for d in await deliveries.due(session, T0, limit=2)] == ["a", "b"]


async def test_pending_lists_future_and_due_deliveries(session: AsyncSession) -> None:
    """Every pending delivery is listed, due or not, but no finished ones."""
    await enqueue(session, "later", due_in=timedelta(days=3))
    await enqueue(session, "overdue", due_in=timedelta(days=-1))
    await enqueue(session, "skipped")
    await deliveries.mark_skipped(session, "skipped", reason="past grace")
    assert [d.key for d in await deliveries.pending(session)] == ["overdue", "later"]


async def test_mark_sent_records_the_event(session: AsyncSession) -> None:
    """A sent delivery keeps the homeserver's event id and time and is no longer due."""
    await enqueue(session, "k")
    sent_at = T0 + timedelta(seconds=2)
    await deliveries.mark_sent(session, "k", event_id="$sent", sent_at=sent_at)
    record = await deliveries.get(session, "k")
    assert record is not None
    assert (record.state, record.event_id, record.sent_at) == ("sent", "$sent", sent_at)
    assert await deliveries.due(session, T0 + timedelta(days=1)) == []


async def test_non_final_failure_counts_and_stays_pending(session: AsyncSession) -> None:
    """A failed attempt increments attempts, records the error and keeps the delivery due."""
    await enqueue(session, "k")
    await deliveries.record_failure(session, "k", error="M_LIMIT_EXCEEDED", final=False)
    await deliveries.record_failure(session, "k", error="timeout", final=False)
    record = await deliveries.get(session, "k")
    assert record is not None
    assert (record.state, record.attempts, record.last_error) == ("pending", 2, "timeout")
    assert [d.key for d in await deliveries.due(session, T0)] == ["k"]


async def test_final_failure_ends_the_delivery(session: AsyncSession) -> None:
    """A final failure counts the attempt and moves the delivery to failed."""
    await enqueue(session, "k")
    await deliveries.record_failure(session, "k", error="M_FORBIDDEN", final=True)
    record = await deliveries.get(session, "k")
    assert record is not None
    assert (record.state, record.attempts, record.last_error) == ("failed", 1, "M_FORBIDDEN")
    assert await deliveries.due(session, T0) == []


async def test_mark_skipped_records_the_reason(session: AsyncSession) -> None:
    """A skipped delivery keeps why it was skipped and is no longer pending."""
    await enqueue(session, "k")
    await deliveries.mark_skipped(session, "k", reason="missed by 2 h, grace 1 h")
    record = await deliveries.get(session, "k")
    assert record is not None
    assert (record.state, record.last_error) == ("skipped", "missed by 2 h, grace 1 h")
    assert await deliveries.pending(session) == []


async def test_finished_delivery_cannot_change_state(session: AsyncSession) -> None:
    """Once sent, a delivery is not marked again (a second send would be a double post)."""
    await enqueue(session, "k")
    await deliveries.mark_sent(session, "k", event_id="$sent", sent_at=T0)
    with pytest.raises(deliveries.NotPending, match="sent"):
        await deliveries.mark_sent(session, "k", event_id="$other", sent_at=T0)
    with pytest.raises(deliveries.NotPending):
        await deliveries.record_failure(session, "k", error="late", final=False)
    record = await deliveries.get(session, "k")
    assert record is not None
    assert (record.state, record.event_id, record.attempts) == ("sent", "$sent", 0)


async def test_transition_of_unknown_key_raises(session: AsyncSession) -> None:
    """Marking a key that was never enqueued is a bug and raises KeyError."""
    with pytest.raises(KeyError):
        await deliveries.mark_skipped(session, "nope", reason="x")


async def test_delivery_of_a_missing_network_is_rejected(session: AsyncSession) -> None:
    """Foreign keys are enforced for deliveries: the network must exist."""
    with pytest.raises(IntegrityError):
        await enqueue(session, "k", network_id=4711)
