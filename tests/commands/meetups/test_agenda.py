"""`!agenda` / `!tagesordnung`: showing, adding, removing, moving and deferring items.

The rendered agenda is compared with golden files in tests/commands/golden/. After an
intended change of the look, regenerate them with

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/commands/meetups/test_agenda.py

and review the diff like any other change.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

import commands.meetups.agenda as agenda_module
from commands.catalogue import t
from commands.rendering import render
from commands.router import route
from commands.timefmt import format_date
from storage import agenda, meetups
from storage.models import AgendaItem
from storage.records import MeetupRecord
from tests.commands.golden import check_golden
from tests.commands.meetups.support import BERLIN, add_item, add_meetup
from tests.commands.meetups.support import DEC_8 as DECEMBER
from tests.commands.meetups.support import JAN_12 as JANUARY
from tests.commands.support import DISPLAY_NAMES, MAX, NOW, REGISTRY, invocation, say


async def item_rows(session) -> int:
    return await session.scalar(select(func.count()).select_from(AgendaItem))


async def titles(session, meetup: MeetupRecord, *, deferred: bool = False) -> list[str]:
    found = await agenda.items(session, meetup.network_id, meetup.id, include_deferred=deferred)
    return [f"{i.position}. {i.title} [{i.status}]" if deferred else i.title for i in found]


# --- showing ------------------------------------------------------------------------------


async def test_agenda_golden_german(session, make_ctx, lippe, december):
    """The agenda shows the meet-up line, numbered items and how to add one (golden file)."""
    await add_item(session, december, "Serviceportal: Stand & nächste Schritte", minutes=20)
    await add_item(session, december, "E-Akte <Pilot> in *Lemgo*", owner=MAX)
    shown = await say(make_ctx, lippe, "!agenda", display_names=DISPLAY_NAMES)
    check_golden("agenda_de.txt", shown + "\n")


async def test_agenda_golden_english(session, make_ctx, lippe, december):
    """An English network gets the agenda in English (golden file)."""
    await add_item(session, december, "Service portal", minutes=20)
    await add_item(session, december, "E-file pilot", owner=MAX)
    check_golden("agenda_en.txt", await say(make_ctx, lippe, "!tagesordnung", language="en") + "\n")


async def test_empty_agenda_says_so(make_ctx, lippe, december):
    """Without items the agenda says there are none yet."""
    plain = await say(make_ctx, lippe, "!tagesordnung")
    assert "Noch keine Themen auf der Tagesordnung." in plain


async def test_agenda_of_a_given_day(session, make_ctx, lippe, january):
    """`!agenda 12.1.` shows the January meet-up's agenda, not the next one's."""
    await add_item(session, january, "Jahresplanung")
    plain = await say(make_ctx, lippe, "!agenda 12.1.")
    assert plain.startswith("Tagesordnung für Di., 12.\u00a0Jan.\u00a02027")
    assert "1. Jahresplanung" in plain


async def test_unknown_verb_is_a_usage_error(make_ctx, lippe, december):
    """A word that is neither a verb nor a date is named, with the usage forms."""
    plain = await say(make_ctx, lippe, "!agenda löschen 2")
    assert "„löschen 2“ verstehe ich bei !agenda weder als Unterbefehl noch als Datum." in plain
    assert "• `!agenda entfernen <nr> [datum]`" in plain


async def test_bad_date_keeps_the_date_parsers_message(make_ctx, lippe, december):
    """`!agenda 32.12.` explains that the date does not exist."""
    plain = await say(make_ctx, lippe, "!agenda 32.12.")
    assert "„32.12.“ gibt es nicht im Kalender" in plain


async def test_no_meetup_planned(make_ctx, lippe):
    """Without any meet-up the agenda command says how one is set up."""
    plain = await say(make_ctx, lippe, "!agenda neu Thema")
    assert plain.startswith("Es ist kein Treffen geplant.")


async def test_outside_a_network(make_ctx):
    """In a room without network the command says where to ask."""
    plain = await say(make_ctx, None, "!agenda")
    assert plain.startswith("Dieser Raum gehört zu keinem Netzwerk.")


# --- adding -------------------------------------------------------------------------------


async def test_add_item_owned_by_sender(session, make_ctx, lippe, december):
    """`!agenda neu <Thema> 20 min` appends an item owned by the sender and names its number."""
    await add_item(session, december, "Vorher")
    plain = await say(make_ctx, lippe, "!agenda neu Serviceportal 20 min", sender=MAX)
    assert plain == (
        "TOP\u00a02 „Serviceportal“ (20\u00a0min) steht auf der Tagesordnung für "
        "Di., 8.\u00a0Dez.\u00a02026."
    )
    items = await agenda.items(session, lippe.id, december.id)
    assert (items[1].title, items[1].duration_minutes, items[1].owner) == (
        "Serviceportal",
        20,
        MAX,
    )


@pytest.mark.parametrize(
    ("text", "title", "minutes"),
    [
        ("Serviceportal 20min", "Serviceportal", 20),
        ("Serviceportal 20\u00a0Minuten", "Serviceportal", 20),
        ("Serviceportal, 15 Min.", "Serviceportal", 15),
        ("Serviceportal (45\u00a0min)", "Serviceportal", 45),
        ("Serviceportal 1 h", "Serviceportal", 60),
        ("Serviceportal 1,5 Std.", "Serviceportal", 90),
        ("Serviceportal 1 Stunde 30\u00a0Minuten", "Serviceportal", 90),
        ("Serviceportal 30\u00a0minutes", "Serviceportal", 30),
        ("Haushalt 2027", "Haushalt 2027", None),
        ("Glasfaser   im\nKreis", "Glasfaser im Kreis", None),
        ("Termin 20 min Puffer", "Termin 20 min Puffer", None),
    ],
)
async def test_trailing_duration_forms(session, make_ctx, lippe, december, text, title, minutes):
    """A trailing duration is read in the usual forms; anything else stays in the title."""
    await say(make_ctx, lippe, f"!agenda neu {text}")
    (item,) = await agenda.items(session, lippe.id, december.id)
    assert (item.title, item.duration_minutes) == (title, minutes)


@pytest.mark.parametrize("text", ["Thema 0 min", "Thema 9 h", "Thema 999 min"])
async def test_impossible_duration_changes_nothing(session, make_ctx, lippe, december, text):
    """A duration outside 1..480 minutes is refused with the limit and an example."""
    plain = await say(make_ctx, lippe, f"!agenda neu {text}")
    assert "ist keine mögliche Dauer. Erlaubt sind 1 bis 480\u00a0Minuten." in plain
    assert "!agenda neu Serviceportal: Stand und nächste Schritte 20 min" in plain
    assert await item_rows(session) == 0


@pytest.mark.parametrize("text", ["!agenda neu", "!agenda neu   ", "!agenda neu 20 min"])
async def test_empty_title_is_a_usage_error(session, make_ctx, lippe, december, text):
    """Without a topic nothing is stored and the usage is shown."""
    plain = await say(make_ctx, lippe, text)
    assert plain.startswith("Es fehlt das Thema. Beispiel: !agenda neu")
    assert "• `!agenda neu <Thema> [20 min]`" in plain
    assert await item_rows(session) == 0


async def test_too_long_title_changes_nothing(session, make_ctx, lippe, december):
    """201 characters are refused with the length and the limit; 200 are fine."""
    plain = await say(make_ctx, lippe, "!agenda neu " + "x" * 201)
    assert plain.startswith("Das Thema ist 201\u00a0Zeichen lang, erlaubt sind höchstens 200.")
    assert await item_rows(session) == 0
    await say(make_ctx, lippe, "!agenda neu " + "x" * 200)
    assert await item_rows(session) == 1


async def test_add_for_a_given_day(session, make_ctx, lippe, december, january):
    """`!agenda neu für 12.1.: <Thema>` puts the item on the January meet-up."""
    plain = await say(make_ctx, lippe, "!agenda neu für 12.1.: Jahresplanung 30 min")
    assert plain.endswith("steht auf der Tagesordnung für Di., 12.\u00a0Jan.\u00a02027.")
    assert await titles(session, january) == ["Jahresplanung"]
    assert await titles(session, december) == []


async def test_text_copied_from_a_reply_still_parses(session, make_ctx, lippe, december, january):
    """A day and duration copied with their no-break spaces work like typed ones."""
    shown_day = format_date(JANUARY, "de")  # as the bot writes it: `Di., 12.\u00a0Jan.\u00a02027`
    assert "\u00a0" in shown_day
    text = f"!agenda neu für {shown_day}: Jahresplanung 30\u00a0min"
    plain = await say(make_ctx, lippe, text)
    assert plain.endswith(f"steht auf der Tagesordnung für {shown_day}.")
    found = await agenda.items(session, lippe.id, january.id)
    assert [(i.title, i.duration_minutes) for i in found] == [("Jahresplanung", 30)]


async def test_title_starting_with_fuer_stays_a_title(session, make_ctx, lippe, december):
    """`für alle: …` is no date, so it is the title of an item on the next meet-up."""
    await say(make_ctx, lippe, "!agenda neu Für alle: Onlinezugangsgesetz")
    assert await titles(session, december) == ["Für alle: Onlinezugangsgesetz"]


async def test_add_for_a_bad_day_changes_nothing(session, make_ctx, lippe, december):
    """A broken date after `für` is explained, and nothing is stored."""
    plain = await say(make_ctx, lippe, "!agenda neu für 31.2.: Thema")
    assert "„31.2.“ gibt es nicht im Kalender" in plain
    plain = await say(make_ctx, lippe, "!agenda neu für 15.12.: Thema")
    assert plain == (
        "Am Di., 15.\u00a0Dez.\u00a02026 ist kein Treffen geplant. "
        "Das nächstgelegene ist am Di., 8.\u00a0Dez.\u00a02026: !agenda neu für 8.12.2026: Thema"
    )
    assert await item_rows(session) == 0


async def test_add_to_a_past_meetup_is_refused(session, make_ctx, lippe, december, january):
    """Topics cannot be added to a meet-up that is over."""
    after = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)
    plain = await say(make_ctx, lippe, "!agenda neu für 8.12.2026: Nachtrag", now=after)
    assert plain.startswith("Das Treffen am Di., 8.\u00a0Dez.\u00a02026 ist schon vorbei;")
    assert await item_rows(session) == 0


async def test_add_in_english(session, make_ctx, lippe, december, january):
    """English verbs and `for <date>:` work, and the reply is English."""
    plain = await say(make_ctx, lippe, "!agenda new for 12.1.: Yearly plan 1 h", language="en")
    assert plain == (
        "Item\u00a01 “Yearly plan” (60\u00a0min) is on the agenda for Tue, 12\u00a0Jan\u00a02027."
    )


async def test_german_verbs_work_in_an_english_network(session, make_ctx, lippe, december):
    """Both languages accept both sub-verbs."""
    plain = await say(make_ctx, lippe, "!tagesordnung neu Breitband", language="en")
    assert plain.startswith(
        "Item\u00a01 “Breitband” is on the agenda for Tue, 8\u00a0Dec\u00a02026"
    )


# --- removing -----------------------------------------------------------------------------


async def test_owner_removes_own_item(session, make_ctx, lippe, december):
    """The owner removes their item; the others close the gap."""
    await add_item(session, december, "Eins")
    await add_item(session, december, "Zwei", owner=MAX)
    await add_item(session, december, "Drei")
    plain = await say(make_ctx, lippe, "!agenda entfernen TOP 2", sender=MAX)
    assert (
        plain
        == "TOP\u00a02 „Zwei“ ist von der Tagesordnung für Di., 8.\u00a0Dez.\u00a02026 entfernt."
    )
    assert await titles(session, december, deferred=True) == ["1. Eins [open]", "2. Drei [open]"]


async def test_member_cannot_remove_someone_elses_item(session, make_ctx, lippe, december):
    """Another member is refused, told who may remove it, and nothing changes."""
    await add_item(session, december, "Eins")
    plain = await say(make_ctx, lippe, "!agenda entfernen 1", sender=MAX)
    assert plain.startswith(
        "TOP\u00a01 hat @erika:localhost eingebracht; entfernen können ihn nur @erika:localhost und"
    )
    assert plain.endswith("dafür schreiben sie !agenda entfernen 1")
    assert await titles(session, december) == ["Eins"]


async def test_moderator_removes_any_item(session, make_ctx, lippe, december):
    """A moderator may remove an item someone else added."""
    await add_item(session, december, "Eins")
    await say(make_ctx, lippe, "!agenda remove 1", sender=MAX, moderator=True)
    assert await item_rows(session) == 0


async def test_unknown_number_lists_the_existing_ones(session, make_ctx, lippe, december):
    """`!agenda entfernen 7` names the missing number and the ones that exist."""
    await add_item(session, december, "Eins")
    await add_item(session, december, "Zwei")
    plain = await say(make_ctx, lippe, "!agenda entfernen 7")
    assert plain == (
        "Auf der Tagesordnung für Di., 8.\u00a0Dez.\u00a02026 gibt es keinen TOP\u00a07. "
        "Vorhanden: 1, 2. Beispiel: !agenda entfernen 1"
    )
    assert await item_rows(session) == 2


async def test_remove_from_an_empty_agenda(make_ctx, lippe, december):
    """On an empty agenda the reply says so and how to add a topic."""
    plain = await say(make_ctx, lippe, "!agenda entfernen 1")
    assert plain.startswith(
        "Auf der Tagesordnung für Di., 8.\u00a0Dez.\u00a02026 steht noch nichts."
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("!agenda entfernen", "Es fehlt die Nummer des Tagesordnungspunkts."),
        ("!agenda entfernen zwei", "„zwei“ ist keine TOP-Nummer."),
        ("!agenda vertagen 1x", "„1x“ ist keine TOP-Nummer."),
        (
            "!agenda entfernen 99999999999999999999999",
            "gibt es keinen TOP\u00a099999999999999999999999.",
        ),
    ],
)
async def test_bad_numbers_change_nothing(session, make_ctx, lippe, december, text, message):
    """Missing, non-numeric or huge numbers are explained and nothing is removed."""
    await add_item(session, december, "Eins")
    assert message in await say(make_ctx, lippe, text, moderator=True)
    assert await item_rows(session) == 1


async def test_remove_on_a_given_day(session, make_ctx, lippe, december, january):
    """A date after the number picks another meet-up's agenda."""
    await add_item(session, december, "Dezember")
    await add_item(session, january, "Januar")
    await say(make_ctx, lippe, "!agenda entfernen 1 für 12.1.")
    assert await titles(session, december) == ["Dezember"]
    assert await titles(session, january) == []


async def test_network_isolation_on_remove(session, make_ctx, lippe, owl, december):
    """A moderator of another network cannot remove Lippe's item by its number."""
    await add_item(session, december, "Nur Lippe")
    owl_meetup = await add_meetup(session, owl, DECEMBER)
    await add_item(session, owl_meetup, "Nur OWL")
    await say(make_ctx, owl, "!agenda entfernen 1", moderator=True)
    assert await titles(session, december) == ["Nur Lippe"]
    assert await titles(session, owl_meetup) == []
    plain = await say(make_ctx, owl, "!agenda entfernen 1", moderator=True)
    assert "steht noch nichts" in plain
    assert await titles(session, december) == ["Nur Lippe"]


# --- moving -------------------------------------------------------------------------------


async def test_moderator_moves_an_item(session, make_ctx, lippe, december):
    """`!agenda verschieben 3 1` puts item 3 first and shows the new order."""
    for title in ("Eins", "Zwei", "Drei"):
        await add_item(session, december, title)
    plain = await say(make_ctx, lippe, "!agenda verschieben 3 auf 1", moderator=True)
    assert plain == (
        "„Drei“ ist jetzt TOP\u00a01. Neue Reihenfolge für Di., 8.\u00a0Dez.\u00a02026:\n\n"
        "• 1. Drei – erika\n• 2. Eins – erika\n• 3. Zwei – erika"
    )


async def test_member_cannot_move(session, make_ctx, lippe, december):
    """Reordering is for moderators; a member is told so, even as the owner."""
    await add_item(session, december, "Eins")
    await add_item(session, december, "Zwei")
    plain = await say(make_ctx, lippe, "!agenda move 2 1")
    assert plain.startswith(
        "Die Reihenfolge der Tagesordnung können nur Moderatorinnen und Moderatoren ändern."
    )
    assert await titles(session, december) == ["Eins", "Zwei"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("!agenda verschieben 2", "Es fehlt die neue Stelle. Beispiel: !agenda verschieben 2 1"),
        ("!agenda verschieben 2 oben", "„oben“ ist keine TOP-Nummer."),
        ("!agenda verschieben 2 0", "„0“ ist keine TOP-Nummer."),
        ("!agenda verschieben 5 1", "gibt es keinen TOP\u00a05. Vorhanden: 1, 2."),
    ],
)
async def test_bad_move_changes_nothing(session, make_ctx, lippe, december, text, message):
    """A missing or bad position, or an unknown item, leaves the order as it was."""
    await add_item(session, december, "Eins")
    await add_item(session, december, "Zwei")
    assert message in await say(make_ctx, lippe, text, moderator=True)
    assert await titles(session, december) == ["Eins", "Zwei"]


async def test_move_beyond_the_end_puts_it_last(session, make_ctx, lippe, december):
    """A position after the last item means the end."""
    await add_item(session, december, "Eins")
    await add_item(session, december, "Zwei")
    await say(make_ctx, lippe, "!agenda verschieben 1 99", moderator=True)
    assert await titles(session, december) == ["Zwei", "Eins"]


# --- deferring ----------------------------------------------------------------------------


async def test_owner_defers_to_the_following_meetup(session, make_ctx, lippe, december, january):
    """The item is marked deferred here and appended to the January agenda."""
    await add_item(session, january, "Schon da")
    await add_item(session, december, "Eins")
    await add_item(session, december, "Zwei")
    plain = await say(make_ctx, lippe, "!agenda vertagen 2")
    assert plain == (
        "TOP\u00a02 „Zwei“ ist auf das Treffen am Di., 12.\u00a0Jan.\u00a02027 vertagt (dort "
        "TOP\u00a02)."
    )
    assert await titles(session, december, deferred=True) == [
        "1. Eins [open]",
        "2. Zwei [deferred]",
    ]
    assert await titles(session, january) == ["Schon da", "Zwei"]
    shown = await say(make_ctx, lippe, "!agenda")
    assert "Zwei" not in shown


async def test_deferred_item_cannot_be_deferred_again(session, make_ctx, lippe, december, january):
    """Once deferred, the number no longer names an open item here."""
    await add_item(session, december, "Eins")
    await say(make_ctx, lippe, "!agenda vertagen 1")
    plain = await say(make_ctx, lippe, "!agenda vertagen 1")
    assert plain.startswith(
        "Auf der Tagesordnung für Di., 8.\u00a0Dez.\u00a02026 steht noch nichts."
    )
    assert await titles(session, january) == ["Eins"]


async def test_member_cannot_defer_someone_elses_item(session, make_ctx, lippe, december, january):
    """Deferring is for the owner or a moderator."""
    await add_item(session, december, "Eins")
    plain = await say(make_ctx, lippe, "!agenda defer 1", sender=MAX)
    assert "vertagen können ihn nur @erika:localhost und die Moderation" in plain
    assert await titles(session, january) == []
    await say(make_ctx, lippe, "!agenda defer 1", sender=MAX, moderator=True)
    assert await titles(session, january) == ["Eins"]


async def test_defer_without_a_later_meetup(session, make_ctx, lippe, december):
    """Without a meet-up after this one the reply says so and how to set one up."""
    await add_item(session, december, "Eins")
    plain = await say(make_ctx, lippe, "!agenda vertagen 1")
    assert plain == (
        "Nach dem Treffen am Di., 8.\u00a0Dez.\u00a02026 ist noch keines geplant, auf das "
        "TOP\u00a01 vertagt "
        "werden könnte. Die Moderation legt eines an, z.\u202fB. !treffen neu 5.1.2027 10:00 "
        "Monatstreffen"
    )
    assert await titles(session, december, deferred=True) == ["1. Eins [open]"]


async def test_defer_skips_cancelled_meetups(session, make_ctx, lippe, december, january):
    """A cancelled meet-up in between is not a target."""
    cancelled = await add_meetup(session, lippe, datetime(2026, 12, 15, 10, 0, tzinfo=BERLIN))
    await meetups.cancel(session, lippe.id, cancelled.id, at=NOW)
    await add_item(session, december, "Eins")
    await say(make_ctx, lippe, "!agenda vertagen 1")
    assert await titles(session, january) == ["Eins"]


async def test_english_defer_reply(session, make_ctx, lippe, december, january):
    """English networks read the deferral in English."""
    await add_item(session, december, "One")
    plain = await say(make_ctx, lippe, "!agenda defer 1", language="en")
    assert plain == (
        "Item\u00a01 “One” is deferred to the meet-up on Tue, 12\u00a0Jan\u00a02027 "
        "(item\u00a01 there)."
    )


# --- property -----------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400
) | st.sampled_from(
    ["", "20 min", "für 12.1.: x", "für 31.2.: x", "@room", "x" * 201, "0 h", "für : x"]
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rest=_TEXT)
async def test_random_topic_stores_one_row_or_none(session, make_ctx, lippe, december, rest):
    """Any text after `!agenda neu` gives a reply and stores one item, or none with an error."""
    before = await item_rows(session)
    routed = await route(invocation(f"!agenda neu {rest}"), make_ctx(lippe), REGISTRY)
    assert routed is not None
    plain = render(routed.reply).plain
    assert t("de", "router.crash") not in plain
    stored = await item_rows(session) - before
    assert stored == (1 if routed.keep_changes else 0)
    assert routed.keep_changes == plain.startswith("TOP\u00a0")


async def test_a_date_with_a_time_after_fuer_is_explained(session, make_ctx, lippe, december):
    """`für Dienstag 10 Uhr:` is a date with a mistake, not a title, so it is explained."""
    plain = await say(make_ctx, lippe, "!agenda neu für nächsten Dienstag 10 Uhr: Thema")
    assert "Hier brauche ich nur ein Datum ohne Uhrzeit" in plain
    assert await item_rows(session) == 0


@pytest.mark.parametrize(
    "line",
    [
        "!agenda neu Haushalt 2027 für den 12.1.",
        "!agenda neu Haushalt 2027 am 12.1.",
        "!agenda neu Haushalt 2027 für Di., 12.1. 20 min",
        "!agenda neu für den 12.1.: Haushalt 2027",
    ],
)
async def test_trailing_day_files_the_topic_under_that_meetup(
    session, make_ctx, lippe, december, january, line
):
    """A meet-up day at the end is read like the `für 12.1.:` prefix and leaves the title."""
    await say(make_ctx, lippe, line)
    items = await agenda.items(session, lippe.id, january.id)
    assert [item.title for item in items] == ["Haushalt 2027"]
    assert await agenda.items(session, lippe.id, december.id) == []


async def test_trailing_words_that_are_no_day_stay_in_the_topic(session, make_ctx, lippe, december):
    """`Vortrag am Beispiel Lemgo` and `Budget für 2026/27` are topics, not days."""
    await say(make_ctx, lippe, "!agenda neu Vortrag am Beispiel Lemgo")
    await say(make_ctx, lippe, "!agenda neu Budget für 2026/27")
    items = await agenda.items(session, lippe.id, december.id)
    assert [item.title for item in items] == ["Vortrag am Beispiel Lemgo", "Budget für 2026/27"]


async def test_trailing_day_without_meetup_names_the_nearest(session, make_ctx, lippe, december):
    """`… für den 9.12.` with no meet-up then: the nearest one, as a command to copy."""
    plain = await say(make_ctx, lippe, "!agenda neu Haushalt 2027 für den 9.12.")
    assert plain == (
        "Am Mi., 9.\u00a0Dez.\u00a02026 ist kein Treffen geplant. Das nächstgelegene ist am "
        "Di., 8.\u00a0Dez.\u00a02026: !agenda neu Haushalt 2027 für 8.12.2026"
    )
    assert await agenda.items(session, lippe.id, december.id) == []


async def test_an_agenda_has_a_limit_per_meetup(session, make_ctx, lippe, december, monkeypatch):
    """A full agenda refuses another item with a clear message and stores nothing."""
    monkeypatch.setattr(agenda_module, "MAX_ITEMS", 2)
    await add_item(session, december, "Serviceportal")
    await add_item(session, december, "E-Akte")
    out = await say(make_ctx, lippe, "!agenda neu Breitband")
    assert out.startswith("Die Tagesordnung am ") and "schon 2 Punkte" in out
    assert await item_rows(session) == 2
