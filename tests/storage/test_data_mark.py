"""The data mark: new at every commit that changed what answers show, and only then."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from storage import actions, data_mark, deliveries, events, state
from storage.models import ActionItem
from tests.storage.support import T0, add_network


async def _mark(sessions) -> str | None:
    async with sessions() as session:
        return await data_mark.current(session)


async def _item(session, network_id: int, title: str) -> None:
    erika = "@erika:example.org"
    await actions.create_item(
        session, network_id=network_id, title=title, owner=erika, created_by=erika, created_at=T0
    )


async def test_each_committed_change_leaves_a_new_mark(sessions):
    """An ORM insert, a Core update through the session: each commit a new, unseen mark."""
    seen = [await _mark(sessions)]
    async with sessions() as session, session.begin():
        network = await add_network(session)
    seen.append(await _mark(sessions))
    async with sessions() as session, session.begin():
        await _item(session, network.id, "Formular-Katalog abstimmen")
    seen.append(await _mark(sessions))
    async with sessions() as session, session.begin():
        await session.execute(update(ActionItem).values(title="E-Akte Pilot auswerten"))
    seen.append(await _mark(sessions))
    assert seen[0] is None
    assert None not in seen[1:] and len(set(seen)) == 4


async def test_bookkeeping_and_rolled_back_changes_leave_the_mark(sessions):
    """What every command writes (its mark, its reply, the sync token) and a change that
    was rolled back leave the mark as it was: kept answers stay valid."""
    async with sessions() as session, session.begin():
        network = await add_network(session)
    before = await _mark(sessions)
    now = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    async with sessions() as session, session.begin():
        await state.set_value(session, "sync_token", "s42")
        await events.mark_handled(
            session,
            room_id="!lippe:example.org",
            event_id="$cmd",
            network_id=network.id,
            sender="@erika:example.org",
            sent_at=now,
            handled_at=now,
            outcome="answered",
        )
        await deliveries.enqueue(
            session,
            key="reply:!lippe:example.org:$cmd",
            room_id="!lippe:example.org",
            kind="reply",
            due_at=now,
            content={"msgtype": "m.notice", "body": "Alle Befehle"},
            created_at=now,
        )
    async with sessions() as session:
        await _item(session, network.id, "verworfen")
        await session.rollback()
    assert await _mark(sessions) == before
