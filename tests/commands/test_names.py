"""People by name: the contact entry's name, else the room's display name, else the
localpart; lists and views show names, never raw Matrix ids."""

from __future__ import annotations

from commands.names import localpart, name_of, names
from commands.rendering import render
from commands.router import route
from storage import contacts, networks
from tests.commands.support import NOW, REGISTRY, invocation

ERIKA = "@erika:localhost"
MAX = "@max:localhost"
SHOWN = {ERIKA: "Erika Musterfrau", MAX: "Max Mustermann"}


def test_the_entry_name_wins_over_the_display_name_and_the_localpart():
    """Entry name first, then the display name, then the localpart; blank ones skipped."""
    assert name_of(ERIKA, SHOWN, "Dr. Erika Musterfrau") == "Dr. Erika Musterfrau"
    assert name_of(ERIKA, SHOWN) == "Erika Musterfrau"
    assert name_of(ERIKA, SHOWN, "  ") == "Erika Musterfrau"
    assert name_of(ERIKA, {ERIKA: " "}) == "erika"
    assert name_of("@jana.schmidt:kreis-lippe.de", {}) == "jana.schmidt"


def test_a_localpart_is_the_id_without_at_and_server():
    """`@erika:localhost:8448` → `erika`; text that is no user id stays as it is."""
    assert localpart("@erika:localhost:8448") == "erika"
    assert localpart("Erika") == "Erika"


async def test_names_reads_the_entries_once_for_all(session, lippe):
    """Contact entries name their people; others by display name or localpart."""
    [lemgo] = [
        m for m in await networks.list_municipalities(session, lippe.id) if m.name == "Lemgo"
    ]
    await contacts.create(
        session,
        network_id=lippe.id,
        values={"name": "Max Mustermann (Kämmerei)", "matrix_id": MAX, "municipality_id": lemgo.id},
        changed_by=MAX,
        at=NOW,
        consent=True,
    )
    found = await names(session, lippe.id, [MAX, ERIKA, "@jana:localhost"], {ERIKA: "Erika M."})
    assert found == {
        MAX: "Max Mustermann (Kämmerei)",
        ERIKA: "Erika M.",
        "@jana:localhost": "jana",
    }


async def _say(make_ctx, network, line: str, *, sender: str = ERIKA, **kwargs) -> str:
    ctx = make_ctx(network, display_names=SHOWN, **kwargs)
    routed = await route(invocation(line, sender=sender), ctx, REGISTRY)
    assert routed is not None
    return render(routed.reply).plain


async def test_action_lists_and_views_name_people(session, make_ctx, lippe):
    """`!aufgaben`, `!aufgabe <nr>` and the new item's reply show display names."""
    created = await _say(make_ctx, lippe, f"!aufgabe neu Formular-Katalog abstimmen {MAX}")
    assert "Verantwortlich: Max Mustermann" in created
    listing = await _say(make_ctx, lippe, "!aufgaben")
    assert "Formular-Katalog abstimmen – Max Mustermann" in listing
    detail = await _say(make_ctx, lippe, "!aufgabe 1")
    assert "Max Mustermann" in detail and "Erika Musterfrau" in detail
    for text in (created, listing, detail):
        assert "@max" not in text and "@erika" not in text


async def test_meetup_agenda_and_answers_name_people(session, make_ctx, lippe):
    """`!treffen` shows agenda owners and who answered by name."""
    await _say(make_ctx, lippe, "!treffen neu 8.12.2026 10:00-11:30", moderator=True)
    await _say(make_ctx, lippe, "!agenda neu Serviceportal 20 min")
    await _say(make_ctx, lippe, "!vielleicht", sender=MAX)
    shown = await _say(make_ctx, lippe, "!treffen")
    assert "1. Serviceportal (20\u00a0min) – Erika Musterfrau" in shown
    assert "Vielleicht (1): Max Mustermann" in shown
    assert "@" not in shown


async def test_a_self_service_entry_starts_with_the_display_name(session, make_ctx, lippe):
    """`!kontakt ich kommune Lemgo` alone makes a visible entry named by the display name."""
    reply = await _say(make_ctx, lippe, "!kontakt ich kommune Lemgo")
    assert "Erika Musterfrau" in reply
    assert "Anzeigenamen" in reply
    found = await _say(make_ctx, lippe, "!kontakt musterfrau", sender=MAX)
    assert "Erika Musterfrau" in found and "Lemgo" in found
