"""The history of action items and work packages: who changed which field, old → new.

Every change made through storage.actions and storage.workpackages writes one line here in
the same transaction, so `!aufgabe verlauf` can never miss a change that was stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import search_marks
from storage.models import ActionChange, ActionItem, WorkPackage
from storage.records import ActionChangeRecord, from_row

CREATED = "created"
"""The field name of the first line: new_value is the title it was created with."""


async def record_change(
    session: AsyncSession,
    *,
    network_id: int,
    field: str,
    old_value: str | None,
    new_value: str | None,
    changed_by: str,
    changed_at: datetime,
    action_item_id: int | None = None,
    work_package_id: int | None = None,
) -> None:
    """Add one history line about exactly one item or work package, and mark the network's
    packages and items as changed for `!wer`'s index."""
    if (action_item_id is None) == (work_package_id is None):
        raise ValueError("a change is about exactly one action item or work package")
    session.add(
        ActionChange(
            network_id=network_id,
            action_item_id=action_item_id,
            work_package_id=work_package_id,
            field=field,
            old_value=old_value,
            new_value=new_value,
            changed_by=changed_by,
            changed_at=changed_at,
        )
    )
    await search_marks.touch(session, search_marks.ACTIONS, network_id)
    await session.flush()


async def record(
    session: AsyncSession,
    row: ActionItem | WorkPackage,
    field: str,
    old: str | None,
    new: str | None,
    *,
    by: str,
    at: datetime,
    **columns: object,
) -> None:
    """Add one history line about the item or work package `row` (old → new as shown) and
    mark the row updated at `at`; `columns` are its new values where the line is about them.

    The caller compares first: an unchanged value writes no line.
    """
    for column, value in columns.items():
        setattr(row, column, value)
    row.updated_at = at
    about = "action_item_id" if isinstance(row, ActionItem) else "work_package_id"
    await record_change(
        session,
        network_id=row.network_id,
        field=field,
        old_value=old,
        new_value=new,
        changed_by=by,
        changed_at=at,
        **{about: row.id},
    )


async def record_field(
    session: AsyncSession,
    row: ActionItem | WorkPackage,
    field: str,
    new: str,
    *,
    by: str,
    at: datetime,
    **columns: object,
) -> None:
    """Set the text column `field` of `row` to `new` with one history line (`columns` set
    alongside); an unchanged value writes nothing."""
    old = getattr(row, field)
    if old != new:
        await record(session, row, field, old, new, by=by, at=at, **{field: new}, **columns)


async def item_history(
    session: AsyncSession, network_id: int, action_item_id: int
) -> list[ActionChangeRecord]:
    """An item's history, oldest first."""
    return await _lines(session, network_id, ActionChange.action_item_id == action_item_id)


async def work_package_history(
    session: AsyncSession, network_id: int, work_package_id: int
) -> list[ActionChangeRecord]:
    """A work package's own history (not its items'), oldest first."""
    return await _lines(session, network_id, ActionChange.work_package_id == work_package_id)


async def _lines(
    session: AsyncSession, network_id: int, about: ColumnElement[bool]
) -> list[ActionChangeRecord]:
    rows = await session.scalars(
        select(ActionChange)
        .where(ActionChange.network_id == network_id, about)
        .order_by(ActionChange.changed_at, ActionChange.id)
    )
    return [from_row(ActionChangeRecord, row) for row in rows]
