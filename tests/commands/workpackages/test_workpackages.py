"""`!ap` / `!workpackage`: creating, listing, showing and changing work packages."""

from __future__ import annotations

from datetime import date

import pytest

import commands.workpackages.package as package_module
from storage import actions, workpackages
from tests.commands.actions.support import JANA, add_item, add_package, snapshot
from tests.commands.support import ERIKA, MAX, rendered, say


async def package(session, network, number: int = 1):
    found = await workpackages.get(session, network.id, number)
    assert found is not None
    return found


# --- creating -----------------------------------------------------------------------------


async def test_new_package_with_lead_owner_and_topic(session, make_ctx, lippe):
    """The example from the issue: quoted title, `lead:` with two words, a person, a topic."""
    out = await rendered(
        make_ctx,
        lippe,
        f'!ap neu "Einheitliches Serviceportal" lead:Bad Salzuflen {MAX} #ozg',
    )
    assert out.plain == (
        "AP\u00a01 angelegt: „Einheitliches Serviceportal“\n\n"
        "Verantwortlich: max · Federführung: Bad Salzuflen · #ozg\n\n"
        "Eine Aufgabe dazu: `!aufgabe neu <Titel> ap:1`"
    )
    assert out.mentions == (MAX,)
    stored = await package(session, lippe)
    assert (stored.title, stored.lead, stored.owners, stored.topics, stored.status) == (
        "Einheitliches Serviceportal",
        "Bad Salzuflen",
        (MAX,),
        ("ozg",),
        "planned",
    )
    assert stored.created_by == ERIKA


@pytest.mark.parametrize(
    ("line", "title", "lead"),
    [
        ("!ap neu E-Akte Einführung lead:lemgo", "E-Akte Einführung", "Lemgo"),
        ("!ap neu lead:Lemgo E-Akte", "E-Akte", "Lemgo"),
        ("!ap neu Breitband federführung: horn bad meinberg", "Breitband", "Horn-Bad Meinberg"),
        ("!ap neu Breitband federfuehrung:Luegde", "Breitband", "Lügde"),
        ("!ap neu Breitband lead:Bad Salzufln", "Breitband", "Bad Salzuflen"),
        ("!ap neu Breitband lead:Kreis", "Breitband", "Kreis Lippe"),
        ("!workpackage new Broadband", "Broadband", None),
    ],
)
async def test_title_and_lead_in_any_spelling(session, make_ctx, lippe, line, title, lead):
    """Unquoted titles, the lead in any case, without umlauts, with a typo or in part."""
    await say(make_ctx, lippe, line)
    stored = await package(session, lippe)
    assert (stored.title, stored.lead, stored.owners) == (title, lead, (ERIKA,))


@pytest.mark.parametrize(
    ("line", "start"),
    [
        (
            "!ap neu Breitband lead:Bielefeld",
            "„Bielefeld“ ist keine Kommune dieses Netzwerks (z.\u202fB. Augustdorf, Bad Salzuflen, "
            "Barntrup, Blomberg, Detmold, Dörentrup …). Beispiel: !ap neu",
        ),
        ("!ap neu Breitband lead:", "Es fehlt die federführende Kommune."),
        ("!ap neu", "Es fehlt der Titel."),
        ("!ap neu Breitband @olaf", "Wen meinen Sie mit @olaf?"),
        ("!ap neu #ozg", "Es fehlt der Titel."),
    ],
)
async def test_bad_new_package_changes_nothing(session, make_ctx, lippe, line, start):
    """Unknown leads, missing titles and unknown people are explained; nothing is stored."""
    before = await snapshot(session)
    assert (await say(make_ctx, lippe, line)).startswith(start)
    assert await snapshot(session) == before


# --- listing and showing ------------------------------------------------------------------


async def test_list_shows_status_lead_owners_and_open_items(session, make_ctx, lippe):
    """`!ap` lists unfinished packages; finished ones are counted with how to see them."""
    await say(make_ctx, lippe, f"!ap neu Serviceportal lead:Lemgo {MAX} {ERIKA}")
    await say(make_ctx, lippe, "!ap neu Altes Projekt")
    await say(make_ctx, lippe, "!ap status 2 abgeschlossen")
    await add_item(session, lippe, work_package_id=(await package(session, lippe)).id)
    out = await rendered(make_ctx, lippe, "!ap")
    assert out.plain == (
        "Arbeitspakete (1):\n\n"
        "• AP\u00a01 Serviceportal – geplant – Federführung Lemgo – erika, "
        "max – offene Aufgaben: 1\n\n"
        "Abgeschlossene (1) zeigt `!ap alle`\n\n"
        "Einzelheiten: `!ap 1`"
    )
    assert out.mentions == ()
    assert "AP\u00a02 Altes Projekt – abgeschlossen" in await say(make_ctx, lippe, "!ap alle")


async def test_list_by_topic_and_bad_filter(session, make_ctx, lippe):
    """`!ap #ozg` narrows to tagged packages; other words are explained."""
    await add_package(session, lippe, "Serviceportal", topics=["ozg"])
    await add_package(session, lippe, "Breitband", topics=["netz"])
    plain = await say(make_ctx, lippe, "!ap #OZG")
    assert plain.startswith("Arbeitspakete zum Thema #ozg (1):\n\n• AP\u00a01 Serviceportal")
    assert (await say(make_ctx, lippe, "!ap liste quatsch")).startswith(
        "„quatsch“ verstehe ich hier nicht"
    )


async def test_empty_list_explains_how_to_start(make_ctx, lippe):
    """Without packages the reply shows a working `!ap neu`."""
    assert await say(make_ctx, lippe, "!ap") == (
        'Noch keine Arbeitspakete. Ein neues legen Sie so an: !ap neu "Einheitliches '
        'Serviceportal" federführung:Lemgo #ozg'
    )


async def test_show_package_with_items_and_history(session, make_ctx, lippe):
    """`!ap 1`: facts, owners as pills that ping nobody, items (open first), history."""
    await say(make_ctx, lippe, f'!ap neu "Serviceportal" lead:Lemgo {MAX} #ozg')
    stored = await package(session, lippe)
    await add_item(
        session, lippe, "Offen", owner=JANA, due_on=date(2026, 12, 1), work_package_id=stored.id
    )
    done = await add_item(session, lippe, "Fertig", work_package_id=stored.id)
    await actions.mark_done(session, lippe.id, done.number, by=ERIKA, at=stored.created_at)
    await say(make_ctx, lippe, "!ap status 1 läuft", sender=MAX)
    out = await rendered(make_ctx, lippe, "!ap 1")
    assert out.mentions == ()
    assert out.plain == (
        "AP\u00a01: Serviceportal\n\n"
        "Status: läuft · Federführung: Lemgo\n\n"
        "Verantwortlich: max\n\n"
        "Themen: #ozg\n\n"
        "Aufgaben (1 offen, 1 erledigt)\n\n"
        "• 1. Offen – jana – bis Di., 1.\u00a0Dez.\u00a02026\n"
        "• 2. Fertig – erika – erledigt\n\n"
        "Verlauf\n\n"
        "• So., 22.\u00a0Nov.\u00a02026, 10:00\u00a0Uhr – erika: angelegt\n"
        "• So., 22.\u00a0Nov.\u00a02026, 10:00\u00a0Uhr – max: Status geplant → läuft"
    )


async def test_show_wrong_number_and_extra_words(session, make_ctx, lippe):
    """A missing number names the nearest; words after the number are refused."""
    await add_package(session, lippe)
    assert await say(make_ctx, lippe, "!ap 4") == (
        "Ein AP\u00a04 gibt es hier nicht. Nächstliegende Nummern: 1. Beispiel: !ap 1"
    )
    assert (await say(make_ctx, lippe, "!ap 1 bitte")).startswith(
        "Nach !ap 1 erwarte ich nichts weiter, Sie haben aber „bitte“ angehängt."
    )
    assert (await say(make_ctx, lippe, "!ap löschen 1")).startswith(
        "„löschen“ verstehe ich bei !ap weder als Unterbefehl noch als Nummer. Möglich sind: "
        "neu, liste, status, federführung, verantwortlich, themen."
    )


# --- changing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("!ap status 1 läuft", "running"),
        ("!ap status 1 laeuft", "running"),
        ("!ap status AP1 pausiert", "paused"),
        ("!workpackage status 1 done", "done"),
        ("!ap status #1 Geplant", "planned"),
    ],
)
async def test_owner_changes_status(session, make_ctx, lippe, line, status):
    """Status words in both languages, with or without umlauts, change the status."""
    await add_package(session, lippe)
    await say(make_ctx, lippe, "!ap status 1 pausiert")
    await say(make_ctx, lippe, line)
    assert (await package(session, lippe)).status == status


@pytest.mark.parametrize(
    "line",
    [
        "!ap status 1 läuft",
        "!ap federführung 1 Lemgo",
        "!ap verantwortlich 1 +@jana:localhost",
        "!ap themen 1 #neu",
    ],
)
async def test_non_owners_are_refused_and_moderators_may(session, make_ctx, lippe, line):
    """Someone who does not own the package is told who can; a moderator may change it."""
    await add_package(session, lippe, owners=[MAX])
    before = await snapshot(session)
    plain = await say(make_ctx, lippe, line, sender=JANA)
    assert plain.startswith(
        "AP\u00a01 können nur seine Verantwortlichen (max) und die Moderation "
        "ändern. Bitten Sie eine dieser Personen darum; sie schreibt dann !ap "
    )
    assert await snapshot(session) == before
    assert "AP\u00a01 „Serviceportal“:" in await say(
        make_ctx, lippe, line, sender=JANA, moderator=True
    )
    assert await snapshot(session) != before


@pytest.mark.parametrize(
    ("line", "start"),
    [
        ("!ap status 1", "Es fehlt der neue Status: geplant, läuft, pausiert, abgeschlossen."),
        ("!ap status 1 fast fertig", "„fast fertig“ ist kein Status."),
        ("!ap status", "Es fehlt die Nummer des Arbeitspakets. Beispiel: !ap status 3 läuft"),
        ("!ap status x läuft", "„x“ ist keine AP-Nummer."),
        ("!ap status 5 läuft", "Ein AP\u00a05 gibt es hier nicht."),
        ("!ap federführung 1", "Es fehlt die federführende Kommune."),
        ("!ap federführung 1 Paderborn", "„Paderborn“ ist keine Kommune dieses Netzwerks"),
        ("!ap verantwortlich 1", "Wer kommt dazu, wer geht?"),
        ("!ap verantwortlich 1 max", "„max“ verstehe ich nicht: Personen bitte als +@name:server"),
        (
            "!ap verantwortlich 1 -@erika:localhost",
            "AP\u00a01 braucht mindestens eine verantwortliche",
        ),
        ("!ap themen 1", "Es fehlen die Themen (#thema), oder „keine“ zum Leeren."),
        ("!ap themen 1 ozg", "„ozg“ ist kein Thema; Themen beginnen mit #."),
    ],
)
async def test_bad_changes_are_explained_and_change_nothing(session, make_ctx, lippe, line, start):
    """Missing or unknown values get a clear message with an example; no row changes."""
    await add_package(session, lippe)
    before = await snapshot(session)
    assert (await say(make_ctx, lippe, line)).startswith(start)
    assert await snapshot(session) == before


async def test_lead_set_and_cleared(session, make_ctx, lippe):
    """`federführung 1 detmold` sets Detmold; `keine` clears the lead."""
    await add_package(session, lippe)
    assert await say(make_ctx, lippe, "!ap federführung 1 detmold") == (
        "AP\u00a01 „Serviceportal“: Federführung Detmold."
    )
    assert await say(make_ctx, lippe, "!ap lead 1 keine") == (
        "AP\u00a01 „Serviceportal“: Federführung keine."
    )
    assert (await package(session, lippe)).lead is None


async def test_owners_added_and_removed(session, make_ctx, lippe):
    """`+@x -@y` adds and removes; a bare `@x` adds; the history records both."""
    await add_package(session, lippe)
    plain = await say(make_ctx, lippe, f"!ap verantwortlich 1 +{MAX} -{ERIKA} {JANA}")
    assert plain == ("AP\u00a01 „Serviceportal“: Verantwortlich sind jetzt jana, max.")
    assert (await package(session, lippe)).owners == (JANA, MAX)
    history = await say(make_ctx, lippe, "!ap 1")
    assert "erika: erika ist nicht mehr verantwortlich" in history
    assert "erika: max ist jetzt verantwortlich" in history


async def test_topics_replaced_and_cleared(session, make_ctx, lippe):
    """`themen 1 #a #b` replaces the topics; `keine` clears them."""
    await add_package(session, lippe, topics=["alt"])
    assert await say(make_ctx, lippe, "!ap themen 1 #OZG #e-akte") == (
        "AP\u00a01 „Serviceportal“: Themen #ozg #e-akte."
    )
    assert await say(make_ctx, lippe, "!workpackage topics 1 none", language="en") == (
        "WP\u00a01 “Serviceportal”: topics none."
    )
    assert (await package(session, lippe)).topics == ()


async def test_network_isolation(session, make_ctx, lippe, owl):
    """Another network sees none of Lippe's packages, even as moderator."""
    await add_package(session, lippe)
    before = await snapshot(session)
    assert (await say(make_ctx, owl, "!ap 1")).startswith("Hier gibt es noch keine Arbeitspakete.")
    await say(make_ctx, owl, "!ap status 1 läuft", moderator=True)
    assert await snapshot(session) == before


async def test_work_packages_have_a_per_network_limit(session, make_ctx, lippe, monkeypatch):
    """At the limit a new package is refused with a clear message, nothing stored."""
    monkeypatch.setattr(package_module, "MAX_PACKAGES", 1)
    await add_package(session, lippe)
    before = await snapshot(session)
    out = await say(make_ctx, lippe, "!ap neu Breitband")
    assert out.startswith("Dieses Netzwerk hat schon 1 Arbeitspakete")
    assert await snapshot(session) == before
