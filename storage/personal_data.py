"""What the bot stores about one person outside the directory, for `!meine-daten` (GDPR
Art. 15: the right of access).

Read-only and per network. Each query names the column that holds the person's Matrix id;
a new table that stores one should get a query here and a provider in
commands/contacts/personal_data.py, so the answer stays complete.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ActionChange,
    ActionItem,
    AgendaItem,
    Decision,
    HandledEvent,
    Meetup,
    MeetupSeries,
    PostSetting,
    Rsvp,
    WorkPackage,
)
from storage.records import CommandLog, PersonalChange, PersonalEntry, PersonalSetting


async def meetup_entries(
    session: AsyncSession, network_id: int, user_id: str
) -> list[PersonalEntry]:
    """The person's answers, agenda items, decisions and created meet-ups, oldest first."""
    found: list[PersonalEntry] = []
    for kind, table, text, when, person in (
        ("rsvp", Rsvp, Rsvp.answer, Rsvp.updated_at, Rsvp.user_id),
        ("agenda_item", AgendaItem, AgendaItem.title, AgendaItem.created_at, AgendaItem.owner),
        ("decision", Decision, Decision.text, Decision.created_at, Decision.author),
    ):
        rows = await session.execute(
            select(when, Meetup.starts_at, text)
            .join(Meetup, Meetup.id == table.meetup_id)
            .where(table.network_id == network_id, person == user_id)
        )
        found.extend(PersonalEntry(kind, *row) for row in rows)
    meetups = await session.execute(
        select(Meetup.created_at, Meetup.starts_at, Meetup.title).where(
            Meetup.network_id == network_id, Meetup.created_by == user_id
        )
    )
    found.extend(PersonalEntry("meetup", *row) for row in meetups)
    series = await session.execute(
        select(MeetupSeries.created_at, MeetupSeries.title).where(
            MeetupSeries.network_id == network_id, MeetupSeries.created_by == user_id
        )
    )
    found.extend(PersonalEntry("series", at, None, title) for at, title in series)
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


async def history_entries(
    session: AsyncSession, network_id: int, user_id: str
) -> list[PersonalChange]:
    """History lines of action items and work packages the person wrote or is named in (as
    old or new owner), oldest first."""
    rows = await session.execute(
        select(ActionChange.changed_at, ActionChange.field, ActionItem.number, WorkPackage.number)
        .outerjoin(ActionItem, ActionItem.id == ActionChange.action_item_id)
        .outerjoin(WorkPackage, WorkPackage.id == ActionChange.work_package_id)
        .where(
            ActionChange.network_id == network_id,
            or_(
                ActionChange.changed_by == user_id,
                ActionChange.old_value == user_id,
                ActionChange.new_value == user_id,
            ),
        )
        .order_by(ActionChange.changed_at, ActionChange.id)
    )
    return [
        PersonalChange(at, "item", item, field)
        if item is not None
        else PersonalChange(at, "package", package, field)
        for at, field, item, package in rows
    ]


async def post_setting_entries(
    session: AsyncSession, network_id: int, user_id: str
) -> list[PersonalSetting]:
    """Post settings the person was the last to change, oldest first."""
    rows = await session.execute(
        select(PostSetting.updated_at, PostSetting.kind, PostSetting.enabled)
        .where(PostSetting.network_id == network_id, PostSetting.updated_by == user_id)
        .order_by(PostSetting.updated_at, PostSetting.kind)
    )
    return [PersonalSetting(at, kind, enabled) for at, kind, enabled in rows]
