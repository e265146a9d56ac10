"""Work packages of a network, their owners and lead municipality (DESIGN invariant 9).

Every change writes a history line (storage.action_history) in the same transaction. The
number a package is known by is computed inside the INSERT, so two packages created at
once cannot get the same number; the unique constraint is the last guard.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import action_history, lookup
from storage.errors import NotFound
from storage.models import Municipality, WorkPackage, WorkPackageOwner
from storage.numbering import in_use, next_number
from storage.records import WorkPackageRecord, from_row

PLANNED = "planned"
RUNNING = "running"
PAUSED = "paused"
DONE = "done"
STATUSES = (PLANNED, RUNNING, PAUSED, DONE)


class WorkPackageNotFound(NotFound):
    """No work package with this number in this network."""


class MunicipalityNotInNetwork(ValueError):
    """The lead municipality belongs to another network (or does not exist)."""


async def create(
    session: AsyncSession,
    *,
    network_id: int,
    title: str,
    lead_municipality_id: int | None,
    owners: Sequence[str],
    topics: Sequence[str],
    created_by: str,
    created_at: datetime,
    status: str = PLANNED,
) -> WorkPackageRecord:
    """Store a new package with the next free number of the network."""
    _check_status(status)
    if lead_municipality_id is not None:
        await _lead_name(session, network_id, lead_municipality_id)
    row = await session.scalar(
        insert(WorkPackage)
        .values(
            network_id=network_id,
            number=next_number(WorkPackage.number, WorkPackage.network_id == network_id),
            title=title,
            lead_municipality_id=lead_municipality_id,
            topics=list(dict.fromkeys(topics)),
            status=status,
            created_by=created_by,
            created_at=created_at,
            updated_at=created_at,
        )
        .returning(WorkPackage)
    )
    assert row is not None, "INSERT .. RETURNING gives the row"
    for user_id in dict.fromkeys(owners):
        session.add(
            WorkPackageOwner(work_package_id=row.id, user_id=user_id, network_id=network_id)
        )
    await session.flush()
    await action_history.record(
        session, row, action_history.CREATED, None, title, by=created_by, at=created_at
    )
    return await _load(session, network_id, row)


async def get(session: AsyncSession, network_id: int, number: int) -> WorkPackageRecord | None:
    """The package the network knows by `number`, if any."""
    row = await lookup.find(session, WorkPackage, network_id, number=number)
    return None if row is None else await _load(session, network_id, row)


async def get_by_id(
    session: AsyncSession, network_id: int, package_id: int
) -> WorkPackageRecord | None:
    """The package with this id if it belongs to this network."""
    row = await lookup.find(session, WorkPackage, network_id, id=package_id)
    return None if row is None else await _load(session, network_id, row)


async def list_packages(session: AsyncSession, network_id: int) -> list[WorkPackageRecord]:
    """All packages of the network by number, with lead names and owners."""
    rows = list(
        await session.scalars(
            select(WorkPackage)
            .where(WorkPackage.network_id == network_id)
            .order_by(WorkPackage.number)
        )
    )
    owners = await _owners(session, network_id, [row.id for row in rows])
    leads = await _lead_names(session, network_id)
    return [_record(row, leads, owners) for row in rows]


async def numbers(session: AsyncSession, network_id: int) -> list[int]:
    """The numbers in use, ascending: for "no such package; nearest are …"."""
    return await in_use(session, WorkPackage.number, WorkPackage.network_id == network_id)


async def set_status(
    session: AsyncSession, network_id: int, number: int, status: str, *, by: str, at: datetime
) -> WorkPackageRecord:
    """Change the status; an unchanged value writes no history line."""
    _check_status(status)
    row = await _get(session, network_id, number)
    await action_history.record_field(session, row, "status", status, by=by, at=at)
    return await _load(session, network_id, row)


async def set_lead(
    session: AsyncSession,
    network_id: int,
    number: int,
    municipality_id: int | None,
    *,
    by: str,
    at: datetime,
) -> WorkPackageRecord:
    """Give the package another lead municipality (None: no lead)."""
    row = await _get(session, network_id, number)
    new = (
        None if municipality_id is None else await _lead_name(session, network_id, municipality_id)
    )
    if row.lead_municipality_id != municipality_id:
        old = (
            None
            if row.lead_municipality_id is None
            else await _lead_name(session, network_id, row.lead_municipality_id)
        )
        await action_history.record(
            session, row, "lead", old, new, by=by, at=at, lead_municipality_id=municipality_id
        )
    return await _load(session, network_id, row)


async def change_owners(
    session: AsyncSession,
    network_id: int,
    number: int,
    *,
    add: Iterable[str],
    remove: Iterable[str],
    by: str,
    at: datetime,
) -> WorkPackageRecord:
    """Add and remove owners; adding a present or removing an absent one changes nothing."""
    row = await _get(session, network_id, number)
    current = (await _owners(session, network_id, [row.id])).get(row.id, ())
    for user_id in dict.fromkeys(remove):
        if user_id in current:
            owner = await session.get(WorkPackageOwner, (row.id, user_id))
            assert owner is not None, "listed owners exist"
            await session.delete(owner)
            await action_history.record(session, row, "owner_removed", user_id, None, by=by, at=at)
    for user_id in dict.fromkeys(add):
        if user_id not in current:
            session.add(
                WorkPackageOwner(work_package_id=row.id, user_id=user_id, network_id=network_id)
            )
            await action_history.record(session, row, "owner_added", None, user_id, by=by, at=at)
    await session.flush()
    return await _load(session, network_id, row)


async def set_topics(
    session: AsyncSession,
    network_id: int,
    number: int,
    topics: Sequence[str],
    *,
    by: str,
    at: datetime,
) -> WorkPackageRecord:
    """Replace the package's topics (an empty list clears them)."""
    row = await _get(session, network_id, number)
    wanted = list(dict.fromkeys(topics))
    if list(row.topics) != wanted:
        old, new = " ".join(row.topics), " ".join(wanted)
        await action_history.record(
            session, row, "topics", old or None, new or None, by=by, at=at, topics=wanted
        )
    return await _load(session, network_id, row)


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"unknown work package status {status!r}; expected one of {STATUSES}")


async def _get(session: AsyncSession, network_id: int, number: int) -> WorkPackage:
    return await lookup.get(session, WorkPackage, network_id, WorkPackageNotFound, number=number)


async def _lead_name(session: AsyncSession, network_id: int, municipality_id: int) -> str:
    """The municipality's name; MunicipalityNotInNetwork if it is not one of this network's."""
    name = await session.scalar(
        select(Municipality.name).where(
            Municipality.id == municipality_id, Municipality.network_id == network_id
        )
    )
    if name is None:
        raise MunicipalityNotInNetwork(
            f"municipality {municipality_id} is not in network {network_id}"
        )
    return name


async def _lead_names(session: AsyncSession, network_id: int) -> dict[int, str]:
    rows = await session.execute(
        select(Municipality.id, Municipality.name).where(Municipality.network_id == network_id)
    )
    return {row.id: row.name for row in rows}


async def _owners(
    session: AsyncSession, network_id: int, package_ids: Sequence[int]
) -> dict[int, tuple[str, ...]]:
    """Owners per package, sorted so every view shows them in the same order."""
    if not package_ids:
        return {}
    rows = await session.execute(
        select(WorkPackageOwner.work_package_id, WorkPackageOwner.user_id).where(
            WorkPackageOwner.network_id == network_id,
            WorkPackageOwner.work_package_id.in_(package_ids),
        )
    )
    found: dict[int, list[str]] = {}
    for package_id, user_id in rows:
        found.setdefault(package_id, []).append(user_id)
    return {package_id: tuple(sorted(users)) for package_id, users in found.items()}


async def _load(session: AsyncSession, network_id: int, row: WorkPackage) -> WorkPackageRecord:
    owners = await _owners(session, network_id, [row.id])
    leads = {}
    if row.lead_municipality_id is not None:
        leads[row.lead_municipality_id] = await _lead_name(
            session, network_id, row.lead_municipality_id
        )
    return _record(row, leads, owners)


def _record(
    row: WorkPackage, leads: dict[int, str], owners: dict[int, tuple[str, ...]]
) -> WorkPackageRecord:
    lead_id = row.lead_municipality_id
    return from_row(
        WorkPackageRecord,
        row,
        lead=None if lead_id is None else leads.get(lead_id),
        owners=owners.get(row.id, ()),
        topics=tuple(row.topics),
    )
