"""`!meine-daten` / `!my-data`: everything stored about the asker, in a direct chat only."""

from __future__ import annotations

from datetime import timedelta

from commands.invocation import Invocation
from commands.rendering import render
from commands.router import route
from storage import actions, agenda, contacts, decisions, events, meetups, rsvps
from tests.commands.conftest import NOW, invocation
from tests.commands.contacts.test_contacts import ERIKA, MAX, MODERATOR, add_contact, plain, rows


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
    routed = await route(inv, make_ctx(network, **kwargs))
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
    routed = await route(invocation("!meine-daten", sender=ERIKA), make_ctx(lippe))
    room, private = render(routed.reply).plain, render(routed.reply.direct).plain
    assert "Direktnachricht geschickt" in room
    assert "05261" not in room and "Serviceportal" not in room
    assert "05261" in private and "Serviceportal" in private
    routed = await route(invocation("!my-data", sender=ERIKA), make_ctx(lippe, language="en"))
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
    assert out.count("Nichts gespeichert.") == 5


async def test_after_deletion_the_entry_and_its_trail_are_gone(make_ctx, lippe, session):
    """Once Erika deleted her entry, `!meine-daten` shows no entry and no audit about her."""
    await plain(make_ctx, lippe, "!kontakt ich kommune Lemgo")
    await plain(make_ctx, lippe, "!kontakt ich name Erika Musterfrau")
    await plain(make_ctx, lippe, "!kontakt löschen")
    out = await in_direct_chat(make_ctx, lippe, "!meine-daten")
    assert "Musterfrau" not in out
    assert out.count("Nichts gespeichert.") == 5


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
