"""The retention sweep deletes finished deliveries and audit lines past the period, nothing
else."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import action_history, actions, contacts, deliveries, retention
from storage.models import ActionChange, ContactChange, Delivery
from tests.storage.support import T0, add_network

OLD = T0 - timedelta(days=500)
CUTOFF = T0 - timedelta(days=400)


async def _delivery(session: AsyncSession, key: str, at, *, sent: bool) -> None:
    await deliveries.enqueue(
        session,
        key=key,
        room_id="!lippe:example.org",
        kind="reply",
        due_at=at,
        content={"body": "Max Mustermann, 05261 213-0"},
        created_at=at,
    )
    if sent:
        await deliveries.mark_sent(session, key, event_id=f"${key}", sent_at=at)


async def _count(session: AsyncSession, model) -> int:
    return await session.scalar(select(func.count()).select_from(model))


async def test_sweep_removes_old_finished_deliveries_and_audit_lines(session: AsyncSession):
    """Sent rows and change logs older than the period go; pending and recent rows stay."""
    network = await add_network(session)
    await _delivery(session, "old-sent", OLD, sent=True)
    await _delivery(session, "old-pending", OLD, sent=False)
    await _delivery(session, "new-sent", T0, sent=True)
    for at, name in ((OLD, "Erika Musterfrau"), (T0, "Max Mustermann")):
        await contacts.create(
            session,
            network_id=network.id,
            values={"name": name, "matrix_id": f"@{name.split()[0].lower()}:example.org"},
            changed_by="@erika:example.org",
            at=at,
        )
    item = await actions.create_item(
        session,
        network_id=network.id,
        title="Breitband-Antrag prüfen",
        owner="@max:example.org",
        created_by="@erika:example.org",
        created_at=OLD,
    )
    for at in (OLD, T0):
        await action_history.record_change(
            session,
            network_id=network.id,
            field="status",
            old_value="open",
            new_value="done",
            changed_by="@erika:example.org",
            changed_at=at,
            action_item_id=item.id,
        )

    removed = await retention.sweep(session, CUTOFF)

    # the item's own "created" line is old too
    assert removed == {"deliveries": 1, "contact_changes": 1, "action_changes": 2}
    keys = set(await session.scalars(select(Delivery.key)))
    assert keys == {"old-pending", "new-sent"}
    assert await _count(session, ContactChange) == 1
    assert await _count(session, ActionChange) == 1
