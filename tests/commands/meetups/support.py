"""Helpers for the meet-up tests: the two meet-up days, seeders and a snapshot of the rows."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from storage import agenda, meetups, rsvps
from storage.records import MeetupRecord, NetworkRecord
from tests.commands.support import ERIKA, NOW, table_rows

BERLIN = ZoneInfo("Europe/Berlin")
MODERATOR = "@moderation:localhost"
LINK = "https://meet.example.org/ikz-lippe"
DEC_8 = datetime(2026, 12, 8, 10, 0, tzinfo=BERLIN)
JAN_12 = datetime(2027, 1, 12, 10, 0, tzinfo=BERLIN)
TABLES = ("meetup_series", "meetups", "post_settings", "deliveries", "agenda_items")


async def snapshot(session) -> dict[str, list[tuple]]:
    """Every row the meet-up commands may write, to show that nothing changed."""
    return await table_rows(session, TABLES)


async def add_meetup(
    session,
    network: NetworkRecord,
    start: datetime,
    title: str = "Monatstreffen",
    *,
    minutes: int = 90,
    location: str | None = LINK,
) -> MeetupRecord:
    """A single meet-up of `network`."""
    return await meetups.create_meetup(
        session,
        network_id=network.id,
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        title=title,
        location=location,
        created_by=MODERATOR,
        created_at=NOW,
    )


async def add_item(
    session, meetup: MeetupRecord, title: str, owner: str = ERIKA, minutes: int | None = None
) -> None:
    """An agenda item stored directly."""
    await agenda.add_item(
        session,
        network_id=meetup.network_id,
        meetup_id=meetup.id,
        title=title,
        duration_minutes=minutes,
        owner=owner,
        created_at=NOW,
    )


async def answer(session, meetup: MeetupRecord, user: str, value: str) -> None:
    """`user`'s answer to `meetup`, as given by command."""
    await rsvps.set_answer(
        session,
        network_id=meetup.network_id,
        meetup_id=meetup.id,
        user_id=user,
        answer=value,
        source="command",
        updated_at=NOW,
    )
