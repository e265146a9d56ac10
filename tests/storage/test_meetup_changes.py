"""The queue of cancelled and moved meet-ups to announce, and withdrawing a moved meet-up's
posts without its edits and announcement."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from storage import deliveries, meetup_changes
from storage.meetup_changes import MeetupChange
from tests.storage.support import T0, add_meetup, add_network


async def test_changes_come_back_once_oldest_first_with_their_times(session: AsyncSession) -> None:
    """Two changes are taken in the order they were made, exactly as recorded, then gone."""
    moved = MeetupChange(1, 7, (T0, T0 + timedelta(minutes=90)), T0 + timedelta(days=1), T0)
    cancelled = MeetupChange(
        1,
        7,
        (T0 + timedelta(days=1), T0 + timedelta(days=1, hours=1)),
        None,
        T0 + timedelta(minutes=5),
    )
    await meetup_changes.record(session, cancelled)
    await meetup_changes.record(session, moved)
    assert await meetup_changes.take_all(session) == [moved, cancelled]
    assert await meetup_changes.take_all(session) == []


async def test_withdrawing_by_kind_leaves_edits_and_announcements_pending(
    session: AsyncSession,
) -> None:
    """Moved again: the unsent agenda of the old time is skipped, its pending edit and the
    pending announcement of the first move still go out."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    kinds = {"agenda": "agenda", "agenda:edit:1": "agenda_edit", "news": "meetup_news"}
    for key, kind in kinds.items():
        await deliveries.enqueue(
            session,
            key=key,
            room_id=network.room_id,
            kind=kind,
            due_at=T0,
            content={"body": key},
            network_id=network.id,
            created_at=T0,
            meetup_id=meetup.id,
        )
    withdrawn = await deliveries.withdraw_pending(
        session, meetup.id, reason="meet-up moved", kinds=["agenda_call", "agenda", "reminder"]
    )
    assert withdrawn == 1
    states = {key: (await deliveries.get(session, key)).state for key in kinds}
    assert states == {"agenda": "skipped", "agenda:edit:1": "pending", "news": "pending"}


async def test_two_changes_at_one_instant_are_one_from_the_first_old_time(
    session: AsyncSession,
) -> None:
    """Moved twice under a fixed clock: one change, from the first time to the last."""
    first = MeetupChange(1, 7, (T0, T0 + timedelta(hours=1)), T0 + timedelta(days=1), T0)
    second = MeetupChange(
        1, 7, (T0 + timedelta(days=1), T0 + timedelta(days=1, hours=1)), T0 + timedelta(days=2), T0
    )
    await meetup_changes.record(session, first)
    await meetup_changes.record(session, second)
    assert await meetup_changes.take_all(session) == [
        MeetupChange(1, 7, first.before, second.after, T0)
    ]
