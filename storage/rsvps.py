"""Who comes to a meet-up: one current answer per member (DESIGN invariant 9).

An answer comes from a command or from a reaction on the bot's post. A later answer
replaces the earlier one, reaction id included, so taking back an old reaction (a
redaction) cannot delete an answer given after it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialects import Prepared, bytewise, upsert_insert
from storage.meetups import require_meetup
from storage.models import Meetup, Rsvp
from storage.records import RsvpRecord, from_row

ANSWERS = ("yes", "no", "maybe")
SOURCES = ("command", "reaction")


async def set_answer(
    session: AsyncSession,
    *,
    network_id: int,
    meetup_id: int,
    user_id: str,
    answer: str,
    source: str,
    updated_at: datetime,
    reaction_event_id: str | None = None,
) -> RsvpRecord:
    """Store the member's answer, replacing any earlier one; MeetupNotFound if not ours."""
    if answer not in ANSWERS:
        raise ValueError(f"answer must be one of {ANSWERS}, not {answer!r}")
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    if (source == "reaction") != (reaction_event_id is not None):
        raise ValueError("a reaction event id comes with source 'reaction' and only with it")
    await require_meetup(session, network_id, meetup_id)
    values = {
        "answer": answer,
        "source": source,
        "reaction_event_id": reaction_event_id,
        "updated_at": updated_at,
    }
    statement = (
        upsert_insert(session, Rsvp)
        .values(meetup_id=meetup_id, user_id=user_id, network_id=network_id, **values)
        .on_conflict_do_update(index_elements=["meetup_id", "user_id"], set_=values)
        .returning(Rsvp)
        # The row may be in the session already with the answer it had before.
        .execution_options(populate_existing=True)
    )
    row = await session.scalar(statement)
    assert row is not None, "INSERT .. ON CONFLICT DO UPDATE .. RETURNING gives the row"
    return from_row(RsvpRecord, row)


async def remove_by_reaction(
    session: AsyncSession, reaction_event_id: str, *, network_id: int | None = None
) -> RsvpRecord | None:
    """Delete the answer this reaction gave if it is still the current one; return it.

    Pass `network_id` (the network of the room the redaction came from) so a redaction
    in one network's room can never remove an answer in another's.
    """
    statement = delete(Rsvp).where(Rsvp.reaction_event_id == reaction_event_id)
    if network_id is not None:
        statement = statement.where(Rsvp.network_id == network_id)
    row = await session.scalar(statement.returning(Rsvp))
    return None if row is None else from_row(RsvpRecord, row)


async def withdraw_upcoming(
    session: AsyncSession, network_id: int, user_id: str, *, after: datetime
) -> int:
    """Delete the person's answers for the network's meet-ups that start after `after` (they
    left the network: they no longer count); return how many. Past answers stay on record."""
    upcoming = select(Meetup.id).where(Meetup.network_id == network_id, Meetup.starts_at > after)
    result = await session.execute(
        delete(Rsvp)
        .where(Rsvp.network_id == network_id, Rsvp.user_id == user_id)
        .where(Rsvp.meetup_id.in_(upcoming))
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def answers(session: AsyncSession, network_id: int, meetup_id: int) -> list[RsvpRecord]:
    """Every current answer for the meet-up, oldest first."""
    await session.flush()  # plain rows below: pending changes must be in the database
    bound = {"network": network_id, "meetup": meetup_id}
    return [from_row(RsvpRecord, row) for row in await session.execute(_ANSWERS(session), bound)]


def _answers(_insert: object) -> Any:
    """`answers`' statement as plain rows: `!treffen` shows them at every call."""
    table = Rsvp.__table__
    return (
        select(*table.columns)
        .where(table.c.network_id == bindparam("network"), table.c.meetup_id == bindparam("meetup"))
        .order_by(table.c.updated_at, bytewise(table.c.user_id))
    )


_ANSWERS = Prepared(_answers)
