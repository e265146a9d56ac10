"""`!aufgabe` / `!action`: creating, showing, finishing, handing over, due dates, history.

Lists (`!aufgaben`) are in test_actions_list.py, golden files in test_actions_golden.py.
The clock is NOW (Sunday, 22\u00a0Nov\u00a02026, 10:00 in Berlin) unless a test says otherwise.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

import commands.actions.item as item_module
from commands.invocation import Invocation
from commands.rendering import render
from commands.router import route
from storage import actions, meetups
from tests.commands.actions.support import JANA, add_item, add_package, item, snapshot
from tests.commands.support import ERIKA, MAX, NOW, REGISTRY, rendered, run, say

# --- creating -----------------------------------------------------------------------------


async def test_new_item_belongs_to_the_sender_by_default(session, make_ctx, lippe):
    """Without a person the sender owns the item; the reply names it and how to close it."""
    plain = await say(make_ctx, lippe, "!aufgabe neu Formular-Katalog abstimmen")
    assert plain.startswith("Aufgabe\u00a01 angelegt: „Formular-Katalog abstimmen“")
    assert "Verantwortlich: erika" in plain
    assert "Erledigt melden: `!aufgabe erledigt 1`" in plain
    stored = await item(session, lippe, 1)
    assert (stored.owner, stored.created_by, stored.status) == (ERIKA, ERIKA, "open")
    assert stored.due_on is None and stored.meetup_id is None


async def test_new_item_for_someone_else_mentions_them(session, make_ctx, lippe):
    """A full Matrix id owns the item and becomes a pill that notifies them."""
    out = await rendered(make_ctx, lippe, f"!aufgabe neu Formular-Katalog abstimmen {MAX}")
    assert out.mentions == (MAX,)
    assert 'href="https://matrix.to/#/@max:localhost"' in out.html
    assert (await item(session, lippe, 1)).owner == MAX


async def test_due_date_work_package_and_topics_in_any_order(session, make_ctx, lippe):
    """`bis 15.12.`, `ap:1`, `#ozg` and the person may stand anywhere; the rest is the title."""
    package = await add_package(session, lippe)
    await say(
        make_ctx, lippe, f"!aufgabe neu ap:1 Formular-Katalog #OZG bis 15.12. {MAX} abstimmen"
    )
    stored = await item(session, lippe, 1)
    assert stored.title == "Formular-Katalog abstimmen"
    assert stored.due_on == date(2026, 12, 15)
    assert (stored.work_package_id, stored.work_package_number) == (package.id, 1)
    assert stored.topics == ("ozg",)
    assert stored.owner == MAX


@pytest.mark.parametrize(
    ("line", "due"),
    [
        ("!aufgabe neu Bericht frist 1.12.2026", date(2026, 12, 1)),
        ("!aufgabe neu Bericht due: 1.12.", date(2026, 12, 1)),
        ("!action new Report by 2026-12-01", date(2026, 12, 1)),
        ("!aufgabe neu Bericht bis Freitag", date(2026, 11, 27)),
        ("!aufgabe neu Bericht bis in 2 Wochen", date(2026, 12, 6)),
        ("!aufgabe neu Bericht bis heute", date(2026, 11, 22)),
    ],
)
async def test_due_dates_are_read_like_every_date(session, make_ctx, lippe, line, due):
    """Due dates use the bot's date parser: dotted, ISO, weekdays, relative."""
    await say(make_ctx, lippe, line)
    assert (await item(session, lippe, 1)).due_on == due


async def test_bis_jahresende_is_a_due_date(session, make_ctx, lippe):
    """`Konzept bis Jahresende abstimmen` is due on 31 December; the title loses the phrase."""
    await say(make_ctx, lippe, "!aufgabe neu Konzept bis Jahresende abstimmen")
    stored = await item(session, lippe, 1)
    assert (stored.title, stored.due_on) == ("Konzept abstimmen", date(2026, 12, 31))


@pytest.mark.parametrize(
    ("line", "due", "title"),
    [
        ("!aufgabe neu Datenschutz prüfen @max bis Mitte Februar", date(2027, 2, 15), None),
        ("!aufgabe neu Bericht bis Ende Januar", date(2027, 1, 31), None),
        ("!aufgabe neu Bericht bis Anfang März", date(2027, 3, 1), None),
        ("!aufgabe neu Bericht bis KW 7", date(2027, 2, 19), None),
        ("!aufgabe neu Bericht bis nächste Woche", date(2026, 11, 27), None),
        ("!aufgabe neu Bericht bis übermorgen", date(2026, 11, 24), None),
        ("!aufgabe neu Bericht zum 15.", date(2026, 12, 15), None),
        ("!aufgabe neu Bericht bis Freitag in zwei Wochen", date(2026, 12, 4), None),
        ("!aufgabe neu Stellungnahme zum Haushalt", None, "Stellungnahme zum Haushalt"),
    ],
)
async def test_deadline_phrases_people_type(session, make_ctx, lippe, line, due, title):
    """The deadline phrases of issue 12 set the due date and leave the title clean."""
    await add_item(session, lippe, owner="@max:localhost")  # makes `@max` known
    await say(make_ctx, lippe, line)
    stored = await item(session, lippe, 2)
    expected = title or ("Datenschutz prüfen" if "Datenschutz" in line else "Bericht")
    assert (stored.title, stored.due_on) == (expected, due)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "!aufgabe neu Konzept bis irgendwann @max",
            "„bis irgendwann“ verstehe ich nicht als Frist. Mit Frist z.\u202fB.: "
            "!aufgabe neu Konzept bis 29.11.2026 @max – oder, wenn „bis“ zum Titel gehört, "
            "den Titel in Anführungszeichen: !aufgabe neu „Konzept bis irgendwann“ @max",
        ),
        (
            "!aufgabe neu Bericht bis 1.11.",
            "„1.11.“ liegt in der Vergangenheit – meinten Sie 1.11.2027? "
            "Dann bitte mit Jahr schreiben.",
        ),
        (
            "!aufgabe neu Bericht bis Freitag bis Montag",
            "Eine Aufgabe hat eine Frist; „bis Montag“ wäre eine zweite. Bitte nur eine "
            "angeben, z.\u202fB. !aufgabe neu Bericht bis Freitag",
        ),
        (
            "!aufgabe neu Bericht bis 3. Quartal",
            "„bis 3. Quartal“ verstehe ich nicht als Frist.",
        ),
        (
            "!aufgabe neu Bericht bis Dezember",
            "„Dezember“ ist ein ganzer Monat. Als Frist bitte einen Tag nennen, "
            "z.\u202fB. 31.12.2026 (Monatsende) oder 1.12.2026 (Monatsanfang).",
        ),
    ],
)
async def test_unreadable_or_past_deadline_is_asked_and_stores_nothing(
    session, make_ctx, lippe, line, expected
):
    """A `bis …` the bot cannot read, a past day or a whole month: a question, no item."""
    before = await snapshot(session)
    reply = await say(make_ctx, lippe, line)
    assert reply.startswith(expected)
    assert await snapshot(session) == before


@pytest.mark.parametrize("text", ["!aufgabe neu Bericht ap: ²", "!aufgabe ² erledigt"])
async def test_superscript_digits_are_no_numbers(session, make_ctx, lippe, text):
    """`²` counts as a digit for str.isdigit but not for int(): a usage answer, no crash."""
    before = await snapshot(session)
    plain = await say(make_ctx, lippe, text)
    assert not plain.startswith("Das hat leider nicht geklappt"), plain
    assert await snapshot(session) == before


async def test_number_before_the_verb(session, make_ctx, lippe):
    """`!aufgabe 1 erledigt` closes item 1 like `!aufgabe erledigt 1`."""
    await add_item(session, lippe)
    await say(make_ctx, lippe, "!aufgabe 1 erledigt")
    assert (await item(session, lippe, 1)).status == actions.DONE
    await say(make_ctx, lippe, "!aufgabe 1 frist bis Mitte Januar")
    assert (await item(session, lippe, 1)).due_on is None  # a closed item keeps its date
    await say(make_ctx, lippe, "!aufgabe 1 öffnen")
    await say(make_ctx, lippe, "!aufgabe 1 frist bis Mitte Januar")
    assert (await item(session, lippe, 1)).due_on == date(2027, 1, 15)


async def test_quoted_title_keeps_at_and_hash(session, make_ctx, lippe):
    """A title in quotes may contain `@`, `#` and `bis`; options after it still count."""
    await say(make_ctx, lippe, "!aufgabe neu „#ozg-Liste bis @Montag prüfen“ bis 1.12.")
    stored = await item(session, lippe, 1)
    assert (stored.title, stored.due_on, stored.topics) == (
        "#ozg-Liste bis @Montag prüfen",
        date(2026, 12, 1),
        (),
    )


async def test_bare_name_is_resolved_from_known_people(session, make_ctx, lippe):
    """`@max` means @max:localhost when exactly one known person has that localpart."""
    await add_item(session, lippe, owner=MAX)
    await say(make_ctx, lippe, "!aufgabe neu Termin abstimmen @max")
    assert (await item(session, lippe, 2)).owner == MAX


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "!aufgabe neu Termin @jana",
            "Wen meinen Sie mit @jana? Ich sehe nur den Text, nicht die Mitglieder des Raums. "
            "Bitte die vollständige Matrix-ID angeben, z.\u202fB. !aufgabe neu Termin "
            "@jana:localhost",
        ),
        (
            "!aufgabe neu Termin @jana:localhost @max:localhost",
            "Eine Aufgabe hat genau eine verantwortliche Person; genannt waren "
            "@jana:localhost, @max:localhost. Bitte je Person eine Aufgabe anlegen, "
            "z.\u202fB. !aufgabe neu Formular-Katalog abstimmen bis 29.11.",
        ),
        (
            "!aufgabe neu Termin bis 1.1.2026",
            "Die Frist Do., 1.\u00a0Jan.\u00a02026 liegt in der Vergangenheit. Bitte ein Datum "
            "ab heute "
            "angeben, z.\u202fB. !aufgabe neu Formular-Katalog abstimmen bis 29.11.",
        ),
        (
            "!aufgabe neu Termin ap:7",
            "Hier gibt es noch keine Arbeitspakete. Ein neues legen Sie so an: "
            '!ap neu "Einheitliches Serviceportal" federführung:Lemgo #ozg',
        ),
    ],
)
async def test_bad_input_is_explained_and_stores_nothing(session, make_ctx, lippe, line, expected):
    """Unknown people, two owners, past dates, missing packages: a clear answer, no row."""
    before = await snapshot(session)
    assert await say(make_ctx, lippe, line) == expected
    assert await snapshot(session) == before


@pytest.mark.parametrize(
    ("line", "start"),
    [
        ("!aufgabe neu", "Es fehlt der Titel. Beispiel: !aufgabe neu Formular-Katalog"),
        ("!aufgabe neu @max:localhost #ozg", "Es fehlt der Titel."),
        (
            "!aufgabe neu " + "x" * 201,
            "Der Titel ist 201\u00a0Zeichen lang, erlaubt sind höchstens 200.",
        ),
        ("!aufgabe neu Bericht ap:x", "„ap:x“ verstehe ich nicht als Arbeitspaket"),
        ("!aufgabe neu Bericht bis 31.2.", "„31.2.“ gibt es nicht"),
        ("!aufgabe neu Bericht bis morgen 10 Uhr", "Hier brauche ich nur ein Datum ohne Uhrzeit"),
        ("!aufgabe neu Bericht frist: nächstens", "„nächstens“ verstehe ich nicht als Datum."),
    ],
)
async def test_usage_errors_show_an_example_and_store_nothing(
    session, make_ctx, lippe, line, start
):
    """Missing or overlong titles, bad options and dates: message, usage lines, no row."""
    before = await snapshot(session)
    routed = await run(make_ctx, lippe, line)
    plain = render(routed.reply).plain
    assert start in plain
    assert "So geht es:" in plain and "• `!aufgabe neu <Titel>" in plain
    assert not routed.keep_changes
    assert await snapshot(session) == before


async def test_wrong_work_package_number_names_the_nearest(session, make_ctx, lippe):
    """`ap:9` when 1 and 2 exist says so and stores nothing."""
    await add_package(session, lippe, "Eins")
    await add_package(session, lippe, "Zwei")
    plain = await say(make_ctx, lippe, "!aufgabe neu Bericht ap:9")
    assert plain == (
        "Ein AP\u00a09 gibt es hier nicht. Nächstliegende Nummern: 1, 2. Beispiel: !ap 2"
    )
    assert await actions.numbers(session, lippe.id) == []


async def test_item_created_during_a_meetup_is_linked_to_it(session, make_ctx, lippe):
    """Created between a meet-up's start and end, the item belongs to that meet-up."""
    start = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    meetup = await meetups.create_meetup(
        session,
        network_id=lippe.id,
        starts_at=start,
        ends_at=start + timedelta(minutes=90),
        title="Monatstreffen",
        location=None,
        created_by=ERIKA,
        created_at=NOW,
    )
    plain = await say(make_ctx, lippe, "!aufgabe neu Vorher")
    assert "Protokoll" not in plain
    plain = await say(make_ctx, lippe, "!aufgabe neu Im Treffen", now=start + timedelta(minutes=5))
    assert "Beim laufenden Treffen festgehalten; sie steht im Protokoll." in plain
    after = start + timedelta(minutes=91)
    await say(make_ctx, lippe, "!aufgabe neu Danach", now=after)
    linked = [i.title for i in await actions.created_at_meetup(session, lippe.id, meetup.id)]
    assert linked == ["Im Treffen"]


async def test_english_network_gets_english_replies(session, make_ctx, lippe):
    """English verbs and replies; German verbs work there too."""
    plain = await say(make_ctx, lippe, "!action new Check the form catalogue", language="en")
    assert plain.startswith("Action item\u00a01 created: “Check the form catalogue”")
    assert "Report it done: `!action done 1`" in plain
    plain = await say(make_ctx, lippe, "!aufgabe erledigt 1", language="en")
    assert plain == "Action item\u00a01 “Check the form catalogue” is done. Thank you!"


async def test_outside_a_network_nothing_is_stored(session, make_ctx):
    """Without a network the reply says where to ask."""
    plain = await say(make_ctx, None, "!aufgabe neu Etwas")
    assert plain.startswith("Dieser Raum gehört zu keinem Netzwerk.")


async def test_unknown_verb_lists_the_verbs(make_ctx, lippe):
    """A word that is neither verb nor number is named, with the verbs and usage."""
    plain = await say(make_ctx, lippe, "!aufgabe löschen 3")
    assert plain.startswith(
        "„löschen“ verstehe ich bei !aufgabe weder als Unterbefehl noch als Nummer. "
        "Möglich sind: neu, erledigt, wieder öffnen, übergeben, frist, verlauf, liste. "
        "Eine neue Aufgabe legt z.\u202fB. !aufgabe neu löschen 3 an."
    )


# --- showing ------------------------------------------------------------------------------


async def test_show_item_shows_the_owner_and_lists_the_commands(session, make_ctx, lippe):
    """`!aufgabe 1` shows owner (a pill that pings nobody), status, due date, package, topics,
    creator, commands."""
    package = await add_package(session, lippe, "Einheitliches Serviceportal")
    await add_item(
        session,
        lippe,
        owner=MAX,
        due_on=date(2026, 11, 20),
        topics=("ozg",),
        work_package_id=package.id,
    )
    out = await rendered(make_ctx, lippe, "!aufgabe 1")
    assert out.mentions == ()
    assert 'href="https://matrix.to/#/@max:localhost"' in out.html
    assert out.plain.split("\n\n") == [
        "Aufgabe\u00a01: Formular-Katalog abstimmen",
        "Verantwortlich: max",
        "Status: offen · Frist: Fr., 20.\u00a0Nov.\u00a02026 (überfällig)",
        "Arbeitspaket: AP\u00a01 Einheitliches Serviceportal",
        "Themen: #ozg",
        "Angelegt am So., 22.\u00a0Nov.\u00a02026 von erika",
        "Ändern: `!aufgabe erledigt 1` · `!aufgabe übergeben 1 @name:localhost` · "
        "`!aufgabe frist 1 29.11.2026` · `!aufgabe verlauf 1`",
    ]


async def test_wrong_number_gives_the_nearest_numbers(session, make_ctx, lippe):
    """`!aufgabe 9` names up to three existing numbers closest to 9."""
    for title in ("A", "B", "C", "D"):
        await add_item(session, lippe, title)
    assert await say(make_ctx, lippe, "!aufgabe 9") == (
        "Eine Aufgabe\u00a09 gibt es hier nicht. Nächstliegende Nummern: 2, 3, 4. Beispiel: "
        "!aufgabe 4"
    )
    assert await say(make_ctx, lippe, "!aufgabe erledigt 0") == (
        "Eine Aufgabe\u00a00 gibt es hier nicht. Nächstliegende Nummern: 1, 2, 3. "
        "Beispiel: !aufgabe erledigt 1"
    )


async def test_no_items_yet(make_ctx, lippe):
    """Asking for a number before any item exists explains how to create one."""
    assert (await say(make_ctx, lippe, "!aufgabe 1")).startswith(
        "Hier gibt es noch keine Aufgaben. Eine neue legen Sie so an: !aufgabe neu"
    )


async def test_network_isolation(session, make_ctx, lippe, owl):
    """Lippe's item 1 is not visible or changeable from the OWL network."""
    await add_item(session, lippe, "Nur Lippe")
    assert (await say(make_ctx, owl, "!aufgabe 1")).startswith("Hier gibt es noch keine")
    before = await snapshot(session)
    await say(make_ctx, owl, "!aufgabe erledigt 1", moderator=True)
    assert await snapshot(session) == before
    assert "Nur Lippe" not in await say(make_ctx, owl, "!aufgaben")


async def test_direct_message_sees_the_members_network(session, make_ctx, lippe):
    """In a DM the bot uses the member's network, so `!aufgaben meine` works there."""
    await add_item(session, lippe, "Meins")
    inv = Invocation(
        event_id="$dm",
        room_id="!dm:localhost",
        sender=ERIKA,
        text="!aufgaben meine",
        sent_at=NOW,
        is_direct=True,
    )
    routed = await route(inv, make_ctx(lippe), REGISTRY)
    assert "1. Meins – erika" in render(routed.reply).plain


# --- changing -----------------------------------------------------------------------------


@pytest.mark.parametrize(("sender", "moderator"), [(ERIKA, False), (MAX, False), (JANA, True)])
async def test_owner_creator_and_moderator_may_finish(session, make_ctx, lippe, sender, moderator):
    """The owner (Erika), the creator (Max) and a moderator close an item."""
    await add_item(session, lippe, owner=ERIKA, created_by=MAX)
    plain = await say(make_ctx, lippe, "!aufgabe erledigt 1", sender=sender, moderator=moderator)
    assert plain == "Aufgabe\u00a01 „Formular-Katalog abstimmen“ ist erledigt. Danke!"
    stored = await item(session, lippe, 1)
    assert (stored.status, stored.done_at) == ("done", NOW)


@pytest.mark.parametrize(
    "line",
    [
        "!aufgabe erledigt 1",
        "!aufgabe öffnen 1",
        "!aufgabe übergeben 1 @jana:localhost",
        "!aufgabe frist 1 1.12.",
    ],
)
async def test_others_are_refused_and_nothing_changes(session, make_ctx, lippe, line):
    """Someone who neither owns nor created the item is told who can; nothing changes."""
    await add_item(session, lippe, owner=ERIKA, created_by=MAX)
    before = await snapshot(session)
    plain = await say(make_ctx, lippe, line, sender=JANA)
    assert plain.startswith(
        "Aufgabe\u00a01 liegt bei erika, angelegt hat sie max. Ändern "
        "können sie nur diese beiden und die Moderation. Bitten Sie eine dieser Personen darum; "
        "sie schreibt dann !aufgabe "
    )
    assert await snapshot(session) == before


async def test_finishing_twice_and_reopening(session, make_ctx, lippe):
    """A done item says so and how to reopen; `öffnen` opens it; opening again explains."""
    await add_item(session, lippe)
    await say(make_ctx, lippe, "!aufgabe erledigt 1")
    assert await say(make_ctx, lippe, "!aufgabe erledigt 1") == (
        "Aufgabe\u00a01 „Formular-Katalog abstimmen“ war schon erledigt. "
        "Wieder öffnen: !aufgabe wieder öffnen 1"
    )
    assert await say(make_ctx, lippe, "!aufgabe wieder öffnen 1") == (
        "Aufgabe\u00a01 „Formular-Katalog abstimmen“ ist wieder offen."
    )
    assert (await item(session, lippe, 1)).done_at is None
    assert "Sie müssen sie nicht wieder öffnen" in await say(make_ctx, lippe, "!aufgabe öffnen 1")
    assert "is still open" in await say(make_ctx, lippe, "!action reopen 1", language="en")


async def test_handover_mentions_the_new_owner(session, make_ctx, lippe):
    """`!aufgabe übergeben 1 an @max:…` gives the item to Max and notifies him."""
    await add_item(session, lippe)
    out = await rendered(make_ctx, lippe, f"!aufgabe übergeben 1 an {MAX}")
    assert out.plain == "Aufgabe\u00a01 „Formular-Katalog abstimmen“ liegt jetzt bei max."
    assert out.mentions == (MAX,)
    assert (await item(session, lippe, 1)).owner == MAX


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "!aufgabe übergeben 1",
            "Es fehlt, an wen die Aufgabe geht. Beispiel: !aufgabe übergeben 1 @name:localhost",
        ),
        (
            "!aufgabe übergeben 1 Max Mustermann",
            "Eine Aufgabe geht an genau eine Person, als Matrix-ID; „Max Mustermann“ ist das "
            "nicht. Beispiel: !aufgabe übergeben 1 @name:localhost",
        ),
        (
            "!aufgabe übergeben 1 @erika:localhost",
            "Aufgabe\u00a01 liegt schon bei erika.",
        ),
        ("!aufgabe übergeben", "Es fehlt die Nummer der Aufgabe."),
        ("!aufgabe übergeben eins @max:localhost", "„eins“ ist keine Aufgabennummer."),
    ],
)
async def test_bad_handovers_change_nothing(session, make_ctx, lippe, line, expected):
    """Missing or unclear new owners and the same owner are explained."""
    await add_item(session, lippe)
    before = await snapshot(session)
    assert (await say(make_ctx, lippe, line)).startswith(expected)
    assert await snapshot(session) == before


async def test_done_items_are_not_handed_over_or_moved(session, make_ctx, lippe):
    """A finished item must be reopened before its owner or date change."""
    await add_item(session, lippe)
    await say(make_ctx, lippe, "!aufgabe erledigt 1")
    expected = (
        "Aufgabe\u00a01 ist schon erledigt. Wenn noch etwas fehlt, öffnen Sie sie wieder: "
        "!aufgabe wieder öffnen 1"
    )
    assert await say(make_ctx, lippe, f"!aufgabe übergeben 1 {MAX}") == expected
    assert await say(make_ctx, lippe, "!aufgabe frist 1 1.12.") == expected


async def test_due_date_set_moved_and_cleared(session, make_ctx, lippe):
    """`frist` sets and moves the date; `keine` removes it."""
    await add_item(session, lippe)
    assert await say(make_ctx, lippe, "!aufgabe frist 1 15.12.") == (
        "Neue Frist für Aufgabe\u00a01 „Formular-Katalog abstimmen“: Di., 15.\u00a0Dez.\u00a02026."
    )
    await say(make_ctx, lippe, "!action due 1 2026-12-18")
    assert (await item(session, lippe, 1)).due_on == date(2026, 12, 18)
    assert await say(make_ctx, lippe, "!aufgabe frist 1 keine") == (
        "Aufgabe\u00a01 „Formular-Katalog abstimmen“ hat jetzt keine Frist mehr."
    )
    assert (await item(session, lippe, 1)).due_on is None


@pytest.mark.parametrize(
    ("line", "start"),
    [
        ("!aufgabe frist 1", "Es fehlt die neue Frist (oder „keine“, um sie zu streichen)."),
        (
            "!aufgabe frist 1 21.11.2026",
            "Die Frist Sa., 21.\u00a0Nov.\u00a02026 liegt in der Vergangenheit.",
        ),
        ("!aufgabe frist 1 30.2.", "„30.2.“ gibt es nicht"),
        ("!aufgabe frist 1 morgen 9 Uhr", "Hier brauche ich nur ein Datum ohne Uhrzeit"),
        (
            "!aufgabe frist",
            "Es fehlt die Nummer der Aufgabe. Beispiel: !aufgabe frist 12 29.11.2026",
        ),
    ],
)
async def test_bad_due_dates_change_nothing(session, make_ctx, lippe, line, start):
    """Missing, past, impossible dates and dates with a time are explained."""
    await add_item(session, lippe, due_on=date(2026, 12, 1))
    before = await snapshot(session)
    assert start in await say(make_ctx, lippe, line)
    assert await snapshot(session) == before


async def test_history_lists_every_change_with_old_and_new(session, make_ctx, lippe):
    """`!aufgabe verlauf 1`: creation, due date, handover and closing, who and when."""
    await say(make_ctx, lippe, "!aufgabe neu Formular-Katalog abstimmen bis 1.12.")
    later = NOW + timedelta(hours=2)
    await say(make_ctx, lippe, "!aufgabe frist 1 4.12.", now=later)
    await say(make_ctx, lippe, f"!aufgabe übergeben 1 {MAX}", now=later)
    await say(make_ctx, lippe, "!aufgabe erledigt 1", sender=MAX, now=later)
    assert await say(make_ctx, lippe, "!aufgabe verlauf 1") == (
        "Verlauf von Aufgabe\u00a01 „Formular-Katalog abstimmen“:\n\n"
        "• So., 22.\u00a0Nov.\u00a02026, 10:00\u00a0Uhr – erika: angelegt\n"
        "• So., 22.\u00a0Nov.\u00a02026, 12:00\u00a0Uhr – erika: "
        "Frist Di., 1.\u00a0Dez.\u00a02026 → Fr., 4.\u00a0Dez.\u00a02026\n"
        "• So., 22.\u00a0Nov.\u00a02026, 12:00\u00a0Uhr – erika: "
        "übergeben von erika an max\n"
        "• So., 22.\u00a0Nov.\u00a02026, 12:00\u00a0Uhr – max: Status offen → erledigt"
    )


async def test_history_in_english(session, make_ctx, lippe):
    """English networks read the history in English."""
    await add_item(session, lippe)
    await say(make_ctx, lippe, "!action due 1 1.12.", language="en")
    plain = await say(make_ctx, lippe, "!action history 1", language="en")
    assert plain.endswith("erika: due date none → Tue, 1\u00a0Dec\u00a02026")


async def test_words_after_a_number_are_not_ignored(session, make_ctx, lippe):
    """`!aufgabe erledigt 1 2` is refused instead of closing only item 1."""
    await add_item(session, lippe)
    await add_item(session, lippe)
    before = await snapshot(session)
    plain = await say(make_ctx, lippe, "!aufgabe erledigt 1 2")
    assert plain.startswith(
        "Nach !aufgabe erledigt 1 erwarte ich nichts weiter, Sie haben aber „2“ angehängt."
    )
    assert await snapshot(session) == before


async def test_text_cannot_ping_the_room(session, make_ctx, lippe):
    """An item titled `@room` is shown defused and notifies nobody."""
    await say(make_ctx, lippe, '!aufgabe neu "@room bitte alle lesen"')
    out = await rendered(make_ctx, lippe, "!aufgaben")
    assert "@room" not in out.plain and "@room" not in out.html
    assert out.mentions == ()


async def test_open_items_have_a_per_network_limit(session, make_ctx, lippe, monkeypatch):
    """At the limit of open items a new one is refused with a clear message, nothing stored."""
    monkeypatch.setattr(item_module, "MAX_OPEN_ITEMS", 2)
    await add_item(session, lippe, "Erste Aufgabe")
    await add_item(session, lippe, "Zweite Aufgabe")
    before = await snapshot(session)
    out = await say(make_ctx, lippe, "!aufgabe neu Dritte Aufgabe")
    assert out.startswith("Dieses Netzwerk hat schon 2 offene Aufgaben")
    assert await snapshot(session) == before
