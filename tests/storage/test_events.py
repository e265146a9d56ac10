"""Handled command events: each is claimed once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage import events
from storage.models import HandledEvent
from tests.storage.support import T0

ROOM = "!lippe:example.org"


async def mark(
    session: AsyncSession, event_id: str, room_id: str = ROOM, **changes: object
) -> bool:
    values: dict[str, object] = {
        "room_id": room_id,
        "event_id": event_id,
        "network_id": None,
        "sender": "@anna:example.org",
        "sent_at": T0,
        "handled_at": T0 + timedelta(seconds=1),
        "outcome": "answered",
    } | changes
    return await events.mark_handled(session, **values)  # type: ignore[arg-type]


async def test_unhandled_event_is_not_handled(session: AsyncSession) -> None:
    """An event never marked is reported as not handled."""
    assert await events.is_handled(session, ROOM, "$a") is False


async def test_marked_event_is_handled(sessions: async_sessionmaker[AsyncSession]) -> None:
    """A marked event is handled, also for a later session after commit."""
    async with sessions.begin() as session:
        assert await mark(session, "$a") is True
    async with sessions() as session:
        assert await events.is_handled(session, ROOM, "$a") is True


async def test_marking_twice_keeps_the_first_row(session: AsyncSession) -> None:
    """The second mark of the same event returns False and changes nothing."""
    assert await mark(session, "$a") is True
    assert await mark(session, "$a", outcome="too_old", sender="@bob:example.org") is False

    rows = (await session.scalars(select(HandledEvent))).all()
    assert [(row.event_id, row.outcome, row.sender) for row in rows] == [
        ("$a", "answered", "@anna:example.org")
    ]


async def test_event_ids_are_scoped_to_their_room(session: AsyncSession) -> None:
    """The same event id in another room is a different event."""
    await mark(session, "$a")
    assert await events.is_handled(session, "!other:example.org", "$a") is False
    assert await mark(session, "$a", room_id="!other:example.org") is True
    count = await session.scalar(select(func.count()).select_from(HandledEvent))
    assert count == 2


async def test_handled_ids_returns_the_handled_subset(session: AsyncSession) -> None:
    """Of a batch of event ids, exactly those handled in this room come back."""
    await mark(session, "$a")
    await mark(session, "$c")
    await mark(session, "$b", room_id="!other:example.org")
    assert await events.handled_ids(session, ROOM, ["$a", "$b", "$c", "$d"]) == {"$a", "$c"}
    assert await events.handled_ids(session, ROOM, []) == set()


async def test_handled_ids_uses_one_query(engine: AsyncEngine, session: AsyncSession) -> None:
    """A whole sync batch is checked with a single SELECT, not one per event."""
    await mark(session, "$a")
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        found = await events.handled_ids(session, ROOM, [f"${n}" for n in range(100)] + ["$a"])
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert found == {"$a"}
    assert len(statements) == 1


async def test_old_marks_are_forgotten_recent_ones_kept(session: AsyncSession) -> None:
    """Marks older than the cut-off are dropped; newer ones still guard against a second answer."""
    await mark(session, "$old", handled_at=T0)
    await mark(session, "$new", handled_at=T0 + timedelta(days=8))
    assert await events.forget_before(session, T0 + timedelta(days=1)) == 1
    assert await events.handled_ids(session, ROOM, ["$old", "$new"]) == {"$new"}


async def test_an_answered_command_keeps_its_result_and_reply(session: AsyncSession) -> None:
    """The mark tells what the command came to and which delivery shows its answer."""
    await mark(session, "$a", result=events.ERROR, reply_key="reply:!lippe:$a")
    found = await events.get(session, ROOM, "$a")
    assert found is not None
    assert (found.sender, found.result, found.reply_key) == (
        "@anna:example.org",
        events.ERROR,
        "reply:!lippe:$a",
    )
    assert await events.get(session, ROOM, "$b") is None


async def test_settling_an_edit_updates_the_command(session: AsyncSession) -> None:
    """After an edit was answered the command's result and answer are the edit's."""
    await mark(session, "$a", result=events.ERROR, reply_key="reply:!lippe:$a")
    await events.settle(session, ROOM, "$a", result=events.CHANGED, reply_key="reply:!lippe:$e")
    found = await events.get(session, ROOM, "$a")
    assert found is not None
    assert (found.result, found.reply_key) == (events.CHANGED, "reply:!lippe:$e")
