"""Outgoing posts and their sending state (DESIGN invariants 4 and 5).

A delivery is created once per key, gets a transaction id derived from that key, and is
marked sent only with the event id the homeserver answered. Only "pending" deliveries move:
to "sent", "skipped" or "failed". The grace policy for late posts is the caller's; `due`
returns every pending delivery whose time has come, however late.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialects import Prepared
from storage.models import Delivery
from storage.records import DeliveryRecord

PENDING = "pending"
SENT = "sent"
SKIPPED = "skipped"
FAILED = "failed"


_NO_TEXT: dict[str, Any] = {"content": {}, "late_content": None, "upload": None}
"""What a delivery that will never be sent (again) keeps of its text: nothing."""
KEYS_PER_QUERY = 900
"""Bound parameters per `existing_keys` query: below SQLite's old limit of 999."""
_SAME_ROOM_RELATIONS = frozenset({"m.annotation", "m.replace"})
"""Relations the homeserver accepts only to an event of the same room."""


_TABLE = Delivery.__table__
_INSERTED = tuple(
    column.name
    for column in _TABLE.columns
    if column.name not in {"id", "event_id", "last_error", "sent_at"}  # none yet
)
_ENQUEUE = Prepared(
    lambda insert: (
        insert(_TABLE).on_conflict_do_nothing(index_elements=["key"]).returning(_TABLE.c.id)
    )
)
_BY_KEY = Prepared(lambda _: select(*_TABLE.columns).where(_TABLE.c.key == bindparam("by_key")))
_SENT = Prepared(
    lambda _: (
        update(_TABLE)
        .where(_TABLE.c.key == bindparam("by_key"), _TABLE.c.state == PENDING)
        .values(state=SENT, **_NO_TEXT)
        .returning(_TABLE.c.id)
    )
)


class NotPending(ValueError):
    """A delivery that is no longer pending cannot change state again."""


def txn_id_for(key: str) -> str:
    """The Matrix transaction id for a delivery key: the same key always gives the same id."""
    return "ikz-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def unsaved(
    *,
    key: str,
    room_id: str,
    kind: str,
    due_at: datetime,
    content: dict[str, Any],
    network_id: int | None = None,
    grace_seconds: int | None = None,
    created_at: datetime,
    meetup_id: int | None = None,
    late_content: dict[str, Any] | None = None,
    upload: bytes | None = None,
) -> DeliveryRecord:
    """The pending delivery `enqueue` stores for these values, before it is stored (id 0):
    an answer that changed nothing is sent while its row is being written (bot.pipeline).

    `meetup_id` names the meet-up a post is about, so its pending posts can be withdrawn
    when it is cancelled or moved, and a reaction to the post can find the meet-up.
    `late_content` is sent instead of `content` if the post goes out late after all;
    `upload` is a file delivery's bytes.
    """
    return DeliveryRecord(
        id=0,
        key=key,
        network_id=network_id,
        room_id=room_id,
        kind=kind,
        due_at=due_at,
        grace_seconds=grace_seconds,
        content=content,
        txn_id=txn_id_for(key),
        state=PENDING,
        event_id=None,
        attempts=0,
        last_error=None,
        created_at=created_at,
        sent_at=None,
        meetup_id=meetup_id,
        late_content=late_content,
        upload=upload,
    )


async def enqueue(session: AsyncSession, **values: Any) -> DeliveryRecord:
    """Create the pending delivery for these values (`unsaved` names them), or return the
    one stored under the same key before, unchanged."""
    return await store(session, unsaved(**values))


async def store(session: AsyncSession, record: DeliveryRecord) -> DeliveryRecord:
    """Insert `record` (from `unsaved`) unless its key exists; the stored delivery.

    The new row is what was given: copied, not read back and decoded, so a caller editing
    the record's content reaches neither the row nor the caller's own dicts.
    """
    row = {name: getattr(record, name) for name in _INSERTED}
    inserted = (await session.execute(_ENQUEUE(session), row)).scalar_one_or_none()
    if inserted is None:
        existing = await get(session, record.key)
        assert existing is not None, "the row was not inserted, so it was there"
        return existing
    return replace(
        record,
        id=inserted,
        content=copy.deepcopy(record.content),
        late_content=copy.deepcopy(record.late_content),
    )


async def due(session: AsyncSession, now: datetime, limit: int = 100) -> list[DeliveryRecord]:
    """Pending deliveries due at or before `now`, oldest first (the sender asks after every
    command)."""
    statement = _select().where(Delivery.state == PENDING, Delivery.due_at <= now)
    return await _read(session, statement.order_by(Delivery.due_at, Delivery.id).limit(limit))


async def pending(session: AsyncSession) -> list[DeliveryRecord]:
    """Every pending delivery, due or not, oldest first (to rebuild the schedule at start)."""
    statement = _select().where(Delivery.state == PENDING)
    return await _read(session, statement.order_by(Delivery.due_at, Delivery.id))


async def get(session: AsyncSession, key: str) -> DeliveryRecord | None:
    """The delivery with this key, if any."""
    rows = (await session.execute(_BY_KEY(session), {"by_key": key})).mappings()
    return next((DeliveryRecord(**row) for row in rows), None)


async def by_event_id(session: AsyncSession, event_id: str) -> DeliveryRecord | None:
    """The delivery the homeserver accepted as `event_id` (what a reaction points at)."""
    statement = _select().where(Delivery.event_id == event_id).order_by(Delivery.id).limit(1)
    return next(iter(await _read(session, statement)), None)


async def for_meetup(session: AsyncSession, meetup_id: int) -> list[DeliveryRecord]:
    """Every delivery about this meet-up, in any state, in due order."""
    statement = _select().where(Delivery.meetup_id == meetup_id)
    return await _read(session, statement.order_by(Delivery.due_at, Delivery.id))


async def sent_about(
    session: AsyncSession, meetup_ids: Collection[int], kinds: Collection[str]
) -> list[DeliveryRecord]:
    """The sent deliveries of `kinds` about these meet-ups (the posts that may be edited)."""
    if not meetup_ids:
        return []
    statement = _select().where(
        Delivery.meetup_id.in_(meetup_ids), Delivery.kind.in_(kinds), Delivery.state == SENT
    )
    return await _read(session, statement.order_by(Delivery.id))


async def withdraw_pending(
    session: AsyncSession, meetup_id: int, *, reason: str, kinds: Collection[str] | None = None
) -> int:
    """Skip the meet-up's pending posts (it was cancelled or moved); return how many.

    With `kinds`, only deliveries of those kinds: the edits saying that the meet-up was
    moved, and its announcement, must still go out. Sent, failed and skipped deliveries keep
    their final state.
    """
    statement = update(Delivery).where(Delivery.meetup_id == meetup_id, Delivery.state == PENDING)
    if kinds is not None:
        statement = statement.where(Delivery.kind.in_(kinds))
    statement = statement.values(state=SKIPPED, last_error=reason).returning(Delivery.id)
    return len((await session.execute(statement)).all())


async def move_pending(session: AsyncSession, old_room_id: str, new_room_id: str) -> int:
    """Send what still waits for `old_room_id` to `new_room_id` instead (a room upgrade);
    returns how many deliveries moved. Sent ones stay where they are.

    A pending reaction to or edit of an event in the old room cannot follow: the homeserver
    refuses relations across rooms, and the failing row would hold back the new room's
    queue. Those are skipped.
    """
    rows = await session.execute(
        select(Delivery.key, Delivery.content).where(
            Delivery.room_id == old_room_id, Delivery.state == PENDING
        )
    )
    moved: list[str] = []
    for key, content in rows.all():
        if (content.get("m.relates_to") or {}).get("rel_type") in _SAME_ROOM_RELATIONS:
            await mark_skipped(session, key, reason="its room was upgraded")
        else:
            moved.append(key)
    if moved:
        await session.execute(
            update(Delivery).where(Delivery.key.in_(moved)).values(room_id=new_room_id)
        )
    return len(moved)


async def keys_with_prefix(session: AsyncSession, prefix: str) -> set[str]:
    """Keys of all deliveries, any state, that start with `prefix` (taken literally)."""
    rows = await session.scalars(
        select(Delivery.key).where(Delivery.key.startswith(prefix, autoescape=True))
    )
    return set(rows)


async def existing_keys(session: AsyncSession, keys: Collection[str]) -> set[str]:
    """Those of `keys` that have a delivery, any state: by the unique index, in chunks, so a
    year of sent posts is not read to check a plan."""
    wanted, found = list(keys), set[str]()
    for at in range(0, len(wanted), KEYS_PER_QUERY):
        chunk = wanted[at : at + KEYS_PER_QUERY]
        key = Delivery.__table__.c.key  # a Core column: no ORM loading for plain strings
        found.update(await session.scalars(select(key).where(key.in_(chunk))))
    return found


async def mark_sent(session: AsyncSession, key: str, *, event_id: str, sent_at: datetime) -> None:
    """The homeserver accepted the post under `event_id`; its text is no longer kept.

    Replies can carry personal data (a contact's phone number); once sent, the room holds
    them and the bot needs only the key and event id (exactly once, reactions).
    """
    sent = {"by_key": key, "event_id": event_id, "sent_at": sent_at}
    if (await session.execute(_SENT(session), sent)).scalar_one_or_none() is None:
        await _not_pending(session, key)


async def mark_skipped(session: AsyncSession, key: str, *, reason: str) -> None:
    """The post will not be sent (e.g. past its grace window); the reason goes to last_error."""
    await _move(session, key, state=SKIPPED, last_error=reason, **_NO_TEXT)


async def record_failure(session: AsyncSession, key: str, *, error: str, final: bool) -> None:
    """Count a failed attempt; a final failure ends the delivery, otherwise it stays pending.

    A final failure drops the text like a sent post: nobody will read it from here.
    """
    await _move(
        session,
        key,
        state=FAILED if final else PENDING,
        attempts=Delivery.attempts + 1,
        last_error=error,
        **(_NO_TEXT if final else {}),
    )


async def _move(session: AsyncSession, key: str, **values: Any) -> None:
    statement = (
        update(Delivery)
        .where(Delivery.key == key, Delivery.state == PENDING)
        .values(**values)
        .returning(Delivery.id)
    )
    if (await session.execute(statement)).scalar_one_or_none() is None:
        await _not_pending(session, key)


async def _not_pending(session: AsyncSession, key: str) -> None:
    """Raise why the delivery `key` could not move."""
    state = await session.scalar(select(Delivery.state).where(Delivery.key == key))
    if state is None:
        raise KeyError(f"no delivery with key {key!r}")
    raise NotPending(f"delivery {key!r} is {state}, not pending; its state is final")


def _select() -> Select[Any]:
    return select(*Delivery.__table__.columns)


async def _read(session: AsyncSession, statement: Select[Any]) -> list[DeliveryRecord]:
    """Plain rows, not ORM objects: each record gets its own freshly decoded content, so a
    caller editing it reaches neither the session nor another record."""
    return [DeliveryRecord(**row) for row in (await session.execute(statement)).mappings()]
