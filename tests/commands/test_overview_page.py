"""The overview page's HTML from plain records (no database, no server), and
`!netzwerk seite`, which sends the personal link to it."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from commands.invocation import Invocation
from commands.overview_page import ITEMS_SHOWN, Overview, render_page
from commands.rendering import render
from commands.router import route
from storage import subscriptions
from storage.records import ActionItemRecord, MeetupRecord, NetworkRecord
from tests.commands.support import NOW, REGISTRY

LIPPE_EN = NetworkRecord(1, "lippe", "!lippe:localhost", "IKZ Lippe", "Europe/Berlin", "en", None)
ERIKA = "@erika:localhost"


def _item(number: int, due: date | None) -> ActionItemRecord:
    return ActionItemRecord(
        id=number,
        network_id=1,
        number=number,
        title=f"Item {number}",
        owner=ERIKA,
        created_by=ERIKA,
        due_on=due,
        status="open",
        work_package_id=None,
        work_package_number=None,
        meetup_id=None,
        topics=(),
        created_at=NOW,
        updated_at=NOW,
        done_at=None,
    )


def test_an_empty_network_says_so_in_english():
    """No meet-up, packages or items: each section says there is nothing, in English."""
    page = render_page(Overview(LIPPE_EN, NOW, None, (), {}, (), (), ()))
    assert '<html lang="en">' in page and "<title>Overview IKZ Lippe</title>" in page
    for text in (
        "No meet-up is planned",
        "No work packages yet.",
        "No overdue action items.",
        "No open action items.",
        "!meetup",
    ):
        assert text in page


def test_a_meetup_place_that_is_no_link_stays_text_and_links_send_no_referrer():
    """A room name is plain text; a meeting link is clickable with rel=noreferrer."""
    meetup = MeetupRecord(
        1, 1, None, None, NOW, NOW + timedelta(hours=2), "Workshop", "Kreishaus", "scheduled", NOW
    )
    page = render_page(Overview(LIPPE_EN, NOW, meetup, (), {}, (), (), ()))
    assert "Place: Kreishaus</p>" in page and "<a " not in page
    linked = replace(meetup, location='https://meet.example.org/x?a=1&b="2"')
    page = render_page(Overview(LIPPE_EN, NOW, linked, (), {}, (), (), ()))
    assert 'href="https://meet.example.org/x?a=1&amp;b=&quot;2&quot;"' in page
    assert 'rel="noreferrer noopener"' in page


def test_long_lists_are_cut_and_the_rest_is_counted():
    """More open items than the page shows: the cut is said with how many are left."""
    shown = tuple(_item(n, None) for n in range(1, ITEMS_SHOWN + 1))
    page = render_page(
        Overview(LIPPE_EN, NOW, None, (), {}, (), (), shown, more_open=7, names={ERIKA: "Erika"})
    )
    assert page.count("<td>Erika</td>") == ITEMS_SHOWN
    assert "… and 7\u00a0more items" in page


async def test_network_page_sends_a_personal_link_in_a_direct_chat(make_ctx, lippe, session):
    """`!netzwerk seite` in the room: "sent directly" there, the /page/ link privately;
    `seite löschen` ends it."""
    ctx = replace(make_ctx(lippe), links_url="https://ikz.example.org")
    inv = Invocation("$1", "!lippe:localhost", ERIKA, "!netzwerk seite", NOW)
    reply = (await route(inv, ctx, REGISTRY)).reply
    assert "Direktnachricht" in render(reply).plain
    private = render(reply.direct).plain
    token = re.search(r"https://ikz\.example\.org/page/([A-Za-z0-9_-]{43})", private).group(1)
    assert "!netzwerk seite neu" in private and "webcal" not in private
    assert await subscriptions.holder(session, token, subscriptions.PAGE) is not None
    dm = Invocation("$2", "!dm:localhost", ERIKA, "!network page delete", NOW, is_direct=True)
    ended = render((await route(dm, ctx, REGISTRY)).reply).plain
    assert "gilt ab sofort nicht mehr" in ended
    assert await subscriptions.holder(session, token, subscriptions.PAGE) is None


def test_overdue_dates_are_marked():
    """An overdue item's date cell is marked for the eye (red, bold)."""
    page = render_page(
        Overview(
            LIPPE_EN,
            datetime(2026, 11, 22, tzinfo=UTC),
            None,
            (),
            {},
            (),
            (_item(1, date(2026, 11, 20)),),
            (),
        )
    )
    assert '<td class="late">Fri, 20\u00a0Nov\u00a02026</td>' in page
