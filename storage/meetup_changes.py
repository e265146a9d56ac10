"""Cancellations and moves of meet-ups waiting to be announced (a small queue in bot_state).

The moderator's command records the change in its own transaction; the scheduler takes the
records and turns each into at most one announcement delivery, in one transaction, so a
change is announced exactly once, also across restarts. A dedicated table is not needed:
a record lives only from the command until the scheduler's next pass, seconds later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import BotState

PREFIX = "meetup.change:"


@dataclass(frozen=True, slots=True)
class MeetupChange:
    """A meet-up that was at `before` (start, end) and is now cancelled (`after` None) or
    starts at `after`; `at` is when the moderator changed it."""

    network_id: int
    meetup_id: int
    before: tuple[datetime, datetime]
    after: datetime | None
    at: datetime


async def record(session: AsyncSession, change: MeetupChange) -> None:
    """Queue the change for the scheduler (one row per change; two at the same instant, as
    with a test's fixed clock, are one: from the first one's old time to the last state)."""
    key = f"{PREFIX}{change.meetup_id}:{change.at.astimezone(UTC):%Y%m%dT%H%M%S%fZ}"
    earlier = await session.get(BotState, key)
    if earlier is not None:
        change = replace(change, before=_change(json.loads(earlier.value)).before)
        await session.delete(earlier)
        await session.flush()
    value = {
        "network_id": change.network_id,
        "meetup_id": change.meetup_id,
        "before": [change.before[0].isoformat(), change.before[1].isoformat()],
        "after": None if change.after is None else change.after.isoformat(),
        "at": change.at.isoformat(),
    }
    session.add(BotState(key=key, value=json.dumps(value)))
    await session.flush()


async def take_all(session: AsyncSession) -> list[MeetupChange]:
    """Every queued change, oldest first, removed from the queue (in the caller's
    transaction: they come back if it is rolled back)."""
    rows = (await session.execute(select(BotState.key, BotState.value).where(_queued()))).all()
    await session.execute(delete(BotState).where(_queued()))
    changes = [_change(json.loads(value)) for _, value in rows]
    return sorted(changes, key=lambda c: (c.at, c.meetup_id))


def _queued() -> ColumnElement[bool]:
    return BotState.key.startswith(PREFIX, autoescape=True)


def _change(value: dict) -> MeetupChange:
    start, end = (datetime.fromisoformat(v) for v in value["before"])
    after = value["after"]
    return MeetupChange(
        network_id=value["network_id"],
        meetup_id=value["meetup_id"],
        before=(start, end),
        after=None if after is None else datetime.fromisoformat(after),
        at=datetime.fromisoformat(value["at"]),
    )
