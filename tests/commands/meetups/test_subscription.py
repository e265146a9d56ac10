"""`!treffen abo`: a personal feed address in a direct chat, replaced by `neu`, ended by
`löschen`; and the feed it leads to (commands/meetups/feed.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from icalendar import Calendar

from commands.invocation import Invocation
from commands.meetups.feed import load_feed
from commands.rendering import render
from commands.router import route
from storage import agenda, meetups, subscriptions
from tests.commands.support import NOW, REGISTRY, invocation

BASE = "https://ikz.example.org/bot"
ERIKA = "@erika:localhost"
TOKEN_URL = re.compile(re.escape(BASE) + r"/calendar/([A-Za-z0-9_-]{43})\.ics")


async def _ask(make_ctx, network, line: str, *, direct: bool = True, **kwargs):
    """The routed reply to `line`, in a direct chat unless `direct` is False."""
    links_url = kwargs.pop("links_url", BASE)
    ctx = replace(make_ctx(network, **kwargs), links_url=links_url)
    inv = (
        Invocation("$dm", "!dm:localhost", ERIKA, line, NOW, is_direct=True)
        if direct
        else invocation(line, sender=ERIKA)
    )
    routed = await route(inv, ctx, REGISTRY)
    assert routed is not None
    return routed.reply


def _token(text: str) -> str:
    found = TOKEN_URL.search(text)
    assert found is not None, text
    return found.group(1)


async def test_subscribing_in_a_direct_chat_gives_https_and_webcal_addresses(
    make_ctx, lippe, session
):
    """The answer has the https address, the webcal form, and how to renew or end it."""
    out = render(await _ask(make_ctx, lippe, "!treffen abo")).plain
    token = _token(out)
    assert f"webcal://ikz.example.org/bot/calendar/{token}.ics" in out
    assert "!treffen abo neu" in out and "!treffen abo löschen" in out
    holder = await subscriptions.holder(session, token, subscriptions.CALENDAR)
    assert holder is not None and holder.user_id == ERIKA


async def test_asked_in_the_room_the_address_goes_to_a_direct_chat(make_ctx, lippe):
    """The room hears only "sent directly"; the address is in the private reply."""
    reply = await _ask(make_ctx, lippe, "!treffen abo", direct=False)
    room = render(reply).plain
    assert "Direktnachricht" in room and "/calendar/" not in room
    assert reply.direct is not None
    _token(render(reply.direct).plain)


async def test_asking_again_says_one_exists_and_renew_replaces_it(make_ctx, lippe, session):
    """Only the hash is kept, so a second `abo` says so; `abo neu` makes the old one useless."""
    old = _token(render(await _ask(make_ctx, lippe, "!treffen abo")).plain)
    again = render(await _ask(make_ctx, lippe, "!treffen abo")).plain
    assert "Fingerabdruck" in again and "/calendar/" not in again
    new = _token(render(await _ask(make_ctx, lippe, "!treffen abo neu")).plain)
    assert new != old
    assert await subscriptions.holder(session, old, subscriptions.CALENDAR) is None
    assert await subscriptions.holder(session, new, subscriptions.CALENDAR) is not None


async def test_delete_ends_the_subscription_and_a_second_delete_says_there_is_none(
    make_ctx, lippe, session
):
    """`abo löschen` revokes; again, it says there is none and how to make one."""
    token = _token(render(await _ask(make_ctx, lippe, "!treffen abo")).plain)
    ended = render(await _ask(make_ctx, lippe, "!treffen abo löschen")).plain
    assert "beendet" in ended
    assert await subscriptions.holder(session, token, subscriptions.CALENDAR) is None
    none = render(await _ask(make_ctx, lippe, "!meetup subscribe delete")).plain
    assert "kein Kalender-Abo" in none and "!treffen abo" in none


async def test_english_words_and_an_unknown_word(make_ctx, lippe, session):
    """`!meetup subscribe new` works in English; `abo bitte` names the choices, stores nothing."""
    out = render(await _ask(make_ctx, lippe, "!meetup subscribe new", language="en")).plain
    assert "personal calendar subscription" in out and "!meetup subscribe delete" in out
    wrong = render(await _ask(make_ctx, lippe, "!treffen abo bitte")).plain
    assert "„bitte“" in wrong and "!treffen abo neu" in wrong
    assert len(await subscriptions.of_person(session, lippe.id, ERIKA)) == 1


async def test_without_a_public_address_no_link_is_made(make_ctx, lippe, session):
    """A bot whose operators publish no address says so instead of sending a dead link."""
    out = render(await _ask(make_ctx, lippe, "!treffen abo", links_url=None)).plain
    assert "public_url" in out
    assert await subscriptions.of_person(session, lippe.id, ERIKA) == []


async def test_my_data_lists_the_subscription_and_deleting_the_contact_ends_it(
    make_ctx, lippe, session
):
    """`!meine-daten` shows the subscription; `!kontakt löschen` of one's own entry ends it."""
    token = _token(render(await _ask(make_ctx, lippe, "!treffen abo")).plain)
    mine = render(await _ask(make_ctx, lippe, "!meine-daten")).plain
    assert "Kalender-Abo seit" in mine and token not in mine
    await _ask(make_ctx, lippe, "!kontakt ich kommune Lemgo")
    deleted = render(await _ask(make_ctx, lippe, "!kontakt löschen")).plain
    assert "Kalender-Abo, Übersichtsseite" in deleted
    assert await subscriptions.holder(session, token, subscriptions.CALENDAR) is None


async def test_the_feed_has_cancelled_singles_agendas_and_a_stable_etag(lippe, session):
    """A cancelled single is CANCELLED, the next meet-up carries its agenda, the ETag holds
    still while nothing changes and moves when something does."""
    start = NOW + timedelta(days=3)
    kept = await meetups.create_meetup(
        session,
        network_id=lippe.id,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        title="Workshop E-Akte",
        location="https://meet.example.org/e-akte",
        created_by=ERIKA,
        created_at=NOW,
    )
    dropped = await meetups.create_meetup(
        session,
        network_id=lippe.id,
        starts_at=start + timedelta(days=7),
        ends_at=start + timedelta(days=7, hours=2),
        title="Workshop OZG",
        location=None,
        created_by=ERIKA,
        created_at=NOW,
    )
    await agenda.add_item(
        session,
        network_id=lippe.id,
        meetup_id=kept.id,
        title="Serviceportal",
        duration_minutes=20,
        owner=ERIKA,
        created_at=NOW,
    )
    await meetups.cancel(session, lippe.id, dropped.id, at=NOW + timedelta(minutes=5))
    first = await load_feed(session, lippe, now=NOW + timedelta(hours=1), prefix="!")
    events = {str(e["summary"]): e for e in Calendar.from_ical(first.body).walk("VEVENT")}
    workshop = events["Workshop E-Akte (IKZ Digitalisierung Lippe)"]
    assert "1. Serviceportal (20\u00a0min)" in str(workshop["description"])
    assert str(workshop["url"]) == "https://meet.example.org/e-akte"
    assert str(events["Workshop OZG (IKZ Digitalisierung Lippe)"]["status"]) == "CANCELLED"
    assert first.last_modified == NOW + timedelta(minutes=5)
    later = await load_feed(session, lippe, now=NOW + timedelta(hours=2), prefix="!")
    assert later.etag == first.etag and later.body == first.body
    await meetups.move(
        session,
        lippe.id,
        kept.id,
        starts_at=start + timedelta(hours=1),
        ends_at=start + timedelta(hours=3),
        at=NOW + timedelta(hours=3),
    )
    moved = await load_feed(session, lippe, now=NOW + timedelta(hours=4), prefix="!")
    assert moved.etag != first.etag
    workshop = next(
        e for e in Calendar.from_ical(moved.body).walk("VEVENT") if "E-Akte" in str(e["summary"])
    )
    assert workshop["sequence"] > events["Workshop E-Akte (IKZ Digitalisierung Lippe)"]["sequence"]
