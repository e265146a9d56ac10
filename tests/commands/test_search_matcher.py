"""`!kontakt` and `!wer` share one matcher, and their in-memory indexes never answer from
before a change: a new, edited or deleted entry, a rolled-back write, a write by another
process (another engine on the same database)."""

from __future__ import annotations

import pytest

from commands.contacts.search import find
from storage import actions, contacts, networks
from storage.db import create_engine, session_factory
from tests.commands.actions.support import add_item, add_package
from tests.commands.contacts.support import MODERATOR, add_contact, municipality_id, plain
from tests.commands.support import NOW, say

ERIKA_ID = "@erika:lippe.de"


@pytest.fixture
async def data(session, lippe):
    """A contact and a work package about the Serviceportal in Lemgo, an unrelated item."""
    await add_contact(session, lippe, "Erika Musterfrau", "Lemgo", topics=("Serviceportal",))
    lemgo = await municipality_id(session, lippe, "Lemgo")
    await add_package(
        session, lippe, "Einheitliches Serviceportal", lead_municipality_id=lemgo, topics=["ozg"]
    )
    await add_item(session, lippe, "Breitband Gewerbegebiete")
    await session.commit()
    return lippe


@pytest.mark.parametrize(
    "typed",
    ["lemgoo", "lemgu", "lmego", "servicportal", "Serviceprotal", "serv", "Service-Portal"],
)
async def test_both_commands_tolerate_the_same_typos(make_ctx, data, typed):
    """What `!kontakt` finds despite a typo, `!wer` finds too (one rule for both)."""
    contact = await plain(make_ctx, data, f"!kontakt {typed}")
    who = await say(make_ctx, data, f"!wer {typed}")
    assert "Erika Musterfrau" in contact
    assert "AP\u00a01 Einheitliches Serviceportal" in who


@pytest.mark.parametrize("typed", ["lmgu", "detmold", "xyzzy", "portalserver", "sevrvicpotral"])
async def test_both_commands_refuse_the_same_unrelated_words(make_ctx, data, typed):
    """Words too far from anything stored find nothing in either command."""
    contact = await plain(make_ctx, data, f"!kontakt {typed}")
    who = await say(make_ctx, data, f"!wer {typed}")
    assert "niemanden" in contact
    assert "kein Arbeitspaket und keine Aufgabe gefunden" in who


async def test_a_new_and_a_deleted_contact_show_in_the_next_search(make_ctx, lippe):
    """A contact added by `!kontakt neu` is found next; once deleted, it is gone."""
    moderator = {"sender": MODERATOR, "moderator": True}
    assert "niemanden" in await plain(make_ctx, lippe, "!kontakt beispiel")
    await plain(make_ctx, lippe, '!kontakt neu "Jana Beispiel" kommune:Lage', **moderator)
    assert "Jana Beispiel" in await plain(make_ctx, lippe, "!kontakt beispiel")
    await plain(make_ctx, lippe, "!kontakt löschen jana beispiel", **moderator)
    assert "niemanden" in await plain(make_ctx, lippe, "!kontakt beispiel")


async def test_an_edited_contact_is_found_by_its_new_values(session, make_ctx, lippe):
    """After a change of role, the old role no longer finds the entry, the new one does."""
    record = await add_contact(session, lippe, "Max Mustermann", "Detmold", role="CDO")
    assert "Max Mustermann" in await plain(make_ctx, lippe, "!kontakt cdo")
    await contacts.update(
        session, lippe.id, record.id, {"role": "Breitbandkoordinator"}, changed_by=MODERATOR, at=NOW
    )
    assert "niemanden" in await plain(make_ctx, lippe, "!kontakt cdo")
    assert "Max Mustermann" in await plain(make_ctx, lippe, "!kontakt breitbandkoordinator")


async def shown(make_ctx, network, line: str) -> list[str]:
    """The numbers of the lines a `!wer` reply lists, in order (`Aufgabe 2`)."""
    rows = (await say(make_ctx, network, line)).splitlines()
    return [row[2:].split(" ")[0] for row in rows if row.startswith("• ")]


async def test_new_and_finished_items_show_in_the_next_who(session, make_ctx, lippe):
    """A new item is found at once; one marked done moves behind the open ones."""
    assert "kein Arbeitspaket" in await say(make_ctx, lippe, "!wer glasfaser")
    await add_item(session, lippe, "Glasfaser Schulen")
    await add_item(session, lippe, "Glasfaser Rathaus")
    lines = [row for row in (await say(make_ctx, lippe, "!wer glasfaser")).splitlines()]
    assert [row[:11] for row in lines if row.startswith("• ")] == [
        "• Aufgabe\u00a01",
        "• Aufgabe\u00a02",
    ]
    await actions.mark_done(session, lippe.id, 1, by=MODERATOR, at=NOW)
    lines = (await say(make_ctx, lippe, "!wer glasfaser")).splitlines()
    assert [row[:11] for row in lines if row.startswith("• ")] == [
        "• Aufgabe\u00a02",
        "• Aufgabe\u00a01",
    ]


async def test_a_rolled_back_contact_is_never_found(session, lippe):
    """An index built inside a transaction that was rolled back is not used afterwards."""
    await add_contact(session, lippe, "Erika Musterfrau", "Lemgo")
    lage = await municipality_id(session, lippe, "Lage")
    values = {"name": "Paula Probe", "municipality_id": lage}
    await contacts.create(session, network_id=lippe.id, values=values, changed_by=MODERATOR, at=NOW)
    assert [r.name for r in await find(session, lippe.id, "probe")] == ["Paula Probe"]
    await session.rollback()
    values = {"name": "Petra Test", "municipality_id": lage}  # may get Paula's id again
    await contacts.create(session, network_id=lippe.id, values=values, changed_by=MODERATOR, at=NOW)
    await session.commit()
    assert await find(session, lippe.id, "probe") == []
    assert [r.name for r in await find(session, lippe.id, "test")] == ["Petra Test"]


async def test_a_write_by_another_process_is_seen(engine, session, lippe):
    """An entry stored through a second engine on the same database (as `ikz-bot contacts
    import` does from its own process) is found by the next search of the first."""
    await add_contact(session, lippe, "Erika Musterfrau", "Lemgo")
    assert await find(session, lippe.id, "mustermann") == []
    await session.commit()
    other = create_engine(engine.url.render_as_string(hide_password=False))
    try:
        async with session_factory(other)() as writer, writer.begin():
            lage = await municipality_id(writer, lippe, "Lage")
            values = {"name": "Max Mustermann", "municipality_id": lage}
            await contacts.create(
                writer, network_id=lippe.id, values=values, changed_by=MODERATOR, at=NOW
            )
    finally:
        await other.dispose()
    await session.commit()  # end the reader's snapshot, as each command's session does
    assert [r.name for r in await find(session, lippe.id, "mustermann")] == ["Max Mustermann"]


async def test_search_finds_per_network_best_first(session, lippe):
    """A name match scores above a topic match; another network's entries never show."""
    owl = await networks.sync_network(
        session,
        key="owl",
        room_id="!owl:localhost",
        name="IKZ OWL",
        timezone="Europe/Berlin",
        language="de",
        holiday_region="DE-NW",
    )
    await networks.seed_municipalities(session, owl.id, [("Bielefeld", "Stadt")])
    await add_contact(session, lippe, "Max Mustermann", "Lemgo", topics=("Erika-Projekt",))
    await add_contact(session, lippe, "Erika Musterfrau", "Detmold")
    await add_contact(session, owl, "Erika Beispiel", "Bielefeld")
    found = await find(session, lippe.id, "erika")
    assert [r.name for r in found] == ["Erika Musterfrau", "Max Mustermann"]
    assert [r.name for r in await find(session, lippe.id, "erika", limit=1)] == ["Erika Musterfrau"]
    assert await find(session, lippe.id, "  ") == []


async def test_a_whole_address_finds_exactly_its_entry(session, lippe):
    """A whole Matrix id or e-mail address finds exactly its entry, case-insensitively."""
    erika = await add_contact(
        session,
        lippe,
        "Erika Musterfrau",
        "Lemgo",
        matrix_id="@erika:lippe.de",
        email="e.m@lemgo.de",
    )
    await add_contact(session, lippe, "Max Mustermann", "Lemgo", email="max@lemgo.de")
    assert await find(session, lippe.id, ERIKA_ID) == [erika]
    assert await find(session, lippe.id, "E.M@Lemgo.de") == [erika]
    assert await find(session, lippe.id, "@nobody:example.org") == []
