"""The scheduler's action posts: the plan (pure), what each post is about, and its text."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from commands.actions.people import people
from commands.posts.actions import (
    ActionPost,
    ActionPostKind,
    ActionPostTimes,
    compose_action_post,
    compose_due_mention,
    compose_weekly_digest,
    due_days,
    items_for_post,
    open_items_blocks,
    open_items_due_before,
    plan_action_posts,
)
from commands.rendering import render
from commands.reply import Reply
from storage import actions
from storage.records import ActionItemRecord
from tests.commands.actions.support import add_contact, add_item, add_package
from tests.commands.support import ERIKA, MAX, NOW

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
"""Monday 23 Nov 2026, 09:00 in Berlin."""


def _record(
    number: int,
    due: date | None,
    status: str = "open",
    updated_at: datetime = datetime(2026, 11, 1, tzinfo=UTC),
):
    """An item record without a database, for the pure planner (set up on 1 Nov)."""
    return ActionItemRecord(
        id=number,
        network_id=1,
        number=number,
        title=f"Punkt {number}",
        owner=ERIKA,
        created_by=ERIKA,
        due_on=due,
        status=status,
        work_package_id=None,
        work_package_number=None,
        meetup_id=None,
        topics=(),
        created_at=datetime(2026, 11, 1, tzinfo=UTC),
        updated_at=updated_at,
        done_at=None,
    )


# --- plan ---------------------------------------------------------------------------------


def test_due_day_posts_at_nine_until_six_local():
    """One post per due day at 09:00 Berlin time, worth sending until 18:00 that day."""
    items = [_record(1, date(2026, 12, 15)), _record(2, date(2026, 12, 15)), _record(3, None)]
    posts = plan_action_posts(1, BERLIN, items, NOW, enabled=[ActionPostKind.DUE])
    assert posts == [
        ActionPost(
            1,
            ActionPostKind.DUE,
            date(2026, 12, 15),
            datetime(2026, 12, 15, 8, 0, tzinfo=UTC),
            datetime(2026, 12, 15, 17, 0, tzinfo=UTC),
        )
    ]
    assert posts[0].key == "actions:1:20261215:action_due"


def test_due_day_in_summer_time_is_still_nine_local():
    """In summer 09:00 Berlin is 07:00 UTC: the wall-clock time is kept across DST."""
    (post,) = plan_action_posts(
        1,
        BERLIN,
        [_record(1, date(2027, 6, 1))],
        NOW,
        enabled=[ActionPostKind.DUE],
        horizon_days=365,
    )
    assert post.due_at == datetime(2027, 6, 1, 7, 0, tzinfo=UTC)


def test_done_items_past_days_and_far_days_are_not_planned():
    """Done items, days before yesterday and days past the horizon get no due-day post."""
    items = [
        _record(1, date(2026, 12, 1), status="done"),
        _record(2, date(2026, 11, 20)),
        _record(3, date(2026, 11, 21)),
        _record(4, date(2027, 6, 1)),
    ]
    posts = plan_action_posts(1, BERLIN, items, NOW, enabled=[ActionPostKind.DUE])
    assert [p.day for p in posts] == [date(2026, 11, 21)]
    assert due_days(items, first=date(2026, 11, 1), last=date(2027, 12, 31)) == [
        date(2026, 11, 20),
        date(2026, 11, 21),
        date(2027, 6, 1),
    ]


def test_an_item_set_due_today_after_nine_gets_no_late_due_day_post():
    """Created at 10:00 due the same day: no due-day post (it would be "late" though the bot
    was up); with one item set up before 09:00 the day's post is planned (missed if down)."""
    today = NOW.astimezone(BERLIN).date()
    fresh = _record(1, today, updated_at=NOW)  # 10:00 Berlin, after the 09:00 post
    assert plan_action_posts(1, BERLIN, [fresh], NOW, enabled=[ActionPostKind.DUE]) == []
    earlier = _record(2, today)
    posts = plan_action_posts(1, BERLIN, [fresh, earlier], NOW, enabled=[ActionPostKind.DUE])
    assert [p.day for p in posts] == [today]


def test_weekly_digest_on_monday_at_nine_for_one_day():
    """Mondays at 09:00 local with a one-day window; up to eight days ahead are planned."""
    posts = plan_action_posts(1, BERLIN, [], NOW, enabled=[ActionPostKind.DIGEST])
    assert [(p.day, p.due_at, p.send_until) for p in posts] == [
        (
            date(2026, 11, 23),
            datetime(2026, 11, 23, 8, 0, tzinfo=UTC),
            datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
        ),
        (
            date(2026, 11, 30),
            datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
            datetime(2026, 12, 1, 8, 0, tzinfo=UTC),
        ),
    ]
    assert posts[0].key == "actions:1:20261123:action_digest"


def test_digest_day_and_time_are_configurable():
    """`digest_weekday=4, digest_at=14:30` plans Fridays at 14:30 local."""
    times = ActionPostTimes(digest_weekday=4, digest_at=time(14, 30))
    posts = plan_action_posts(1, BERLIN, [], NOW, times=times, enabled=[ActionPostKind.DIGEST])
    assert [p.due_at for p in posts] == [datetime(2026, 11, 27, 13, 30, tzinfo=UTC)]


def test_keys_are_stable_and_unique_per_network_day_and_kind():
    """Planning twice gives the same keys (a restart re-plans them); no two posts share one."""
    items = [_record(n, date(2026, 11, 23 + n % 3)) for n in range(10)]
    first = plan_action_posts(1, BERLIN, items, NOW)
    again = plan_action_posts(1, BERLIN, items, NOW + timedelta(hours=3))
    other = plan_action_posts(2, BERLIN, items, NOW)
    keys = [p.key for p in first]
    assert keys == [p.key for p in again]
    assert len(set(keys)) == len(keys)
    assert not set(keys) & {p.key for p in other}
    assert all(key.startswith("actions:") for key in keys)


def test_yesterdays_post_is_planned_so_a_missed_one_is_noticed():
    """A post of yesterday is still in the plan; its window has closed, so it is late."""
    (post,) = plan_action_posts(
        1, BERLIN, [_record(1, date(2026, 11, 21))], NOW, enabled=[ActionPostKind.DUE]
    )
    assert post.send_until < NOW
    assert post.is_late(NOW)
    assert not post.is_late(post.due_at + timedelta(minutes=1))


# --- what a post is about -----------------------------------------------------------------


async def test_items_for_post_are_read_at_sending_time(session, lippe):
    """The due post lists today's open items; one finished meanwhile is left out."""
    await add_item(session, lippe, "Heute A", due_on=date(2026, 11, 23))
    await add_item(session, lippe, "Heute B", due_on=date(2026, 11, 23), owner=MAX)
    await add_item(session, lippe, "Morgen", due_on=date(2026, 11, 24))
    await add_item(session, lippe, "Überfällig", due_on=date(2026, 11, 2))
    (due,) = [
        p
        for p in plan_action_posts(lippe.id, BERLIN, await actions.items(session, lippe.id), NOW)
        if p.kind == ActionPostKind.DUE and p.day == date(2026, 11, 23)
    ]
    assert [i.title for i in await items_for_post(session, due)] == ["Heute A", "Heute B"]
    await actions.mark_done(session, lippe.id, 1, by=ERIKA, at=NOW)
    assert [i.title for i in await items_for_post(session, due)] == ["Heute B"]
    digest = replace(due, kind=ActionPostKind.DIGEST)
    assert [i.title for i in await items_for_post(session, digest)] == ["Überfällig"]


# --- text ---------------------------------------------------------------------------------


async def test_due_mention_pills_every_owner(session, lippe):
    """The due-day post names each item with its owner as a pill; m.mentions lists them."""
    await add_contact(session, lippe, ERIKA, "Erika Musterfrau", "Bad Salzuflen")
    package = await add_package(session, lippe)
    await add_item(
        session,
        lippe,
        "Formular-Katalog abstimmen",
        due_on=date(2026, 11, 23),
        work_package_id=package.id,
    )
    await add_item(session, lippe, "Bericht", owner=MAX, due_on=date(2026, 11, 23))
    items = await actions.open_due_between(
        session, lippe.id, date(2026, 11, 23), date(2026, 11, 23)
    )
    out = render(await compose_due_mention(session, lippe, items))
    assert out.plain == (
        "Heute fällig, Mo., 23.\u00a0Nov.\u00a02026 (2):\n\n"
        "• 1. Formular-Katalog abstimmen – Erika Musterfrau (Bad Salzuflen) – heute fällig – "
        "AP\u00a01\n"
        "• 2. Bericht – max – heute fällig\n\n"
        "Erledigt? `!aufgabe erledigt <nr>` · Mehr Zeit nötig? `!aufgabe frist <nr> <datum>`"
    )
    assert out.mentions == (ERIKA, MAX)
    assert out.html.count('href="https://matrix.to/#/') == 2


async def test_late_due_mention_says_so(session, lippe):
    """A due post sent after a downtime starts with the late note."""
    await add_item(session, lippe, "Bericht", due_on=date(2026, 11, 23))
    items = await actions.items(session, lippe.id)
    post = ActionPost(lippe.id, ActionPostKind.DUE, date(2026, 11, 23), MONDAY, MONDAY)
    reply = await compose_action_post(session, lippe, post, items, late=True)
    assert render(reply).plain.startswith(
        "Diese Nachricht kommt später als geplant, weil ich eine Zeit lang nicht erreichbar "
        "war.\n\nHeute fällig"
    )


async def test_weekly_digest_mentions_the_owners_of_overdue_items(session, lippe):
    """The digest lists overdue items oldest first, each owner a pill it mentions once."""
    await add_item(session, lippe, "Alt", due_on=date(2026, 11, 2), owner=MAX)
    await add_item(session, lippe, "Älter", due_on=date(2026, 10, 30))
    overdue = await actions.items(session, lippe.id, due_before=date(2026, 11, 23))
    out = render(await compose_weekly_digest(session, lippe, overdue, day=date(2026, 11, 23)))
    assert out.plain == (
        "Überfällige Aufgaben (2), Stand Mo., 23.\u00a0Nov.\u00a02026:\n\n"
        "• 2. Älter – erika – überfällig seit Fr., 30.\u00a0Okt.\u00a02026\n"
        "• 1. Alt – max – überfällig seit Mo., 2.\u00a0Nov.\u00a02026\n\n"
        "Erledigt oder neue Frist: `!aufgabe erledigt <nr>` · `!aufgabe frist <nr> <datum>`"
    )
    assert out.mentions == (ERIKA, MAX)


async def test_long_digest_is_cut_and_english(session, lippe):
    """Over thirty overdue items the digest points to `!actions overdue` (English network)."""
    for number in range(33):
        await add_item(session, lippe, f"Punkt {number}", due_on=date(2026, 11, 1))
    overdue = await actions.items(session, lippe.id, due_before=date(2026, 11, 23))
    english = replace(lippe, language="en")
    plain = render(
        await compose_weekly_digest(session, english, overdue, day=date(2026, 11, 23))
    ).plain
    assert plain.startswith("Overdue action items (33) as of Mon, 23\u00a0Nov\u00a02026:")
    assert "… and 3\u00a0more: `!actions overdue`" in plain


async def test_empty_digest_text(session, lippe):
    """Composed without items (the scheduler should skip it), the digest says all is well."""
    reply = await compose_weekly_digest(session, lippe, [], day=date(2026, 11, 23))
    assert isinstance(reply, Reply)
    assert render(reply).plain.endswith("Keine – alles im Plan.")


async def test_open_items_for_the_agenda_post(session, lippe):
    """Open items due on or before the meet-up's day, overdue ones included, for the agenda."""
    await add_item(session, lippe, "Überfällig", due_on=date(2026, 11, 2))
    await add_item(session, lippe, "Am Tag", due_on=date(2026, 12, 8))
    await add_item(session, lippe, "Danach", due_on=date(2026, 12, 9))
    await add_item(session, lippe, "Ohne Frist")
    found = await open_items_due_before(session, lippe.id, date(2026, 12, 8))
    assert [i.title for i in found] == ["Überfällig", "Am Tag"]
    owners = await people(session, lippe.id, {i.owner for i in found})
    blocks = open_items_blocks(found, owners, language="de", today=date(2026, 12, 7))
    plain = render(Reply.of(*blocks)).plain
    assert plain == (
        "Offene Aufgaben, fällig bis zum Treffen (2):\n\n"
        "• 1. Überfällig – erika – überfällig seit Mo., 2.\u00a0Nov.\u00a02026\n"
        "• 2. Am Tag – erika – bis Di., 8.\u00a0Dez.\u00a02026"
    )
    assert open_items_blocks([], {}, language="de", today=date(2026, 12, 7)) == []
