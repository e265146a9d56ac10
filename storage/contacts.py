"""The contact directory: who is who in a network (DESIGN invariant 9: per network).

Contact data of public servants is personal data. Hence every write goes through this
module and leaves an audit line (storage.models.ContactChange) saying which field changed,
who changed it and when; the values themselves are never kept in the audit. Deleting an
entry removes the row; its audit lines lose the link (contact_id NULL) and other entries
that named the person as deputy are cleared, so nothing points back at them.

Values arrive validated (commands.contacts.fields checks format and length); this module
guards what the database alone cannot: a municipality of the same network, one entry per
Matrix id and network, complete entries unless it is a member's own draft.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Result,
    Row,
    Select,
    Text,
    bindparam,
    cast,
    delete,
    func,
    select,
)
from sqlalchemy import update as sql_update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import lookup, search_marks
from storage.collation import fold, german_key
from storage.dialects import Prepared
from storage.errors import NotFound
from storage.models import Contact, ContactChange, Municipality
from storage.records import ContactChangeRecord, ContactRecord, SearchableContact, from_row

FIELDS = ("name", "municipality_id", "role", "email", "phone", "matrix_id", "topics", "deputy")
"""The columns a caller may set; everything else is kept by this module."""

CREATED, UPDATED, DELETED = "created", "updated", "deleted"
"""Audit actions."""

REDACTED = "(gelöscht)"
"""changed_by of audit lines a person wrote about their own, since deleted, entry."""

IMPORT = "ikz-bot contacts import"
"""changed_by of changes made by the CSV import on the command line."""


class ContactNotFound(NotFound):
    """No contact with this id in this network."""


class MunicipalityNotInNetwork(ValueError):
    """The municipality does not exist or belongs to another network."""


class MatrixIdTaken(ValueError):
    """Another entry of the network already has this Matrix id; a person has one entry."""

    def __init__(self, matrix_id: str, contact_id: int) -> None:
        super().__init__(f"{matrix_id} already has entry {contact_id}")
        self.matrix_id = matrix_id
        self.contact_id = contact_id


class IncompleteEntry(ValueError):
    """An entry without a Matrix id needs a name and a municipality."""


async def create(
    session: AsyncSession,
    *,
    network_id: int,
    values: Mapping[str, Any],
    changed_by: str,
    at: datetime,
    consent: bool = False,
) -> ContactRecord:
    """Add an entry and its audit line; `consent` when the person enters it themselves."""
    _check_fields(values)
    await _check_values(session, network_id, values, contact_id=None)
    row = Contact(
        network_id=network_id,
        topics=[],
        consent_at=at if consent else None,
        created_at=at,
        updated_at=at,
    )
    for field, value in values.items():
        setattr(row, field, _column_value(field, value))
    if row.matrix_id is None and (row.name is None or row.municipality_id is None):
        raise IncompleteEntry("an entry without a Matrix id needs a name and a municipality")
    session.add(row)
    await session.flush()
    _audit(session, row, CREATED, None, changed_by, at)
    await search_marks.touch(session, search_marks.CONTACTS, network_id)
    await session.flush()
    return await _record_of(session, row)


async def update(
    session: AsyncSession,
    network_id: int,
    contact_id: int,
    changes: Mapping[str, Any],
    *,
    changed_by: str,
    at: datetime,
    consent: bool = False,
) -> ContactRecord:
    """Apply `changes`; one audit line per field whose value really changed.

    `consent` records the person's own edit as consent if none is stored yet.
    """
    _check_fields(changes)
    row = await _get(session, network_id, contact_id)
    await _check_values(session, network_id, changes, contact_id=contact_id)
    changed = [
        field
        for field, value in changes.items()
        if getattr(row, field) != _column_value(field, value)
    ]
    for field in changed:
        setattr(row, field, _column_value(field, changes[field]))
    if row.matrix_id is None and (row.name is None or row.municipality_id is None):
        raise IncompleteEntry("an entry without a Matrix id needs a name and a municipality")
    if consent and row.consent_at is None:
        row.consent_at = at
    if changed:
        row.updated_at = at
        for field in changed:
            _audit(session, row, UPDATED, _audit_name(field), changed_by, at)
        await search_marks.touch(session, search_marks.CONTACTS, network_id)
    await session.flush()
    return await _record_of(session, row)


async def delete_entry(
    session: AsyncSession, network_id: int, contact_id: int, *, changed_by: str, at: datetime
) -> None:
    """Remove the entry; the audit keeps a neutral "an entry was deleted" line.

    The entry's audit lines lose their link (contact_id NULL), and wherever the person was
    the actor in the network's audit (their own entry, or others' entries they changed as a
    moderator, or this deletion) their Matrix id is replaced by REDACTED: after the deletion
    nothing in the audit points back at them, while a moderator's changes to their entry
    stay attributed to the moderator. Entries that name the person as deputy (by name or
    Matrix id) are cleared, each with an audit line.
    """
    row = await _get(session, network_id, contact_id)
    actor = REDACTED if changed_by == row.matrix_id else changed_by
    naming = {fold(text) for text in (row.name, row.matrix_id) if text}
    others = await session.scalars(
        select(Contact).where(
            Contact.network_id == network_id,
            Contact.id != contact_id,
            Contact.deputy.is_not(None),
        )
    )
    for other in others:
        if other.deputy is not None and fold(other.deputy) in naming:
            other.deputy = None
            other.updated_at = at
            _audit(session, other, UPDATED, "deputy", actor, at)
    if row.matrix_id is not None:
        await session.execute(
            sql_update(ContactChange)
            .where(ContactChange.network_id == network_id)
            .where(ContactChange.changed_by == row.matrix_id)
            .values(changed_by=REDACTED)
            .execution_options(synchronize_session=False)
        )
    await session.execute(
        sql_update(ContactChange)
        .where(ContactChange.contact_id == contact_id)
        .values(contact_id=None)
        .execution_options(synchronize_session=False)
    )
    session.add(
        ContactChange(
            network_id=network_id,
            contact_id=None,
            action=DELETED,
            field=None,
            changed_by=actor,
            changed_at=at,
        )
    )
    await session.execute(delete(Contact).where(Contact.id == contact_id))
    await search_marks.touch(session, search_marks.CONTACTS, network_id)
    await session.flush()
    session.expire_all()


async def get(session: AsyncSession, network_id: int, contact_id: int) -> ContactRecord | None:
    """The entry with this id in this network (drafts included), if any."""
    rows = await _read(session, _select(network_id).where(Contact.id == contact_id))
    return next((_record(row) for row in rows), None)


async def by_matrix_id(
    session: AsyncSession, network_id: int, matrix_id: str
) -> ContactRecord | None:
    """A person's own entry, draft or complete; for self-service and `!meine-daten`."""
    rows = await _read(session, _select(network_id).where(Contact.matrix_id == matrix_id))
    return next((_record(row) for row in rows), None)


async def by_matrix_ids(
    session: AsyncSession, network_id: int, matrix_ids: Sequence[str]
) -> dict[str, ContactRecord]:
    """The complete entries of these Matrix ids, keyed by Matrix id; unknown ids are absent."""
    wanted = list(dict.fromkeys(matrix_ids))
    found: dict[str, ContactRecord] = {}
    for start in range(0, len(wanted), 500):  # stay below SQLite's bound-parameter limit
        bound = {"network": network_id, "matrix_ids": wanted[start : start + 500]}
        rows = await _read(session, _BY_MATRIX_IDS(session), bound)
        for row in rows:
            record = _record(row)
            assert record.matrix_id is not None
            found[record.matrix_id] = record
    return found


async def directory(
    session: AsyncSession, network_id: int, *, municipality_id: int | None = None
) -> list[ContactRecord]:
    """All complete entries of the network (or of one municipality), by municipality, then
    name (German order)."""
    statement = _select(network_id, complete=True)
    if municipality_id is not None:
        statement = statement.where(Contact.municipality_id == municipality_id)
    rows = await _read(session, statement)
    records = [_record(row) for row in rows]
    return sorted(
        records, key=lambda r: (german_key(r.municipality or ""), german_key(r.name or ""), r.id)
    )


async def count(session: AsyncSession, network_id: int) -> int:
    """How many entries (drafts included) the network has."""
    total = await session.scalar(
        select(func.count()).select_from(Contact).where(Contact.network_id == network_id)
    )
    return int(total or 0)


ADDRESS = re.compile(r"@?[^@\s]+@[^@\s]+|@[^@\s:]+:[^@\s]+")
"""A whole e-mail address or Matrix id: looked up exactly, not scored."""


async def searchable(session: AsyncSession, network_id: int) -> list[SearchableContact]:
    """What `!kontakt` searches, for every entry with a name: read as plain columns for the
    in-memory index (commands.contacts.search), which reads it again only after a change."""
    result = await _read(
        session,
        select(
            Contact.id,
            Contact.name,
            Municipality.name,
            Contact.role,
            # Raw JSON, parsed once per distinct list. A CAST, not type_coerce: asyncpg would
            # decode a json column itself, and PostgreSQL's json keeps the text as written.
            cast(Contact.topics, Text),
        )
        .outerjoin(Municipality, Municipality.id == Contact.municipality_id)
        .where(Contact.network_id == network_id, Contact.name.is_not(None)),
    )
    return [
        SearchableContact(key, name, town, role, _topics(topics))
        for key, name, town, role, topics in result
    ]


async def by_address(session: AsyncSession, network_id: int, text: str) -> list[ContactRecord]:
    """The complete entry with this Matrix id or e-mail address (case-insensitive)."""
    # Case-folded in Python: SQL lower() folds only ASCII on SQLite but all of Unicode on
    # PostgreSQL, and a local part like "JÜRGEN" must be found the same way on both.
    lowered = text.strip().casefold()
    addresses = await _read(
        session,
        select(Contact.id, Contact.matrix_id, Contact.email).where(
            Contact.network_id == network_id,
            Contact.name.is_not(None),
            Contact.municipality_id.is_not(None),
            (Contact.matrix_id.is_not(None)) | (Contact.email.is_not(None)),
        ),
    )
    keys = [
        key
        for key, matrix_id, email in addresses
        if lowered in ((matrix_id or "").casefold(), (email or "").casefold())
    ]
    if not keys:
        return []
    rows = await _read(
        session, _select(network_id).where(Contact.id.in_(keys)).order_by(Contact.id)
    )
    return [_record(row) for row in rows]


@lru_cache(maxsize=4096)
def _topics(raw: str | None) -> tuple[str, ...]:
    """A stored topics list (JSON text); lists repeat, so each distinct one is parsed once."""
    if not raw:
        return ()
    value = json.loads(raw)
    return tuple(str(topic) for topic in value) if isinstance(value, list) else ()


async def by_ids(
    session: AsyncSession, network_id: int, ids: Sequence[int]
) -> dict[int, ContactRecord]:
    """The entries with these ids, by id (ids no longer there are left out)."""
    found: dict[int, ContactRecord] = {}
    for start in range(0, len(ids), 500):  # stay below SQLite's bound-parameter limit
        bound = {"network": network_id, "ids": list(ids[start : start + 500])}
        rows = await _read(session, _BY_IDS(session), bound)
        found.update((record.id, record) for record in map(_record, rows))
    return found


async def changes_about(
    session: AsyncSession, network_id: int, *, contact_id: int | None, user_id: str
) -> list[ContactChangeRecord]:
    """Audit lines about a person's entry or made by them, oldest first (for `!meine-daten`)."""
    about = ContactChange.changed_by == user_id
    if contact_id is not None:
        about = about | (ContactChange.contact_id == contact_id)
    rows = await session.scalars(
        select(ContactChange)
        .where(ContactChange.network_id == network_id, about)
        .order_by(ContactChange.changed_at, ContactChange.id)
    )
    return [from_row(ContactChangeRecord, row) for row in rows]


def _check_fields(values: Mapping[str, Any]) -> None:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown contact fields: {sorted(unknown)}")


async def _check_values(
    session: AsyncSession, network_id: int, values: Mapping[str, Any], *, contact_id: int | None
) -> None:
    municipality_id = values.get("municipality_id")
    if municipality_id is not None:
        owner = await session.scalar(
            select(Municipality.network_id).where(Municipality.id == municipality_id)
        )
        if owner != network_id:
            raise MunicipalityNotInNetwork(f"municipality {municipality_id} is not in the network")
    matrix_id = values.get("matrix_id")
    if matrix_id is not None:
        holder = await session.scalar(
            select(Contact.id).where(
                Contact.network_id == network_id, Contact.matrix_id == matrix_id
            )
        )
        if holder is not None and holder != contact_id:
            raise MatrixIdTaken(matrix_id, holder)


def _column_value(field: str, value: Any) -> Any:
    if field == "topics":
        return list(value or ())
    return value


def _audit_name(field: str) -> str:
    return "municipality" if field == "municipality_id" else field


def _audit(
    session: AsyncSession,
    row: Contact,
    action: str,
    field: str | None,
    changed_by: str,
    at: datetime,
) -> None:
    session.add(
        ContactChange(
            network_id=row.network_id,
            contact_id=row.id,
            action=action,
            field=field,
            changed_by=changed_by,
            changed_at=at,
        )
    )


async def _get(session: AsyncSession, network_id: int, contact_id: int) -> Contact:
    return await lookup.get(session, Contact, network_id, ContactNotFound, id=contact_id)


async def _read(
    session: AsyncSession, statement: Select[Any], bound: Mapping[str, Any] | None = None
) -> Result[Any]:
    """Run a plain-column SELECT on the session's connection, past the ORM layer.

    The ORM adds nothing to rows that are not entities but doubles the time for a whole
    directory. Pending changes are flushed first, as session.execute would.
    """
    await session.flush()
    connection = await session.connection()
    return await connection.execute(statement, bound)


def _columns() -> Select[Any]:
    """Plain columns (not ORM objects): building 10,000 records this way takes milliseconds."""
    return select(*Contact.__table__.columns, Municipality.name.label("municipality")).outerjoin(
        Municipality, Municipality.id == Contact.municipality_id
    )


def _complete() -> tuple[ColumnElement[bool], ...]:
    """Entries with a name and a municipality, not drafts."""
    return Contact.name.is_not(None), Contact.municipality_id.is_not(None)


def _select(network_id: int, *, complete: bool = False) -> Select[Any]:
    statement = _columns().where(Contact.network_id == network_id)
    return statement.where(*_complete()) if complete else statement


_BY_IDS = Prepared(
    lambda _: _columns().where(
        Contact.network_id == bindparam("network"),
        Contact.id.in_(bindparam("ids", expanding=True)),
    )
)
_BY_MATRIX_IDS = Prepared(
    lambda _: _columns().where(
        Contact.network_id == bindparam("network"),
        *_complete(),
        Contact.matrix_id.in_(bindparam("matrix_ids", expanding=True)),
    )
)
"""The entries a search shows and the people a list names: built once, not per command."""


async def _record_of(session: AsyncSession, row: Contact) -> ContactRecord:
    record = await get(session, row.network_id, row.id)
    assert record is not None, "the row was just flushed"
    return record


def _record(row: Row[Any]) -> ContactRecord:
    return from_row(ContactRecord, row, topics=tuple(row.topics or ()))
