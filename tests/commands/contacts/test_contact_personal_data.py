"""`!meine-daten` / `!my-data`: everything stored about the asker, in a direct chat only."""

from __future__ import annotations

import re
from datetime import timedelta

from commands.invocation import Invocation
from commands.rendering import render
from commands.router import route
from storage import (
    action_history,
    actions,
    agenda,
    contacts,
    decisions,
    events,
    meetups,
    post_settings,
    rsvps,
)
from storage.models import Base
from tests.commands.contacts.support import ERIKA, MAX, MODERATOR, add_contact, plain, rows
from tests.commands.support import NOW, REGISTRY, invocation


async def in_direct_chat(make_ctx, network, line: str, *, sender: str = ERIKA, **kwargs) -> str:
    """The plain reply to `line` sent in a direct chat with the bot."""
    inv = Invocation(
        event_id="$dm1",
        room_id="!dm-erika:localhost",
        sender=sender,
        text=line,
        sent_at=NOW,
        is_direct=True,
    )
    routed = await route(inv, make_ctx(network, **kwargs), REGISTRY)
    assert routed is not None
    return render(routed.reply).plain


async def erika_everywhere(session, lippe) -> None:
    """Erika has an entry (changed by a moderator), an answer, a topic, a decision, a meet-up."""
    record = await add_contact(
        session, lippe, "Erika Musterfrau", "Lemgo", matrix_id=ERIKA, phone="05261 213-0"
    )
    await contacts.update(
        session, lippe.id, record.id, {"role": "CDO"}, changed_by=MODERATOR, at=NOW
    )
    meetup = await meetups.create_meetup(
        session,
        network_id=lippe.id,
        starts_at=NOW + timedelta(days=16),
        ends_at=NOW + timedelta(days=16, hours=2),
        title="Monatstreffen",
        location=None,
        created_by=ERIKA,
        created_at=NOW,
    )
    await rsvps.set_answer(
        session,
        network_id=lippe.id,
        meetup_id=meetup.id,
        user_id=ERIKA,
        answer="yes",
        source="command",
        updated_at=NOW,
    )
    await agenda.add_item(
        session,
        network_id=lippe.id,
        meetup_id=meetup.id,
        title="Serviceportal: Stand",
        duration_minutes=None,
        owner=ERIKA,
        created_at=NOW,
    )
    await agenda.add_item(
        session,
        network_id=lippe.id,
        meetup_id=meetup.id,
        title="Thema von Max",
        duration_minutes=None,
        owner=MAX,
        created_at=NOW,
    )
    await decisions.add_decision(
        session,
        network_id=lippe.id,
        meetup_id=meetup.id,
        text="Gemeinsame Ausschreibung E-Akte",
        author=ERIKA,
        created_at=NOW,
    )
    for number in (1, 2):
        await events.mark_handled(
            session,
            room_id=lippe.room_id,
            event_id=f"$erika{number}",
            network_id=lippe.id,
            sender=ERIKA,
            sent_at=NOW - timedelta(days=number),
            handled_at=NOW,
            outcome="answered",
        )
    await session.commit()


async def test_in_the_room_the_data_goes_to_a_direct_chat(make_ctx, lippe, session):
    """Asked in the group room, the room hears only "sent directly"; the data goes privately."""
    await erika_everywhere(session, lippe)
    routed = await route(invocation("!meine-daten", sender=ERIKA), make_ctx(lippe), REGISTRY)
    room, private = render(routed.reply).plain, render(routed.reply.direct).plain
    assert "Direktnachricht geschickt" in room
    assert "05261" not in room and "Serviceportal" not in room
    assert "05261" in private and "Serviceportal" in private
    routed = await route(
        invocation("!my-data", sender=ERIKA), make_ctx(lippe, language="en"), REGISTRY
    )
    assert "sent you a direct message" in render(routed.reply).plain


async def test_in_a_direct_chat_everything_is_shown(make_ctx, lippe, session):
    """The DM answer has the entry, the audit, answers, topics, decisions, meet-ups, commands."""
    await erika_everywhere(session, lippe)
    out = await in_direct_chat(make_ctx, lippe, "!meine-daten")
    assert out.startswith(
        f"Was ich über {ERIKA} gespeichert habe (Netzwerk IKZ Digitalisierung Lippe)"
    )
    assert "Erika Musterfrau – CDO, Lemgo" in out and "05261 213-0" in out
    assert "von der Moderation oder per Import eingetragen" in out
    assert f"Ihr Eintrag wurde angelegt (von {MODERATOR})" in out
    assert f"Rolle Ihres Eintrags geändert (von {MODERATOR})" in out
    assert "Zusage" in out
    assert "Tagesordnungspunkt „Serviceportal: Stand“" in out
    assert "Thema von Max" not in out
    assert "Beschluss eingetragen „Gemeinsame Ausschreibung E-Akte“" in out
    assert "Treffen angelegt „Monatstreffen“" in out
    assert "2\u00a0Befehle von Ihnen" in out
    assert "!kontakt löschen" in out
    assert "Datenschutz:" in out


async def test_a_member_with_nothing_stored_gets_empty_sections(make_ctx, lippe, session):
    """Someone the bot knows nothing about sees every section with "Nichts gespeichert"."""
    out = await in_direct_chat(make_ctx, lippe, "!meine-daten", sender=MAX)
    assert out.count("Nichts gespeichert.") == 8


async def test_after_deletion_the_entry_and_its_trail_are_gone(make_ctx, lippe, session):
    """Once Erika deleted her entry, `!meine-daten` shows no entry and no audit about her."""
    await plain(make_ctx, lippe, "!kontakt ich kommune Lemgo")
    await plain(make_ctx, lippe, "!kontakt ich name Erika Musterfrau")
    await plain(make_ctx, lippe, "!kontakt löschen")
    out = await in_direct_chat(make_ctx, lippe, "!meine-daten")
    assert "Musterfrau" not in out
    assert out.count("Nichts gespeichert.") == 8


async def test_my_data_in_english_and_without_network(make_ctx, lippe, session):
    """English headings in an English network; no network means no data at all."""
    await erika_everywhere(session, lippe)
    out = await in_direct_chat(make_ctx, lippe, "!my-data", language="en")
    assert out.startswith(f"What I have stored about {ERIKA}")
    assert "decision recorded" in out
    before = await rows(session)
    out = await in_direct_chat(make_ctx, None, "!meine-daten")
    assert "gehört zu keinem Netzwerk" in out and "Musterfrau" not in out
    assert await rows(session) == before


async def test_action_items_and_work_packages_are_part_of_my_data(make_ctx, lippe, session):
    """Items and packages the person owns or created are listed; other people's are not."""
    for owner, title in ((ERIKA, "Formular-Katalog abstimmen"), (MAX, "Fremde Aufgabe")):
        await actions.create_item(
            session,
            network_id=lippe.id,
            title=title,
            owner=owner,
            created_by=owner,
            created_at=NOW,
        )
    out = await in_direct_chat(make_ctx, lippe, "!meine-daten")
    assert "Aufgabe\u00a01: Formular-Katalog abstimmen" in out and "Fremde Aufgabe" not in out


async def test_history_and_post_settings_are_part_of_my_data(make_ctx, lippe, session):
    """History lines by or about the person (handed over to them) and their post settings."""
    item = await actions.create_item(
        session,
        network_id=lippe.id,
        title="Formular-Katalog abstimmen",
        owner=MAX,
        created_by=MAX,
        created_at=NOW,
    )
    await action_history.record_change(
        session,
        network_id=lippe.id,
        field="owner",
        old_value=MAX,
        new_value=ERIKA,
        changed_by=MAX,
        changed_at=NOW,
        action_item_id=item.id,
    )
    await post_settings.set_enabled(
        session, network_id=lippe.id, kind="digest", enabled=False, updated_by=ERIKA, updated_at=NOW
    )
    out = await in_direct_chat(make_ctx, lippe, "!meine-daten")
    assert "Aufgabe\u00a01: owner geändert" in out
    assert "digest ausgeschaltet" in out
    assert "Aufgabe 1: created" not in out  # Max's creation is not about Erika


PERSON_COLUMN = re.compile(r"(^|_)(user_id|sender|owner|author|matrix_id|deputy)$|_by$")
"""Column names that hold a person's Matrix id (or name, for deputy)."""

COVERED = {
    ("contacts", "matrix_id"): "contact_entry",
    ("contacts", "deputy"): "cleared by !kontakt löschen, not the person's own data",
    ("contact_changes", "changed_by"): "contact_changes",
    ("rsvps", "user_id"): "meetup_data",
    ("agenda_items", "owner"): "meetup_data",
    ("decisions", "author"): "meetup_data",
    ("meetups", "created_by"): "meetup_data",
    ("meetup_series", "created_by"): "meetup_data",
    ("action_items", "owner"): "work_data",
    ("action_items", "created_by"): "work_data",
    ("work_packages", "created_by"): "work_data",
    ("work_package_owners", "user_id"): "work_data",
    ("action_changes", "changed_by"): "history_data",
    ("post_settings", "updated_by"): "settings_data",
    ("handled_events", "sender"): "command_log",
    ("direct_chat_networks", "user_id"): "my_data (the direct chat's network)",
    ("subscriptions", "user_id"): "link_data",
}


def test_every_column_holding_a_person_id_is_covered_by_my_data():
    """Walking the schema: a new column with user ids must be added to `!meine-daten`."""
    found = {
        (table.name, column.name)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if PERSON_COLUMN.search(column.name)
    }
    assert found == set(COVERED)
