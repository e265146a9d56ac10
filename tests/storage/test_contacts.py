"""Contacts repository: entries, drafts, the value-free audit, deletion, lookups by Matrix id,
search, and two networks kept apart."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage import contacts, networks
from storage.bundled import bundled_municipalities
from storage.models import Contact, ContactChange
from storage.records import ContactRecord, NetworkRecord
from tests.storage.support import T0, add_network

ERIKA = "@erika:example.org"
MAX = "@max:example.org"
MOD = "@moderation:example.org"
LATER = T0 + timedelta(hours=1)


async def lippe(session: AsyncSession, key: str = "lippe") -> NetworkRecord:
    """A network with the 17 Lippe municipalities."""
    network = await add_network(session, key)
    await networks.seed_municipalities(session, network.id, bundled_municipalities("lippe"))
    return network


async def town(session: AsyncSession, network: NetworkRecord, name: str) -> int:
    """The id of a municipality of `network`."""
    found = await networks.list_municipalities(session, network.id)
    return next(m.id for m in found if m.name == name)


async def add(
    session: AsyncSession, network: NetworkRecord, name: str, where: str, **values: object
) -> ContactRecord:
    """A complete entry created by the moderation."""
    return await contacts.create(
        session,
        network_id=network.id,
        values={"name": name, "municipality_id": await town(session, network, where), **values},
        changed_by=MOD,
        at=T0,
    )


async def audit(session: AsyncSession) -> list[tuple]:
    """All audit rows as (contact_id, action, field, changed_by)."""
    rows = await session.execute(
        select(
            ContactChange.contact_id,
            ContactChange.action,
            ContactChange.field,
            ContactChange.changed_by,
        ).order_by(ContactChange.id)
    )
    return [tuple(row) for row in rows]


async def test_create_returns_the_entry_with_its_municipality_name(session: AsyncSession) -> None:
    """A created entry comes back complete, with the municipality's name and topics as a tuple."""
    network = await lippe(session)
    record = await add(
        session, network, "Erika Musterfrau", "Lemgo", role="CDO", topics=("OZG", "KI")
    )
    assert record.name == "Erika Musterfrau"
    assert record.municipality == "Lemgo"
    assert record.topics == ("OZG", "KI")
    assert record.missing == ()
    assert record.consent_at is None
    assert (record.created_at, record.updated_at) == (T0, T0)


async def test_create_writes_one_audit_line_without_values(session: AsyncSession) -> None:
    """Creating an entry is audited as who and when, with no value stored anywhere."""
    network = await lippe(session)
    record = await add(session, network, "Erika Musterfrau", "Lemgo", phone="05261 213-0")
    assert await audit(session) == [(record.id, "created", None, MOD)]
    stored = (await session.execute(text("SELECT * FROM contact_changes"))).all()
    assert all("05261" not in str(value) for row in stored for value in row)


async def test_update_audits_each_changed_field_and_skips_unchanged(
    session: AsyncSession,
) -> None:
    """Only fields whose value really changes get an audit line and move updated_at."""
    network = await lippe(session)
    record = await add(session, network, "Erika Musterfrau", "Lemgo", role="CDO")
    changed = await contacts.update(
        session,
        network.id,
        record.id,
        {
            "role": "CDO",
            "phone": "05261 213-0",
            "municipality_id": await town(session, network, "Lage"),
        },
        changed_by=ERIKA,
        at=LATER,
    )
    assert changed.phone == "05261 213-0"
    assert changed.municipality == "Lage"
    assert changed.updated_at == LATER
    assert (await audit(session))[1:] == [
        (record.id, "updated", "phone", ERIKA),
        (record.id, "updated", "municipality", ERIKA),
    ]
    same = await contacts.update(
        session,
        network.id,
        record.id,
        {"role": "CDO"},
        changed_by=ERIKA,
        at=LATER + LATER.resolution,
    )
    assert same == changed
    assert len(await audit(session)) == 3


async def test_own_edit_records_consent_once(session: AsyncSession) -> None:
    """A person's own edit stores consent the first time; a later edit keeps that date."""
    network = await lippe(session)
    record = await add(session, network, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    first = await contacts.update(
        session, network.id, record.id, {"role": "CDO"}, changed_by=ERIKA, at=T0, consent=True
    )
    again = await contacts.update(
        session, network.id, record.id, {"role": "IT"}, changed_by=ERIKA, at=LATER, consent=True
    )
    assert first.consent_at == T0
    assert again.consent_at == T0


async def test_draft_needs_a_matrix_id(session: AsyncSession) -> None:
    """A draft without name or municipality exists only as someone's own entry."""
    network = await lippe(session)
    draft = await contacts.create(
        session,
        network_id=network.id,
        values={"matrix_id": ERIKA, "municipality_id": await town(session, network, "Lemgo")},
        changed_by=ERIKA,
        at=T0,
        consent=True,
    )
    assert draft.missing == ("name",)
    assert draft.consent_at == T0
    with pytest.raises(contacts.IncompleteEntry):
        await contacts.create(
            session, network_id=network.id, values={"name": "Max"}, changed_by=MOD, at=T0
        )


async def test_database_refuses_an_incomplete_entry_without_matrix_id(
    session: AsyncSession,
) -> None:
    """The CHECK constraint holds even for a write that bypasses the repository."""
    network = await lippe(session)
    session.add(Contact(network_id=network.id, name="Max", topics=[], created_at=T0, updated_at=T0))
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_drafts_are_not_in_the_directory_or_lookups(session: AsyncSession) -> None:
    """Search, directory and by_matrix_ids show complete entries only."""
    network = await lippe(session)
    await contacts.create(
        session,
        network_id=network.id,
        values={"matrix_id": ERIKA, "municipality_id": await town(session, network, "Lemgo")},
        changed_by=ERIKA,
        at=T0,
    )
    assert await contacts.directory(session, network.id) == []
    assert await contacts.by_matrix_ids(session, network.id, [ERIKA]) == {}
    assert await contacts.searchable(session, network.id) == []
    assert (await contacts.by_matrix_id(session, network.id, ERIKA)) is not None


async def test_municipality_of_another_network_is_refused(session: AsyncSession) -> None:
    """An entry cannot point at a municipality that belongs to another network."""
    network = await lippe(session)
    other = await lippe(session, "owl")
    with pytest.raises(contacts.MunicipalityNotInNetwork):
        await contacts.create(
            session,
            network_id=network.id,
            values={"name": "Max", "municipality_id": await town(session, other, "Lemgo")},
            changed_by=MOD,
            at=T0,
        )


async def test_one_entry_per_matrix_id_and_network(session: AsyncSession) -> None:
    """A second entry with the same Matrix id is refused; another network may have one."""
    network = await lippe(session)
    other = await lippe(session, "owl")
    first = await add(session, network, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    with pytest.raises(contacts.MatrixIdTaken) as taken:
        await add(session, network, "Erika M.", "Lage", matrix_id=ERIKA)
    assert taken.value.contact_id == first.id
    assert (await add(session, other, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)).id != first.id


async def test_unknown_field_is_refused(session: AsyncSession) -> None:
    """Only the documented columns can be set."""
    network = await lippe(session)
    record = await add(session, network, "Erika Musterfrau", "Lemgo")
    with pytest.raises(ValueError, match="unknown contact fields"):
        await contacts.update(
            session, network.id, record.id, {"network_id": 2}, changed_by=MOD, at=T0
        )


async def test_by_matrix_ids_returns_known_ids_of_the_network_only(session: AsyncSession) -> None:
    """Lookup by Matrix ids: found ones keyed by id, unknown and other networks' left out."""
    network = await lippe(session)
    other = await lippe(session, "owl")
    erika = await add(session, network, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    await add(session, other, "Max Mustermann", "Lage", matrix_id=MAX)
    found = await contacts.by_matrix_ids(session, network.id, [ERIKA, MAX, "@nobody:x.org", ERIKA])
    assert found == {ERIKA: erika}


async def test_by_matrix_ids_handles_more_ids_than_one_query_takes(session: AsyncSession) -> None:
    """A thousand ids are looked up in chunks, so SQLite's parameter limit is never hit."""
    network = await lippe(session)
    erika = await add(session, network, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    ids = [f"@user{i}:example.org" for i in range(1200)] + [ERIKA]
    assert await contacts.by_matrix_ids(session, network.id, ids) == {ERIKA: erika}


async def test_delete_leaves_a_neutral_audit_and_no_trace(session: AsyncSession) -> None:
    """Deleting one's own entry keeps "an entry was deleted" with no link or id of the person.

    Audit lines a moderator wrote about the entry stay attributed to the moderator.
    """
    network = await lippe(session)
    record = await add(session, network, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    await contacts.update(
        session, network.id, record.id, {"phone": "05261 1"}, changed_by=ERIKA, at=T0
    )
    await contacts.delete_entry(session, network.id, record.id, changed_by=ERIKA, at=LATER)
    assert await contacts.get(session, network.id, record.id) is None
    assert await audit(session) == [
        (None, "created", None, MOD),
        (None, "updated", "phone", contacts.REDACTED),
        (None, "deleted", None, contacts.REDACTED),
    ]
    dump = (await session.execute(text("SELECT * FROM contact_changes"))).all()
    assert not any("erika" in str(value).lower() for row in dump for value in row)


async def test_delete_leaves_no_actor_trace_in_other_entries_audit(
    session: AsyncSession,
) -> None:
    """A moderator who deletes their own entry vanishes as actor from every audit line."""
    network = await lippe(session)
    erika = await add(session, network, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    max_m = await add(session, network, "Max Mustermann", "Lemgo", deputy=ERIKA)
    await contacts.update(
        session, network.id, max_m.id, {"phone": "05261 2"}, changed_by=ERIKA, at=T0
    )
    await contacts.delete_entry(session, network.id, erika.id, changed_by=ERIKA, at=LATER)
    assert (max_m.id, "updated", "phone", contacts.REDACTED) in await audit(session)
    assert (max_m.id, "updated", "deputy", contacts.REDACTED) in await audit(session)
    dump = (await session.execute(text("SELECT * FROM contact_changes"))).all()
    assert not any("erika" in str(value).lower() for row in dump for value in row)


async def test_delete_by_moderator_is_attributed_to_the_moderator(session: AsyncSession) -> None:
    """A moderator's deletion is audited with the moderator's id."""
    network = await lippe(session)
    record = await add(session, network, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    await contacts.delete_entry(session, network.id, record.id, changed_by=MOD, at=LATER)
    assert (await audit(session))[-1] == (None, "deleted", None, MOD)


async def test_delete_clears_deputy_references_to_the_person(session: AsyncSession) -> None:
    """Entries naming the deleted person as deputy (by name or id) lose it, audited."""
    network = await lippe(session)
    erika = await add(session, network, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    by_name = await add(session, network, "Max Mustermann", "Lemgo", deputy="erika musterfrau")
    by_id = await add(session, network, "Jana Beispiel", "Lage", deputy=ERIKA)
    kept = await add(session, network, "Paul Probst", "Lage", deputy="Jana Beispiel")
    await contacts.delete_entry(session, network.id, erika.id, changed_by=MOD, at=LATER)
    assert (await contacts.get(session, network.id, by_name.id)).deputy is None
    assert (await contacts.get(session, network.id, by_id.id)).deputy is None
    assert (await contacts.get(session, network.id, kept.id)).deputy == "Jana Beispiel"
    assert (by_name.id, "updated", "deputy", MOD) in await audit(session)


async def test_delete_of_another_networks_entry_is_not_found(session: AsyncSession) -> None:
    """An entry id of another network cannot be deleted through this network."""
    network = await lippe(session)
    other = await lippe(session, "owl")
    record = await add(session, other, "Erika Musterfrau", "Lemgo")
    with pytest.raises(contacts.ContactNotFound):
        await contacts.delete_entry(session, network.id, record.id, changed_by=MOD, at=T0)
    assert await session.scalar(select(func.count()).select_from(Contact)) == 1


async def test_changes_about_a_person_covers_their_entry_and_their_edits(
    session: AsyncSession,
) -> None:
    """Lines about Erika's entry and lines Erika wrote come back, others' do not."""
    network = await lippe(session)
    erika = await add(session, network, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    maxi = await add(session, network, "Max Mustermann", "Lage")
    await contacts.update(session, network.id, maxi.id, {"role": "IT"}, changed_by=ERIKA, at=T0)
    await contacts.update(session, network.id, maxi.id, {"role": "CDO"}, changed_by=MOD, at=T0)
    found = await contacts.changes_about(session, network.id, contact_id=erika.id, user_id=ERIKA)
    assert [(c.contact_id, c.action, c.field, c.changed_by) for c in found] == [
        (erika.id, "created", None, MOD),
        (maxi.id, "updated", "role", ERIKA),
    ]


async def test_count_and_directory_order(session: AsyncSession) -> None:
    """The directory is ordered by municipality, then name, the German way."""
    network = await lippe(session)
    await add(session, network, "Zoe Zahn", "Detmold")
    await add(session, network, "Örjan Öhm", "Dörentrup")
    await add(session, network, "Anna Acker", "Dörentrup")
    await add(session, network, "Otto Ohm", "Detmold")
    directory = await contacts.directory(session, network.id)
    assert [r.name for r in directory] == ["Otto Ohm", "Zoe Zahn", "Anna Acker", "Örjan Öhm"]
    assert await contacts.count(session, network.id) == 4


async def test_deleting_a_network_deletes_its_contacts_and_audit(session: AsyncSession) -> None:
    """Contacts and their audit go with their network (ON DELETE CASCADE)."""
    network = await lippe(session)
    await add(session, network, "Erika Musterfrau", "Lemgo")
    await session.execute(text("DELETE FROM networks WHERE id = :id"), {"id": network.id})
    assert await session.scalar(select(func.count()).select_from(Contact)) == 0
    assert await session.scalar(select(func.count()).select_from(ContactChange)) == 0
