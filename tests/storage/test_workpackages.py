"""Work packages: numbering, owners, lead municipality of the same network, history."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage import action_history, networks, workpackages
from tests.storage.support import T0, add_network

ERIKA = "@erika:example.org"
MAX = "@max:example.org"


async def _municipality(session, network_id: int, name: str) -> int:
    await networks.seed_municipalities(session, network_id, [(name, "Stadt")])
    found = await networks.list_municipalities(session, network_id)
    return next(m.id for m in found if m.name == name)


async def _package(session, network_id: int, title: str = "Einheitliches Serviceportal", **kw):
    values = {
        "lead_municipality_id": None,
        "owners": [ERIKA],
        "topics": ["ozg"],
        "created_by": ERIKA,
        "created_at": T0,
        **kw,
    }
    return await workpackages.create(session, network_id=network_id, title=title, **values)


async def test_create_numbers_per_network_and_keeps_owners_and_lead(session):
    """Packages are numbered per network; owners (deduplicated, sorted) and lead come back."""
    lippe = await add_network(session, "lippe")
    owl = await add_network(session, "owl")
    lead = await _municipality(session, lippe.id, "Bad Salzuflen")
    first = await _package(session, lippe.id, owners=[MAX, ERIKA, MAX], lead_municipality_id=lead)
    second = await _package(session, lippe.id, "E-Akte")
    other = await _package(session, owl.id, "OWL")
    assert (first.number, second.number, other.number) == (1, 2, 1)
    assert first.owners == (ERIKA, MAX)
    assert (first.lead, first.lead_municipality_id) == ("Bad Salzuflen", lead)
    assert first.status == workpackages.PLANNED
    assert [p.title for p in await workpackages.list_packages(session, lippe.id)] == [
        "Einheitliches Serviceportal",
        "E-Akte",
    ]
    assert await workpackages.numbers(session, owl.id) == [1]


async def test_a_lead_of_another_network_is_refused(session):
    """The lead must be one of the network's own municipalities."""
    lippe = await add_network(session, "lippe")
    owl = await add_network(session, "owl")
    foreign = await _municipality(session, owl.id, "Bielefeld")
    with pytest.raises(workpackages.MunicipalityNotInNetwork):
        await _package(session, lippe.id, lead_municipality_id=foreign)
    assert await workpackages.list_packages(session, lippe.id) == []


async def test_changes_write_history_lines_and_unchanged_values_do_not(session):
    """Status, lead, owners and topics changes are recorded old → new; repeats add nothing."""
    lippe = await add_network(session)
    lemgo = await _municipality(session, lippe.id, "Lemgo")
    package = await _package(session, lippe.id)
    later = T0 + timedelta(hours=1)
    await workpackages.set_status(session, lippe.id, 1, workpackages.RUNNING, by=ERIKA, at=later)
    await workpackages.set_status(session, lippe.id, 1, workpackages.RUNNING, by=ERIKA, at=later)
    await workpackages.set_lead(session, lippe.id, 1, lemgo, by=ERIKA, at=later)
    await workpackages.change_owners(
        session, lippe.id, 1, add=[MAX], remove=[ERIKA], by=MAX, at=later
    )
    changed = await workpackages.set_topics(
        session, lippe.id, 1, ["ozg", "e-akte"], by=MAX, at=later
    )
    assert changed.owners == (MAX,)
    assert changed.lead == "Lemgo"
    assert changed.topics == ("ozg", "e-akte")
    assert changed.status == workpackages.RUNNING
    assert changed.updated_at == later
    lines = await action_history.work_package_history(session, lippe.id, package.id)
    assert [(c.field, c.old_value, c.new_value) for c in lines] == [
        ("created", None, "Einheitliches Serviceportal"),
        ("status", "planned", "running"),
        ("lead", None, "Lemgo"),
        ("owner_removed", ERIKA, None),
        ("owner_added", None, MAX),
        ("topics", "ozg", "ozg e-akte"),
    ]


async def test_clearing_lead_and_topics(session):
    """None as lead and an empty topic list clear them."""
    lippe = await add_network(session)
    lemgo = await _municipality(session, lippe.id, "Lemgo")
    await _package(session, lippe.id, lead_municipality_id=lemgo)
    await workpackages.set_lead(session, lippe.id, 1, None, by=ERIKA, at=T0)
    cleared = await workpackages.set_topics(session, lippe.id, 1, [], by=ERIKA, at=T0)
    assert (cleared.lead, cleared.topics) == (None, ())


async def test_unknown_status_and_missing_package_are_errors(session):
    """A status outside the four and a number that does not exist raise."""
    lippe = await add_network(session)
    await _package(session, lippe.id)
    with pytest.raises(ValueError, match="unknown work package status"):
        await workpackages.set_status(session, lippe.id, 1, "läuft", by=ERIKA, at=T0)
    with pytest.raises(workpackages.WorkPackageNotFound):
        await workpackages.set_status(session, lippe.id, 2, workpackages.DONE, by=ERIKA, at=T0)


async def test_get_by_id_stays_in_the_network(session):
    """A package id of another network is not found."""
    lippe = await add_network(session, "lippe")
    owl = await add_network(session, "owl")
    package = await _package(session, lippe.id)
    assert (await workpackages.get_by_id(session, lippe.id, package.id)).title == package.title
    assert await workpackages.get_by_id(session, owl.id, package.id) is None
    assert await workpackages.get(session, owl.id, 1) is None
