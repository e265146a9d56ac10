"""Agenda items of a meet-up, kept in a user-visible order (DESIGN invariant 9).

Positions number all items of one meet-up 1..n, deferred ones included: a deferred item
keeps its place so "TOP 3" means the same in the agenda and in the minutes. Hence
`items(..., include_deferred=False)` may show gaps; remove and move renumber to 1..n.
There is no unique index on (meetup_id, position) because renumbering would trip over it
mid-update on SQLite; every change goes through this module, which keeps the numbers whole.

Every change also moves the meet-up's `updated_at` on: the subscribed calendar carries the
agenda in the meet-up's description, and calendar apps take a description as news only
when LAST-MODIFIED, SEQUENCE and the feed's Last-Modified move (commands.meetups.feed).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import lookup
from storage.dialects import Prepared
from storage.errors import NotFound
from storage.meetups import require_meetup
from storage.models import AgendaItem, Meetup
from storage.numbering import next_number
from storage.records import AgendaItemRecord, from_row

OPEN = "open"
DEFERRED = "deferred"


class AgendaItemNotFound(NotFound):
    """No agenda item with this id in this network."""


class AlreadyDeferred(ValueError):
    """The item was deferred before; its copy is the one to defer again."""


async def add_item(
    session: AsyncSession,
    *,
    network_id: int,
    meetup_id: int,
    title: str,
    duration_minutes: int | None,
    owner: str,
    created_at: datetime,
    carried_from_id: int | None = None,
) -> AgendaItemRecord:
    """Append an item to the meet-up's agenda; MeetupNotFound if not in this network.

    `carried_from_id` is for defer_item: the item this one continues.
    """
    await require_meetup(session, network_id, meetup_id)
    if duration_minutes is not None and duration_minutes <= 0:
        raise ValueError(f"duration must be positive, not {duration_minutes} minutes")
    if carried_from_id is not None:
        await _get(session, network_id, carried_from_id)  # the origin must be ours, too
    next_position = next_number(AgendaItem.position, AgendaItem.meetup_id == meetup_id)
    item = await session.scalar(
        insert(AgendaItem)
        .values(
            network_id=network_id,
            meetup_id=meetup_id,
            position=next_position,
            title=title,
            duration_minutes=duration_minutes,
            owner=owner,
            status=OPEN,
            carried_from_id=carried_from_id,
            created_at=created_at,
        )
        .returning(AgendaItem)
    )
    assert item is not None, "INSERT .. RETURNING gives the row"
    await _touch(session, meetup_id, created_at)
    return from_row(AgendaItemRecord, item)


async def items(
    session: AsyncSession, network_id: int, meetup_id: int, *, include_deferred: bool = False
) -> list[AgendaItemRecord]:
    """The meet-up's agenda in order; deferred items only if asked (for the minutes)."""
    await session.flush()  # plain rows below: pending changes must be in the database
    statement = (_ALL_ITEMS if include_deferred else _OPEN_ITEMS)(session)
    rows = await session.execute(statement, {"network": network_id, "meetup": meetup_id})
    return [from_row(AgendaItemRecord, row) for row in rows]


def _listing(*where: Any) -> Prepared[Any]:
    """A meet-up's items in order, as plain rows: `!treffen` and `!agenda` show them at
    every call, and ORM objects and a statement built per call cost more than the query."""
    table = AgendaItem.__table__
    return Prepared(
        lambda _: (
            select(*table.columns)
            .where(
                table.c.network_id == bindparam("network"),
                table.c.meetup_id == bindparam("meetup"),
                *where,
            )
            .order_by(table.c.position, table.c.id)
        )
    )


_OPEN_ITEMS = _listing(AgendaItem.__table__.c.status == OPEN)
_ALL_ITEMS = _listing()


async def item_at(
    session: AsyncSession, network_id: int, meetup_id: int, position: int
) -> AgendaItemRecord | None:
    """The item at this position (open or deferred), as a user refers to it ("TOP 2")."""
    item = await session.scalar(
        select(AgendaItem)
        .where(
            AgendaItem.network_id == network_id,
            AgendaItem.meetup_id == meetup_id,
            AgendaItem.position == position,
        )
        .order_by(AgendaItem.id)
        .limit(1)
    )
    return None if item is None else from_row(AgendaItemRecord, item)


async def remove_item(
    session: AsyncSession, network_id: int, item_id: int, *, at: datetime
) -> None:
    """Delete the item and close the gap it leaves."""
    item = await _get(session, network_id, item_id)
    meetup_id = item.meetup_id
    await session.delete(item)
    await session.flush()
    _renumber(await _rows(session, network_id, meetup_id, include_deferred=True))
    await session.flush()
    await _touch(session, meetup_id, at)


async def move_item(
    session: AsyncSession, network_id: int, item_id: int, new_position: int, *, at: datetime
) -> list[AgendaItemRecord]:
    """Put the item at `new_position` (clamped to 1..n) and return the whole new order."""
    item = await _get(session, network_id, item_id)
    rows = [
        row for row in await _rows(session, network_id, item.meetup_id, True) if row is not item
    ]
    index = min(max(new_position, 1), len(rows) + 1) - 1
    rows.insert(index, item)
    _renumber(rows)
    await session.flush()
    await _touch(session, item.meetup_id, at)
    return [from_row(AgendaItemRecord, row) for row in rows]


async def defer_item(
    session: AsyncSession, network_id: int, item_id: int, *, to_meetup_id: int, at: datetime
) -> AgendaItemRecord:
    """Mark the item deferred where it is and append a copy to another meet-up's agenda.

    The copy points back with carried_from_id, so the minutes can say where it went and
    the next agenda where it came from.
    """
    item = await _get(session, network_id, item_id)
    if item.status == DEFERRED:
        raise AlreadyDeferred(f"agenda item {item_id} was deferred already")
    if to_meetup_id == item.meetup_id:
        raise ValueError("an item cannot be deferred to its own meet-up")
    copy = await add_item(
        session,
        network_id=network_id,
        meetup_id=to_meetup_id,
        title=item.title,
        duration_minutes=item.duration_minutes,
        owner=item.owner,
        created_at=at,
        carried_from_id=item.id,
    )
    item.status = DEFERRED
    await session.flush()
    await _touch(session, item.meetup_id, at)
    return copy


async def _rows(
    session: AsyncSession, network_id: int, meetup_id: int, include_deferred: bool
) -> list[AgendaItem]:
    statement = select(AgendaItem).where(
        AgendaItem.network_id == network_id, AgendaItem.meetup_id == meetup_id
    )
    if not include_deferred:
        statement = statement.where(AgendaItem.status == OPEN)
    return list(await session.scalars(statement.order_by(AgendaItem.position, AgendaItem.id)))


async def _get(session: AsyncSession, network_id: int, item_id: int) -> AgendaItem:
    return await lookup.get(session, AgendaItem, network_id, AgendaItemNotFound, id=item_id)


async def _touch(session: AsyncSession, meetup_id: int, at: datetime) -> None:
    """The meet-up's agenda changed at `at` (see the module docstring)."""
    await session.execute(update(Meetup).where(Meetup.id == meetup_id).values(updated_at=at))


def _renumber(rows: list[AgendaItem]) -> None:
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            row.position = position
