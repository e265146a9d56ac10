"""Decisions taken at a meet-up, the core of its minutes (DESIGN invariant 9)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.meetups import require_meetup
from storage.models import Decision
from storage.records import DecisionRecord, from_row, stored


async def add_decision(
    session: AsyncSession,
    *,
    network_id: int,
    meetup_id: int,
    text: str,
    author: str,
    created_at: datetime,
) -> DecisionRecord:
    """Record a decision at the meet-up; MeetupNotFound if it is not in this network."""
    await require_meetup(session, network_id, meetup_id)
    decision = Decision(
        network_id=network_id,
        meetup_id=meetup_id,
        text=text,
        author=author,
        created_at=created_at,
    )
    return await stored(session, DecisionRecord, decision, new=True)


async def decisions(session: AsyncSession, network_id: int, meetup_id: int) -> list[DecisionRecord]:
    """The meet-up's decisions in the order they were recorded."""
    rows = await session.scalars(
        select(Decision)
        .where(Decision.network_id == network_id, Decision.meetup_id == meetup_id)
        .order_by(Decision.created_at, Decision.id)
    )
    return [from_row(DecisionRecord, row) for row in rows]
