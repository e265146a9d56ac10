"""Action items of a network: who owes what by when (DESIGN invariant 9).

Every change writes a history line (storage.action_history) in the same transaction.
Items are never deleted by a command, so their numbers are never reused. Lists are read
whole per network and filtered by the caller where the filter is not plain SQL (topics,
municipalities): a network has hundreds of items, not millions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple, TypedDict, Unpack

from sqlalchemy import ColumnElement, Row, Select, bindparam, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import action_history, lookup
from storage.dialects import Prepared
from storage.errors import NotFound
from storage.meetups import require_meetup
from storage.models import ActionItem, AgendaItem, Contact, Rsvp, WorkPackage, WorkPackageOwner
from storage.numbering import in_use, next_number
from storage.records import ActionItemRecord, ActionItemText, from_row

OPEN = "open"
DONE = "done"
STATUSES = (OPEN, DONE)


class ActionItemNotFound(NotFound):
    """No action item with this number in this network."""


class WorkPackageNotInNetwork(NotFound):
    """The work package to link does not belong to this network."""


async def create_item(
    session: AsyncSession,
    *,
    network_id: int,
    title: str,
    owner: str,
    created_by: str,
    created_at: datetime,
    due_on: date | None = None,
    work_package_id: int | None = None,
    meetup_id: int | None = None,
    topics: Sequence[str] = (),
) -> ActionItemRecord:
    """Store a new open item with the network's next number; linked rows must be ours."""
    if work_package_id is not None:
        found = await session.scalar(
            select(WorkPackage.id).where(
                WorkPackage.id == work_package_id, WorkPackage.network_id == network_id
            )
        )
        if found is None:
            raise WorkPackageNotInNetwork(
                f"work package {work_package_id} is not in network {network_id}"
            )
    if meetup_id is not None:
        await require_meetup(session, network_id, meetup_id)
    row = await session.scalar(
        insert(ActionItem)
        .values(
            network_id=network_id,
            number=next_number(ActionItem.number, ActionItem.network_id == network_id),
            title=title,
            owner=owner,
            created_by=created_by,
            due_on=due_on,
            status=OPEN,
            work_package_id=work_package_id,
            meetup_id=meetup_id,
            topics=list(dict.fromkeys(topics)),
            created_at=created_at,
            updated_at=created_at,
            done_at=None,
        )
        .returning(ActionItem)
    )
    assert row is not None, "INSERT .. RETURNING gives the row"
    await action_history.record(
        session, row, action_history.CREATED, None, title, by=created_by, at=created_at
    )
    return await _reload(session, network_id, row)


async def get_item(session: AsyncSession, network_id: int, number: int) -> ActionItemRecord | None:
    """The item the network knows by `number`, if any."""
    return await _one(session, _select(network_id).where(ActionItem.number == number))


async def numbers(session: AsyncSession, network_id: int) -> list[int]:
    """The numbers in use, ascending: for "no such item; nearest are …"."""
    return await in_use(session, ActionItem.number, ActionItem.network_id == network_id)


class ItemFilters(TypedDict, total=False):
    """Which items `items` and `count` keep; each one given narrows the list.

    `status` is OPEN unless given (None: any); `due_before` keeps items due strictly before
    that day (overdue on that day).
    """

    status: str | None
    owner: str | None
    due_before: date | None
    work_package_id: int | None


async def items(
    session: AsyncSession,
    network_id: int,
    *,
    limit: int | None = None,
    **filters: Unpack[ItemFilters],
) -> list[ActionItemRecord]:
    """Items by due date (none last), then number, narrowed by `filters`; `limit` keeps the
    first ones only (see `count` for how many there are in all)."""
    values = _filter_values(filters)
    statement = _listing(tuple(values), limited=limit is not None)(session)
    rows = await session.execute(statement, {"network": network_id, "limit": limit, **values})
    return [_record(row) for row in rows]


async def count(session: AsyncSession, network_id: int, **filters: Unpack[ItemFilters]) -> int:
    """How many items `items` would list with the same filters and no limit."""
    values = _filter_values(filters)
    statement = _counting(tuple(values))(session)
    return await session.scalar(statement, {"network": network_id, **values}) or 0


def _filter_values(filters: ItemFilters) -> dict[str, Any]:
    """The filters that narrow the list, by name (`status` OPEN unless given)."""
    given = {"status": OPEN, **filters}
    return {name: value for name, value in given.items() if value is not None}


_FILTERS: dict[str, Callable[[], ColumnElement[bool]]] = {
    "status": lambda: ActionItem.status == bindparam("status"),
    "owner": lambda: ActionItem.owner == bindparam("owner"),
    "due_before": lambda: ActionItem.due_on < bindparam("due_before"),
    "work_package_id": lambda: ActionItem.work_package_id == bindparam("work_package_id"),
}
"""Each filter of `ItemFilters` as a condition on its bound value."""


@cache
def _listing(filters: tuple[str, ...], *, limited: bool) -> Prepared[Select[Any]]:
    """`items`' statement for these filters, built once: `!aufgaben` lists at every call."""

    def build(_insert: object) -> Select[Any]:
        statement = _columns().where(
            ActionItem.network_id == bindparam("network"), *(_FILTERS[f]() for f in filters)
        )
        return statement.limit(bindparam("limit")) if limited else statement

    return Prepared(build)


@cache
def _counting(filters: tuple[str, ...]) -> Prepared[Select[Any]]:
    """`count`'s statement for these filters, built once."""
    return Prepared(
        lambda _: select(func.count()).where(
            ActionItem.network_id == bindparam("network"), *(_FILTERS[f]() for f in filters)
        )
    )


async def texts(session: AsyncSession, network_id: int) -> list[ActionItemText]:
    """Number, title, topics and status of every item: all a search needs, read cheaply."""
    rows = await session.execute(
        select(ActionItem.number, ActionItem.title, ActionItem.topics, ActionItem.status).where(
            ActionItem.network_id == network_id
        )
    )
    return [ActionItemText(n, title, tuple(topics), status) for n, title, topics, status in rows]


async def items_numbered(
    session: AsyncSession, network_id: int, numbers: Sequence[int]
) -> dict[int, ActionItemRecord]:
    """The items with these numbers, by number (missing numbers are left out)."""
    bound = {"network": network_id, "numbers": list(numbers)}
    rows = await session.execute(_NUMBERED(session), bound)
    return {item.number: item for item in map(_record, rows)}


async def open_due_between(
    session: AsyncSession, network_id: int, first: date | None, last: date
) -> list[ActionItemRecord]:
    """Open items due from `first` (None: any time before) up to and including `last`."""
    statement = _select(network_id).where(
        ActionItem.status == OPEN, ActionItem.due_on.is_not(None), ActionItem.due_on <= last
    )
    if first is not None:
        statement = statement.where(ActionItem.due_on >= first)
    return await _many(session, statement)


class DueDate(NamedTuple):
    """What planning the due-day posts needs of an item: three columns, not the record."""

    network_id: int
    status: str
    due_on: date
    updated_at: datetime


async def open_due_dates(
    session: AsyncSession, first: date, last: date, network_ids: Sequence[int] | None = None
) -> list[DueDate]:
    """Open items of every network (or of `network_ids`) due in [first, last], narrow: the
    scheduler plans ten thousand items at every start."""
    item = ActionItem.__table__.c  # Core columns: rows without the ORM's loading
    statement = select(item.network_id, item.status, item.due_on, item.updated_at).where(
        item.status == OPEN, item.due_on >= first, item.due_on <= last
    )
    if network_ids is not None:
        statement = statement.where(item.network_id.in_(network_ids))
    return [DueDate(*row) for row in await session.execute(statement)]


async def created_at_meetup(
    session: AsyncSession, network_id: int, meetup_id: int
) -> list[ActionItemRecord]:
    """Items created while the meet-up ran, by number: a section of its minutes."""
    statement = _select(network_id).where(ActionItem.meetup_id == meetup_id)
    return await _many(session, statement.order_by(None).order_by(ActionItem.number))


async def counts_by_work_package(
    session: AsyncSession, network_id: int
) -> dict[int, dict[str, int]]:
    """Per work package id: how many items are open and how many done."""
    rows = await session.execute(
        select(ActionItem.work_package_id, ActionItem.status, func.count())
        .where(ActionItem.network_id == network_id, ActionItem.work_package_id.is_not(None))
        .group_by(ActionItem.work_package_id, ActionItem.status)
    )
    counts: dict[int, dict[str, int]] = {}
    for package_id, status, count in rows:
        counts.setdefault(package_id, {OPEN: 0, DONE: 0})[status] = count
    return counts


async def mark_done(
    session: AsyncSession, network_id: int, number: int, *, by: str, at: datetime
) -> ActionItemRecord:
    """Close the item; done_at says when. Closing a closed item changes nothing."""
    return await _set_status(session, network_id, number, DONE, by=by, at=at)


async def reopen(
    session: AsyncSession, network_id: int, number: int, *, by: str, at: datetime
) -> ActionItemRecord:
    """Open a closed item again (it was closed by mistake)."""
    return await _set_status(session, network_id, number, OPEN, by=by, at=at)


async def hand_over(
    session: AsyncSession, network_id: int, number: int, new_owner: str, *, by: str, at: datetime
) -> ActionItemRecord:
    """Give the item to someone else."""
    row = await _get(session, network_id, number)
    await action_history.record_field(session, row, "owner", new_owner, by=by, at=at)
    return await _reload(session, network_id, row)


async def set_due(
    session: AsyncSession,
    network_id: int,
    number: int,
    due_on: date | None,
    *,
    by: str,
    at: datetime,
) -> ActionItemRecord:
    """Set or clear (None) the due date."""
    row = await _get(session, network_id, number)
    if row.due_on != due_on:
        old = None if row.due_on is None else row.due_on.isoformat()
        new = None if due_on is None else due_on.isoformat()
        await action_history.record(session, row, "due_on", old, new, by=by, at=at, due_on=due_on)
    return await _reload(session, network_id, row)


async def network_users(session: AsyncSession, network_id: int) -> set[str]:
    """Every Matrix id the network's stored data names, for resolving a bare `@erika`.

    Owners and creators of items and work packages, agenda owners, RSVPs and contacts.
    """
    found: set[str] = set()
    for statement in (
        select(ActionItem.owner).where(ActionItem.network_id == network_id),
        select(ActionItem.created_by).where(ActionItem.network_id == network_id),
        select(WorkPackageOwner.user_id).where(WorkPackageOwner.network_id == network_id),
        select(WorkPackage.created_by).where(WorkPackage.network_id == network_id),
        select(AgendaItem.owner).where(AgendaItem.network_id == network_id),
        select(Rsvp.user_id).where(Rsvp.network_id == network_id),
        select(Contact.matrix_id).where(Contact.network_id == network_id),
    ):
        found.update(user for user in await session.scalars(statement) if user)
    return found


async def _set_status(
    session: AsyncSession, network_id: int, number: int, status: str, *, by: str, at: datetime
) -> ActionItemRecord:
    row = await _get(session, network_id, number)
    done_at = at if status == DONE else None
    await action_history.record_field(session, row, "status", status, by=by, at=at, done_at=done_at)
    return await _reload(session, network_id, row)


def _columns() -> Select[Any]:
    """Items with their package's number, in list order.

    Plain column rows rather than ORM objects: lists of a thousand items are read on every
    `!aufgaben` and `!wer`, and building records straight from rows is several times faster.
    """
    return (
        select(*ActionItem.__table__.columns, WorkPackage.number.label("work_package_number"))
        .outerjoin(WorkPackage, WorkPackage.id == ActionItem.work_package_id)
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.number)
    )


def _select(network_id: int) -> Select[Any]:
    """Items of the network, in list order."""
    return _columns().where(ActionItem.network_id == network_id)


_NUMBERED = Prepared(
    lambda _: _columns().where(
        ActionItem.network_id == bindparam("network"),
        ActionItem.number.in_(bindparam("numbers", expanding=True)),
    )
)
"""The items `!wer` shows, by number: built once, not at every search."""


async def _many(session: AsyncSession, statement: Select[Any]) -> list[ActionItemRecord]:
    return [_record(row) for row in await session.execute(statement)]


async def _one(session: AsyncSession, statement: Select[Any]) -> ActionItemRecord | None:
    found = (await session.execute(statement.limit(1))).first()
    return None if found is None else _record(found)


async def _get(session: AsyncSession, network_id: int, number: int) -> ActionItem:
    return await lookup.get(session, ActionItem, network_id, ActionItemNotFound, number=number)


async def _reload(session: AsyncSession, network_id: int, row: ActionItem) -> ActionItemRecord:
    record = await _one(session, _select(network_id).where(ActionItem.id == row.id))
    assert record is not None, "the item exists"
    return record


def _record(row: Row[Any]) -> ActionItemRecord:
    return from_row(ActionItemRecord, row, topics=tuple(row.topics))
