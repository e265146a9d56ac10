"""What the bot stores about one person outside the directory, for `!meine-daten` (GDPR
Art. 15: the right of access).

Read-only and per network. Each query names the column that holds the person's Matrix id;
a new table that stores one should get a query here and a provider in
commands/contacts/personal_data.py, so the answer stays complete.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AgendaItem, Decision, HandledEvent, Meetup, MeetupSeries, Rsvp
from storage.records import CommandLog, PersonalEntry


async def meetup_entries(
    session: AsyncSession, network_id: int, user_id: str
) -> list[PersonalEntry]:
    """The person's answers, agenda items, decisions and created meet-ups, oldest first."""
    found: list[PersonalEntry] = []
    answers = await session.execute(
        select(Rsvp.answer, Rsvp.updated_at, Meetup.starts_at)
        .join(Meetup, Meetup.id == Rsvp.meetup_id)
        .where(Rsvp.network_id == network_id, Rsvp.user_id == user_id)
    )
    for answer, at, starts_at in answers:
        found.append(PersonalEntry("rsvp", at, starts_at, answer))
    items = await session.execute(
        select(AgendaItem.title, AgendaItem.created_at, Meetup.starts_at)
        .join(Meetup, Meetup.id == AgendaItem.meetup_id)
        .where(AgendaItem.network_id == network_id, AgendaItem.owner == user_id)
    )
    for title, at, starts_at in items:
        found.append(PersonalEntry("agenda_item", at, starts_at, title))
    decisions = await session.execute(
        select(Decision.text, Decision.created_at, Meetup.starts_at)
        .join(Meetup, Meetup.id == Decision.meetup_id)
        .where(Decision.network_id == network_id, Decision.author == user_id)
    )
    for text, at, starts_at in decisions:
        found.append(PersonalEntry("decision", at, starts_at, text))
    meetups = await session.execute(
        select(Meetup.title, Meetup.created_at, Meetup.starts_at).where(
            Meetup.network_id == network_id, Meetup.created_by == user_id
        )
    )
    for title, at, starts_at in meetups:
        found.append(PersonalEntry("meetup", at, starts_at, title))
    series = await session.execute(
        select(MeetupSeries.title, MeetupSeries.created_at).where(
            MeetupSeries.network_id == network_id, MeetupSeries.created_by == user_id
        )
    )
    for title, at in series:
        found.append(PersonalEntry("series", at, None, title))
    return sorted(found, key=lambda entry: (entry.at, entry.kind, entry.text))


async def command_log(session: AsyncSession, network_id: int, user_id: str) -> CommandLog:
    """Count and time span of the person's handled commands (their text is not stored)."""
    row = (
        await session.execute(
            select(
                func.count(), func.min(HandledEvent.sent_at), func.max(HandledEvent.sent_at)
            ).where(HandledEvent.network_id == network_id, HandledEvent.sender == user_id)
        )
    ).one()
    count, first, last = row  # min/max keep the column type: aware UTC instants
    return CommandLog(int(count or 0), first, last)
