"""Helpers for the action and work-package tests: people, seeders and a snapshot of the rows."""

from __future__ import annotations

from datetime import date

from storage import actions, contacts, networks, workpackages
from storage.records import NetworkRecord
from tests.commands.support import ERIKA, NOW, table_rows

JANA = "@jana:localhost"
TABLES = ("action_items", "action_changes", "work_packages", "work_package_owners")


async def snapshot(session) -> dict[str, list[tuple]]:
    """Every row the action commands may write, to show that nothing changed."""
    return await table_rows(session, TABLES)


async def item(session, network: NetworkRecord, number: int):
    found = await actions.get_item(session, network.id, number)
    assert found is not None
    return found


async def add_item(
    session,
    network: NetworkRecord,
    title: str = "Formular-Katalog abstimmen",
    *,
    owner: str = ERIKA,
    created_by: str = ERIKA,
    due_on: date | None = None,
    topics: tuple[str, ...] = (),
    work_package_id: int | None = None,
):
    """An item stored directly, for tests about everything but creating."""
    return await actions.create_item(
        session,
        network_id=network.id,
        title=title,
        owner=owner,
        created_by=created_by,
        created_at=NOW,
        due_on=due_on,
        topics=topics,
        work_package_id=work_package_id,
    )


async def add_package(session, network: NetworkRecord, title: str = "Serviceportal", **kwargs):
    """A work package stored directly, owned by Erika unless said otherwise."""
    values = {
        "lead_municipality_id": None,
        "owners": [ERIKA],
        "topics": [],
        "created_by": ERIKA,
        "created_at": NOW,
        **kwargs,
    }
    return await workpackages.create(session, network_id=network.id, title=title, **values)


async def add_contact(session, network, user_id: str, name: str, municipality: str) -> None:
    """A directory entry linking a Matrix id to a municipality."""
    found = await networks.list_municipalities(session, network.id)
    municipality_id = next(m.id for m in found if m.name == municipality)
    await contacts.create(
        session,
        network_id=network.id,
        values={
            "name": name,
            "municipality_id": municipality_id,
            "matrix_id": user_id,
            "email": f"{name.split()[0].lower()}@{municipality.lower().replace(' ', '-')}.de",
        },
        changed_by=user_id,
        at=NOW,
    )
