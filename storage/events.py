"""Which command events were handled, so none is answered twice (DESIGN invariants 4, 5)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialects import Prepared
from storage.models import HandledEvent
from storage.records import HandledRecord, from_row

CHANGED, READ, ERROR = "changed", "read", "error"
"""What an answered command came to (`HandledRecord.result`): it changed stored data, it
only showed something, or its answer was an error, a usage hint or a "Meinten Sie"."""


_HANDLED = HandledEvent.__table__
_IS_HANDLED = Prepared(
    lambda _: select(_HANDLED.c.event_id).where(
        _HANDLED.c.room_id == bindparam("room"), _HANDLED.c.event_id == bindparam("event")
    )
)
_MARK = Prepared(
    lambda insert: (
        insert(_HANDLED)
        .on_conflict_do_nothing(index_elements=["room_id", "event_id"])
        .returning(_HANDLED.c.event_id)
    )
)


async def is_handled(session: AsyncSession, room_id: str, event_id: str) -> bool:
    """Whether this event of this room was handled already."""
    found = await session.scalar(_IS_HANDLED(session), {"room": room_id, "event": event_id})
    return found is not None


async def mark_handled(
    session: AsyncSession,
    *,
    room_id: str,
    event_id: str,
    network_id: int | None,
    sender: str,
    sent_at: datetime,
    handled_at: datetime,
    outcome: str,
    result: str | None = None,
    reply_key: str | None = None,
) -> bool:
    """Record the event; False (and nothing changed) if it was recorded before.

    One INSERT .. ON CONFLICT DO NOTHING, so two racing handlers cannot both claim the event.
    Outcomes in use: "answered", "too_old", "ignored", "throttled" (skipped by the flood limit),
    "undecryptable" (its key never came; bot/undecryptable.py). An answered command also
    keeps its `result` and the key of the delivery showing its answer.
    """
    values = {
        "room_id": room_id,
        "event_id": event_id,
        "network_id": network_id,
        "sender": sender,
        "sent_at": sent_at,
        "handled_at": handled_at,
        "outcome": outcome,
        "result": result,
        "reply_key": reply_key,
    }
    inserted = (await session.execute(_MARK(session), values)).scalar_one_or_none()
    return inserted is not None


async def get(session: AsyncSession, room_id: str, event_id: str) -> HandledRecord | None:
    """The mark of this event of this room, if it was handled (and not forgotten yet)."""
    row = await session.get(HandledEvent, (room_id, event_id))
    if row is None:
        return None
    return from_row(HandledRecord, row)


async def settle(
    session: AsyncSession, room_id: str, event_id: str, *, result: str, reply_key: str
) -> None:
    """An edit of the command was answered: what the command comes to now, and where."""
    await session.execute(
        update(HandledEvent)
        .where(HandledEvent.room_id == room_id, HandledEvent.event_id == event_id)
        .values(result=result, reply_key=reply_key)
    )


async def handled_ids(session: AsyncSession, room_id: str, event_ids: Sequence[str]) -> set[str]:
    """Which of these events of one room were handled, in one query (for a whole sync batch)."""
    if not event_ids:
        return set()
    rows = await session.scalars(
        select(HandledEvent.event_id).where(
            HandledEvent.room_id == room_id, HandledEvent.event_id.in_(event_ids)
        )
    )
    return set(rows)


async def counted_since(session: AsyncSession, since: datetime) -> list[tuple[str, datetime]]:
    """(sender, sent time) of commands answered or throttled since `since`, oldest first.

    What the flood limit (bot/flood.py) counted before a restart, so it can count it again.
    """
    rows = await session.execute(
        select(HandledEvent.sender, HandledEvent.sent_at)
        .where(
            HandledEvent.sent_at >= since,
            HandledEvent.outcome.in_(("answered", "throttled")),
        )
        .order_by(HandledEvent.sent_at)
    )
    return [(sender, sent_at) for sender, sent_at in rows]


async def forget_before(session: AsyncSession, before: datetime) -> int:
    """Drop the marks of commands handled before `before`; return how many.

    A mark only guards against answering twice, and a command older than the catch-up window
    is never answered anyway, so old marks are personal data without a purpose.
    """
    result = await session.execute(delete(HandledEvent).where(HandledEvent.handled_at < before))
    return result.rowcount or 0
