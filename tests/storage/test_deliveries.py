"""Outgoing deliveries: idempotent enqueue, due order, state transitions, meet-up posts."""

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
from tests.storage.support import T0, add_meetup, add_network

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


async def test_sent_and_skipped_deliveries_do_not_keep_their_text(session: AsyncSession) -> None:
    """Once sent or skipped, a reply's text (maybe personal data) is dropped from the database."""
    await enqueue(session, "sent")
    await enqueue(session, "skipped")
    assert (await deliveries.get(session, "sent")).content != {}
    await deliveries.mark_sent(session, "sent", event_id="$e", sent_at=T0)
    await deliveries.mark_skipped(session, "skipped", reason="window closed")
    assert (await deliveries.get(session, "sent")).content == {}
    assert (await deliveries.get(session, "skipped")).content == {}


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


async def test_a_finally_failed_delivery_does_not_keep_its_text(session: AsyncSession) -> None:
    """Given up, a reply's text (maybe a phone number) is dropped like a sent one's."""
    await enqueue(session, "k")
    await deliveries.record_failure(session, "k", error="timeout", final=False)
    assert (await deliveries.get(session, "k")).content == CONTENT
    await deliveries.record_failure(session, "k", error="M_FORBIDDEN", final=True)
    assert (await deliveries.get(session, "k")).content == {}


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


async def meetup_post(
    session: AsyncSession, key: str, meetup_id: int | None, network_id: int
) -> DeliveryRecord:
    return await enqueue(session, key, network_id=network_id, meetup_id=meetup_id)


async def test_enqueue_links_a_delivery_to_its_meetup(session: AsyncSession) -> None:
    """A post about a meet-up keeps the meet-up id; other posts have none."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    linked = await meetup_post(session, "meetup:1:reminder", meetup.id, network.id)
    plain = await enqueue(session, "reply:!r:$a")
    assert (linked.meetup_id, plain.meetup_id) == (meetup.id, None)
    assert await deliveries.get(session, "meetup:1:reminder") == linked


async def test_delivery_of_a_missing_meetup_is_rejected(session: AsyncSession) -> None:
    """Foreign keys are enforced for the meet-up link too."""
    network = await add_network(session)
    with pytest.raises(IntegrityError):
        await meetup_post(session, "k", 4711, network.id)


async def test_by_event_id_finds_the_sent_post(session: AsyncSession) -> None:
    """The post the homeserver accepted as an event id is found by it; unknown ids give None."""
    await enqueue(session, "a")
    await enqueue(session, "b")
    await deliveries.mark_sent(session, "b", event_id="$b", sent_at=T0)
    found = await deliveries.by_event_id(session, "$b")
    assert found is not None and found.key == "b"
    assert await deliveries.by_event_id(session, "$nope") is None


async def test_for_meetup_lists_its_posts_in_any_state(session: AsyncSession) -> None:
    """All deliveries of the meet-up, sent or pending, in due order; none of other meet-ups."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    other = await add_meetup(session, network.id, T0 + timedelta(days=28))
    await enqueue(
        session, "reminder", timedelta(hours=1), network_id=network.id, meetup_id=meetup.id
    )
    await enqueue(
        session, "agenda", timedelta(hours=-1), network_id=network.id, meetup_id=meetup.id
    )
    await enqueue(session, "other", network_id=network.id, meetup_id=other.id)
    await deliveries.mark_sent(session, "agenda", event_id="$agenda", sent_at=T0)

    found = await deliveries.for_meetup(session, meetup.id)

    assert [(d.key, d.state) for d in found] == [("agenda", "sent"), ("reminder", "pending")]


async def test_withdraw_pending_touches_only_pending_posts_of_that_meetup(
    session: AsyncSession,
) -> None:
    """Pending posts of the meet-up are skipped with the reason; everything else is unchanged."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    other = await add_meetup(session, network.id, T0 + timedelta(days=28))
    for key in ("call", "agenda", "reminder", "failed"):
        await meetup_post(session, key, meetup.id, network.id)
    await deliveries.mark_sent(session, "call", event_id="$call", sent_at=T0)
    await deliveries.record_failure(session, "failed", error="M_FORBIDDEN", final=True)
    await meetup_post(session, "other-meetup", other.id, network.id)
    await enqueue(session, "reply")
    before = {d.key: d for d in await deliveries.for_meetup(session, other.id)}

    assert await deliveries.withdraw_pending(session, meetup.id, reason="meet-up cancelled") == 2

    states = {
        key: (record.state, record.last_error)
        for key in ("call", "agenda", "reminder", "failed", "other-meetup", "reply")
        if (record := await deliveries.get(session, key)) is not None
    }
    assert states == {
        "call": ("sent", None),
        "agenda": ("skipped", "meet-up cancelled"),
        "reminder": ("skipped", "meet-up cancelled"),
        "failed": ("failed", "M_FORBIDDEN"),
        "other-meetup": ("pending", None),
        "reply": ("pending", None),
    }
    assert {d.key: d for d in await deliveries.for_meetup(session, other.id)} == before
    assert await deliveries.withdraw_pending(session, meetup.id, reason="again") == 0


async def test_existing_keys_finds_the_stored_ones_in_any_state_beyond_one_chunk(
    session: AsyncSession,
) -> None:
    """Of more keys than one query binds, exactly those with a delivery come back."""
    stored = [f"actions:1:202601{day:02d}:action_due" for day in range(1, 29)]
    for key in stored:
        await enqueue(session, key)
    await deliveries.mark_skipped(session, stored[0], reason="x")
    asked = [f"actions:1:{n:08d}:action_due" for n in range(deliveries.KEYS_PER_QUERY)]
    asked += [*stored[::2], "meetup:1:20260113T0900Z:agenda", "actions:1:%"]

    assert await deliveries.existing_keys(session, asked) == set(stored[::2])
    assert await deliveries.existing_keys(session, []) == set()


async def test_keys_with_prefix_matches_literally_in_any_state(session: AsyncSession) -> None:
    """Keys starting with the prefix come back whatever their state; % and _ are not wildcards."""
    await enqueue(session, "meetup:1:20260113T0900Z:agenda")
    await enqueue(session, "meetup:1:20260113T0900Z:reminder")
    await enqueue(session, "meetup:12:20260113T0900Z:agenda")
    await enqueue(session, "meetupX1:agenda")
    await enqueue(session, "a%b")
    await deliveries.mark_skipped(session, "meetup:1:20260113T0900Z:reminder", reason="x")

    assert await deliveries.keys_with_prefix(session, "meetup:1:") == {
        "meetup:1:20260113T0900Z:agenda",
        "meetup:1:20260113T0900Z:reminder",
    }
    assert await deliveries.keys_with_prefix(session, "meetup_1") == set()
    assert await deliveries.keys_with_prefix(session, "a%") == {"a%b"}
    assert await deliveries.keys_with_prefix(session, "%") == set()
