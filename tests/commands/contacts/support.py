"""Helpers for the contact tests: people of lippe.de, typing a line as Erika, seeding entries."""

from __future__ import annotations

from functools import partial

from storage import contacts, networks
from storage.records import NetworkRecord
from tests.commands import support
from tests.commands.support import NOW, table_rows

ERIKA = "@erika:lippe.de"
MAX = "@max:lippe.de"
MODERATOR = "@moderation:lippe.de"

run = partial(support.run, sender=ERIKA)
"""`support.run`, typed by Erika of lippe.de unless `sender` says otherwise."""
plain = partial(support.say, sender=ERIKA)
"""`support.say`, typed by Erika of lippe.de unless `sender` says otherwise."""


async def rows(session) -> dict[str, list[tuple]]:
    """Every row the contact commands may write, to show that nothing changed."""
    return await table_rows(session, ("contacts", "contact_changes"))


async def municipality_id(session, network: NetworkRecord, name: str) -> int:
    """The id of one of the network's municipalities."""
    found = await networks.list_municipalities(session, network.id)
    return next(m.id for m in found if m.name == name)


async def add_contact(session, network: NetworkRecord, name: str, municipality: str, **values):
    """An entry created by a moderator, as an import would."""
    record = await contacts.create(
        session,
        network_id=network.id,
        values={
            "name": name,
            "municipality_id": await municipality_id(session, network, municipality),
            **values,
        },
        changed_by=MODERATOR,
        at=NOW,
    )
    await session.commit()
    return record


async def own(session, network: NetworkRecord, user: str = ERIKA):
    """The user's entry as stored now."""
    session.expire_all()
    return await contacts.by_matrix_id(session, network.id, user)
