"""`!kontakt` / `!contact` and `!kontakte` / `!contacts`: search, self-service, moderators'
edits, deletion, vCards, refusals that change nothing, and two networks kept apart.

The search table test is in test_contact_search.py, `!meine-daten` in
test_contact_personal_data.py, the vCard golden files in test_contact_golden.py.
"""

from __future__ import annotations

import pytest

from commands.rendering import render
from storage import contacts, networks
from tests.commands.contacts.support import (
    ERIKA,
    MAX,
    MODERATOR,
    add_contact,
    municipality_id,
    own,
    plain,
    rows,
    run,
)
from tests.commands.support import NOW
from tests.support import store_network

# --- self-service -------------------------------------------------------------------------


async def test_member_creates_entry_in_two_steps_and_is_told_what_is_missing(
    make_ctx, lippe, session
):
    """Municipality first: a draft and a hint for the name; then the name completes it."""
    out = await plain(make_ctx, lippe, "!kontakt ich kommune lemgo")
    assert "es fehlt noch: Name" in out
    assert "!kontakt ich name Erika Musterfrau" in out
    draft = await own(session, lippe)
    assert (draft.municipality, draft.name, draft.consent_at) == ("Lemgo", None, NOW)
    assert await plain(make_ctx, lippe, "!kontakt lemgo", sender=MAX) != ""
    assert "Erika" not in await plain(make_ctx, lippe, "!kontakt lemgo", sender=MAX)

    out = await plain(make_ctx, lippe, "!kontakt ich name Erika Musterfrau")
    assert "Gespeichert (Name)" in out and "es fehlt" not in out
    found = await plain(make_ctx, lippe, "!kontakt musterfrau", sender=MAX)
    assert found.startswith("Erika Musterfrau – Lemgo")
    assert ERIKA in found


async def test_name_first_asks_for_the_municipality(make_ctx, lippe, session):
    """Starting with the name, the hint asks for the municipality with an example."""
    out = await plain(make_ctx, lippe, "!kontakt ich name Erika Musterfrau")
    assert "es fehlt noch: Kommune" in out
    assert "!kontakt ich kommune Lemgo" in out


async def test_self_service_fields_are_checked_and_normalized(make_ctx, lippe, session):
    """Phone, e-mail and topics are stored in one form; `-` clears an optional field."""
    await plain(make_ctx, lippe, "!kontakt ich kommune Horn-Bad Meinberg")
    await plain(make_ctx, lippe, "!kontakt ich name Erika Musterfrau")
    await plain(make_ctx, lippe, "!kontakt ich telefon 05234/201-0")
    await plain(make_ctx, lippe, "!kontakt ich e-mail mailto:Erika@Horn-Badmeinberg.DE")
    await plain(make_ctx, lippe, "!kontakt ich themen OZG, Serviceportal; ozg")
    await plain(make_ctx, lippe, "!kontakt ich rolle CDO")
    await plain(make_ctx, lippe, "!kontakt ich vertretung Max Mustermann")
    record = await own(session, lippe)
    assert record.phone == "05234 201-0"
    assert record.email == "Erika@horn-badmeinberg.de"
    assert record.topics == ("OZG", "Serviceportal")
    assert (record.role, record.deputy) == ("CDO", "Max Mustermann")
    await plain(make_ctx, lippe, "!kontakt ich rolle -")
    assert (await own(session, lippe)).role is None


async def test_english_words_work_in_a_german_network(make_ctx, lippe, session):
    """`!contact me phone …` is the same as `!kontakt ich telefon …`."""
    await plain(make_ctx, lippe, "!contact me municipality Lemgo")
    await plain(make_ctx, lippe, "!contact me name Erika Musterfrau")
    out = await plain(make_ctx, lippe, "!contact me phone +49 (0) 5261 213-0")
    assert "Gespeichert (Telefon)" in out
    assert (await own(session, lippe)).phone == "+49 5261 213-0"


async def test_every_change_is_audited_with_field_who_and_when(make_ctx, lippe, session):
    """Self-service writes one audit line per field: created, then the changed fields."""
    await plain(make_ctx, lippe, "!kontakt ich kommune Lemgo")
    await plain(make_ctx, lippe, "!kontakt ich name Erika Musterfrau")
    await plain(make_ctx, lippe, "!kontakt ich name Erika Musterfrau")
    found = (await rows(session))["contact_changes"]
    assert [(row[3], row[4], row[5]) for row in found] == [
        ("created", None, ERIKA),
        ("updated", "name", ERIKA),
    ]


async def test_show_own_entry_or_how_to_start(make_ctx, lippe, session):
    """`!kontakt` alone shows one's entry, or the two commands to create it."""
    out = await plain(make_ctx, lippe, "!kontakt")
    assert "noch nicht im Kontaktverzeichnis" in out
    assert "!kontakt ich kommune Lemgo" in out
    await add_contact(session, lippe, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    out = await plain(make_ctx, lippe, "!kontakt ich")
    assert out.startswith("Ihr Eintrag im Kontaktverzeichnis:")
    assert "!kontakt löschen" in out


BAD_INPUT = [
    ("!kontakt ich email erika@lemgo", "keine gültige E-Mail-Adresse", "!kontakt ich email "),
    ("!kontakt ich telefon 1234", "keine Telefonnummer", "!kontakt ich telefon 05261 213-0"),
    ("!kontakt ich telefon 05261 abc", "keine Telefonnummer", "!kontakt ich telefon"),
    ("!kontakt ich kommune Bielefeld", "gehört nicht zu den Kommunen", "Lemgo"),
    ("!kontakt ich kommune sch", "passt zu mehreren Kommunen", "Schlangen"),
    ("!kontakt ich hobby Segeln", "kein Feld des Eintrags", "!kontakt ich telefon"),
    ("!kontakt ich rolle " + "x" * 201, "höchstens 200", "!kontakt ich rolle CDO"),
    ("!kontakt ich name -", "Pflicht", "!kontakt ich name Erika Musterfrau"),
    ("!kontakt ich kommune -", "Pflicht", "!kontakt ich kommune Lemgo"),
    ("!kontakt ich name 12345", "kein Name", "!kontakt ich name Erika Musterfrau"),
    ("!kontakt ich telefon", "Es fehlt der neue Wert", "!kontakt ich telefon 05261 213-0"),
    ("!kontakt ich matrix @max:lippe.de", "lässt sich nicht ändern", ""),
    ("!kontakt ich vertretung @max", "keine Matrix-ID", "!kontakt ich vertretung"),
    ("!kontakt ich themen " + ",".join(f"t{i}" for i in range(21)), "höchstens 20", ""),
    ('!kontakt "Max Mustermann" telefon 05231 1234', "nur Moderatorinnen", "!kontakt ich"),
    ("!kontakt @max:lippe.de rolle CDO", "nur Moderatorinnen", "!kontakt ich"),
    ("!kontakt löschen Max Mustermann", "nur Moderatorinnen", "!kontakt ich"),
    ('!kontakt neu "Jana Beispiel" kommune:Lage', "nur Moderatorinnen", "!kontakt ich"),
]


@pytest.mark.parametrize(("line", "message", "example"), BAD_INPUT)
async def test_bad_input_gets_a_clear_message_and_changes_nothing(
    make_ctx, lippe, session, line, message, example
):
    """Each refusal says what is wrong with a working example; no row is written."""
    await add_contact(session, lippe, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA, phone="05261 1")
    await add_contact(session, lippe, "Max Mustermann", "Detmold", matrix_id=MAX)
    before = await rows(session)
    routed = await run(make_ctx, lippe, line)
    out = render(routed.reply).plain
    assert message in out
    assert example in out
    assert not routed.keep_changes
    assert await rows(session) == before


async def test_bad_input_in_english(make_ctx, lippe, session):
    """English networks get the English message and an English example."""
    out = await plain(make_ctx, lippe, "!contact me phone 12", language="en")
    assert "is not a phone number" in out
    assert "!contact me phone 05261 213-0" in out


# --- moderators ---------------------------------------------------------------------------


async def test_moderator_edits_someone_by_matrix_id_or_quoted_name(make_ctx, lippe, session):
    """Moderators change anyone's entry; the audit names the moderator; no consent is implied."""
    await add_contact(session, lippe, "Max Mustermann", "Detmold", matrix_id=MAX)
    out = await plain(
        make_ctx, lippe, f"!kontakt {MAX} telefon 05231 977-0", sender=MODERATOR, moderator=True
    )
    assert "Gespeichert (Telefon)" in out
    out = await plain(
        make_ctx, lippe, "!kontakt „Max Mustermann“ rolle CDO", sender=MODERATOR, moderator=True
    )
    record = await own(session, lippe, MAX)
    assert (record.phone, record.role, record.consent_at) == ("05231 977-0", "CDO", None)
    audit = (await rows(session))["contact_changes"]
    assert [(row[4], row[5]) for row in audit[1:]] == [("phone", MODERATOR), ("role", MODERATOR)]


async def test_member_may_address_own_entry_by_matrix_id(make_ctx, lippe, session):
    """`!kontakt @me:server telefon …` by the person themselves is a self-service edit."""
    await add_contact(session, lippe, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    out = await plain(make_ctx, lippe, f"!kontakt {ERIKA} telefon 05261 213-0")
    assert "Gespeichert (Telefon)" in out


async def test_unquoted_name_with_field_word_is_a_search(make_ctx, lippe, session):
    """Without quotes or a Matrix id the words are searched, never taken as an edit."""
    await add_contact(session, lippe, "Max Mustermann", "Detmold", topics=("Telefon",))
    before = await rows(session)
    out = await plain(make_ctx, lippe, "!kontakt Max telefon", moderator=True)
    assert out.startswith("Max Mustermann")
    assert await rows(session) == before


async def test_moderator_creates_an_entry(make_ctx, lippe, session):
    """`!kontakt neu "Name" kommune:… rolle:… matrix:…` creates a complete entry."""
    line = (
        '!kontakt neu "Jana Beispiel" kommune:horn bad meinberg rolle:IT-Leitung '
        "email:jana@horn.example telefon:05234 201-0 matrix:@jana:lippe.de themen:KI, OZG"
    )
    out = await plain(make_ctx, lippe, line, sender=MODERATOR, moderator=True)
    assert out.startswith("Der Eintrag ist angelegt:")
    record = await own(session, lippe, "@jana:lippe.de")
    assert (record.name, record.municipality, record.role) == (
        "Jana Beispiel",
        "Horn-Bad Meinberg",
        "IT-Leitung",
    )
    assert record.topics == ("KI", "OZG")
    assert record.consent_at is None


async def test_new_entry_refusals(make_ctx, lippe, session):
    """A missing municipality, a taken Matrix id or a duplicate name is refused; nothing changes."""
    await add_contact(session, lippe, "Max Mustermann", "Detmold", matrix_id=MAX)
    before = await rows(session)
    kwargs = {"sender": MODERATOR, "moderator": True}
    out = await plain(make_ctx, lippe, '!kontakt neu "Jana Beispiel" rolle:CDO', **kwargs)
    assert "braucht einen Namen und die Kommune" in out
    out = await plain(make_ctx, lippe, f'!kontakt neu "M. M." kommune:Lage matrix:{MAX}', **kwargs)
    assert "hat schon einen Eintrag" in out
    out = await plain(make_ctx, lippe, "!kontakt neu max mustermann kommune:Detmold", **kwargs)
    assert "steht schon im Verzeichnis" in out
    out = await plain(make_ctx, lippe, '!kontakt neu "Jana" kommune:Lage kommune:Lemgo', **kwargs)
    assert "zweimal" in out
    assert await rows(session) == before


# --- deletion -----------------------------------------------------------------------------


async def test_member_deletes_own_entry_and_the_audit_stays_neutral(make_ctx, lippe, session):
    """`!kontakt löschen` removes the entry; the audit keeps no link or id of the person."""
    await plain(make_ctx, lippe, "!kontakt ich kommune Lemgo")
    await plain(make_ctx, lippe, "!kontakt ich name Erika Musterfrau")
    out = await plain(make_ctx, lippe, "!kontakt löschen")
    assert out.startswith("Ihr Eintrag ist gelöscht.")
    stored = await rows(session)
    assert stored["contacts"] == []
    assert [(row[2], row[3], row[5]) for row in stored["contact_changes"]] == [
        (None, "created", contacts.REDACTED),
        (None, "updated", contacts.REDACTED),
        (None, "deleted", contacts.REDACTED),
    ]
    assert "niemanden" in await plain(make_ctx, lippe, "!kontakt musterfrau", sender=MAX)


async def test_delete_without_entry_says_so(make_ctx, lippe, session):
    """Nothing to delete is a clear message, not an error."""
    assert "nichts zu löschen" in await plain(make_ctx, lippe, "!contact delete")


async def test_moderator_deletes_by_name_or_matrix_id(make_ctx, lippe, session):
    """Moderators delete anyone's entry; the deletion is attributed to them."""
    await add_contact(session, lippe, "Max Mustermann", "Detmold", matrix_id=MAX)
    await add_contact(session, lippe, "Jana Beispiel", "Lage")
    kwargs = {"sender": MODERATOR, "moderator": True}
    assert "ist gelöscht" in await plain(
        make_ctx, lippe, "!kontakt löschen jana beispiel", **kwargs
    )
    assert "ist gelöscht" in await plain(make_ctx, lippe, f"!kontakt loeschen {MAX}", **kwargs)
    stored = await rows(session)
    assert stored["contacts"] == []
    assert stored["contact_changes"][-1][3:6] == ("deleted", None, MODERATOR)


async def test_ambiguous_name_is_not_deleted(make_ctx, lippe, session):
    """Two entries of the same name: the moderator is asked to pick; `Name (Kommune)` works."""
    await add_contact(session, lippe, "Max Mustermann", "Detmold")
    await add_contact(session, lippe, "Max Mustermann", "Lage")
    kwargs = {"sender": MODERATOR, "moderator": True}
    out = await plain(make_ctx, lippe, "!kontakt löschen Max Mustermann", **kwargs)
    assert "mehrmals" in out and "(Detmold)" in out and "(Lage)" in out
    assert len((await rows(session))["contacts"]) == 2
    out = await plain(make_ctx, lippe, "!kontakt löschen Max Mustermann (Lage)", **kwargs)
    assert "ist gelöscht" in out
    (left,) = (await rows(session))["contacts"]
    assert left[3] == await municipality_id(session, lippe, "Detmold")


# --- directory, vCards, rendering ---------------------------------------------------------


async def test_directory_by_municipality_names_the_ones_without_contact(make_ctx, lippe, session):
    """`!kontakte` groups entries by municipality and lists the municipalities without anyone."""
    await add_contact(session, lippe, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    await add_contact(session, lippe, "Max Mustermann", "Detmold", phone="05231 977-0")
    out = await plain(make_ctx, lippe, "!kontakte")
    assert "(Einträge: 2)" in out
    assert out.index("Detmold") < out.index("Max Mustermann") < out.index("Lemgo")
    missing = out.split("Noch ohne Kontakt:")[1]
    assert "Augustdorf" in missing and "Kreis Lippe" in missing
    assert "Lemgo" not in missing and "Detmold" not in missing


async def test_directory_of_one_municipality(make_ctx, lippe, session):
    """`!kontakte lemgoo` shows Lemgo's entries in full; an empty one says how to add oneself."""
    await add_contact(session, lippe, "Erika Musterfrau", "Lemgo", email="erika@lemgo.example")
    out = await plain(make_ctx, lippe, "!kontakte lemgoo")
    assert out.startswith("Ansprechpersonen in Lemgo:")
    assert "erika@lemgo.example" in out
    out = await plain(make_ctx, lippe, "!contacts Lage")
    assert "noch niemand eingetragen" in out
    assert "gehört nicht zu den Kommunen" in await plain(make_ctx, lippe, "!kontakte Bielefeld")


async def test_listed_people_are_pills_that_do_not_notify(make_ctx, lippe, session):
    """Matrix ids render as matrix.to pills, but the reply mentions (pings) no one."""
    await add_contact(session, lippe, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA, deputy=MAX)
    for line in ("!kontakt lemgo", "!kontakte", "!kontakte lemgo"):
        rendered = render((await run(make_ctx, lippe, line, sender=MAX)).reply)
        assert f'href="https://matrix.to/#/{ERIKA}"' in rendered.html
        assert rendered.mentions == ()


async def test_vcf_of_a_search_and_of_the_directory(make_ctx, lippe, session):
    """`!kontakt vcf <suche>` and `!kontakte vcf` attach vCards of the matching / all entries."""
    await add_contact(session, lippe, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    await add_contact(session, lippe, "Max Mustermann", "Detmold")
    routed = await run(make_ctx, lippe, "!kontakt vcf musterfrau")
    (card,) = routed.reply.files
    assert (card.filename, card.mimetype) == ("erika-musterfrau.vcf", "text/vcard")
    assert card.data.count(b"BEGIN:VCARD") == 1 and b"FN:Erika Musterfrau" in card.data
    routed = await run(make_ctx, lippe, "!kontakte vcf")
    (cards,) = routed.reply.files
    assert cards.filename == "kontakte-lippe.vcf"
    assert cards.data.count(b"BEGIN:VCARD") == 2
    out = await plain(make_ctx, lippe, "!kontakt vcf", sender=MAX)
    assert "Geben Sie eine Suche an" in out
    routed = await run(make_ctx, lippe, "!kontakt vcf")
    assert b"FN:Erika Musterfrau" in routed.reply.files[0].data


async def test_help_shows_fields_and_the_retention_note(make_ctx, lippe):
    """`!hilfe kontakt` lists the usage, the fields and the data protection note."""
    out = await plain(make_ctx, lippe, "!hilfe kontakt")
    assert "!kontakt ich <feld> <wert>" in out
    assert "Datenschutz: Einträge bleiben gespeichert" in out
    assert "!meine-daten" in out
    assert "Data protection" in await plain(make_ctx, lippe, "!help contacts", language="en")


# --- who may see what ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "line", ["!kontakt lemgo", "!kontakt", "!kontakte", "!kontakte vcf", "!kontakt ich name X"]
)
async def test_without_a_network_nothing_is_shown_or_stored(make_ctx, lippe, session, line):
    """A context without network (not a member anywhere) gets a refusal and no data."""
    await add_contact(session, lippe, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    before = await rows(session)
    routed = await run(make_ctx, None, line)
    out = render(routed.reply).plain
    assert "gehört zu keinem Netzwerk" in out
    assert "Erika" not in out and not routed.reply.files
    assert await rows(session) == before


async def test_networks_are_kept_apart(make_ctx, lippe, session):
    """Entries, directory and self-service of one network never show in another."""
    owl = await store_network(session, "owl", "Digital OWL")
    await networks.seed_municipalities(session, owl.id, [("Bielefeld", "Stadt"), ("Lemgo", None)])
    await session.commit()
    await add_contact(session, lippe, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA)
    assert "niemanden" in await plain(make_ctx, owl, "!kontakt musterfrau")
    assert "(Einträge: 0)" in await plain(make_ctx, owl, "!kontakte")
    await plain(make_ctx, owl, "!kontakt ich kommune Bielefeld")
    assert (await own(session, lippe)).municipality == "Lemgo"
    assert (await own(session, owl)).municipality == "Bielefeld"
    assert "gehört nicht zu den Kommunen" in await plain(
        make_ctx, owl, "!kontakt ich kommune Detmold"
    )
