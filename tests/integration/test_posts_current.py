"""Posts that stay current, read back as Element gets them from the homeserver: edits
(`m.replace`) through `/messages` and the relations API, the bot's own ✅ ❌ ❔, a click on
them counted as an answer, cancelled and moved meet-ups, and their one announcement."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import aiohttp

from demo.chat import Member

from .support import lippe

BERLIN = ZoneInfo("Europe/Berlin")
AGENDA_DUE = datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)  # the day before Tue 8 Dec, 10:00
CALL_DUE = datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)  # a week before
OFFERED = {"✅", "❌", "❔"}

Raw = dict[str, Any]


async def _get(member: Member, homeserver: str, path: str) -> Raw:
    headers = {"Authorization": f"Bearer {member.client.access_token}"}
    async with (
        aiohttp.ClientSession() as http,
        http.get(homeserver + path, headers=headers) as response,
    ):
        assert response.status == 200, await response.text()
        return await response.json()


async def messages(member: Member, homeserver: str, room_id: str) -> list[Raw]:
    """The room's events as `/messages` returns them to a client, oldest first."""
    path = f"/_matrix/client/v3/rooms/{quote(room_id)}/messages?dir=b&limit=1000"
    return list(reversed((await _get(member, homeserver, path))["chunk"]))


async def relations(
    member: Member, homeserver: str, room_id: str, event_id: str, rel_type: str
) -> list[Raw]:
    """The events relating to `event_id` by `rel_type`, newest first (the relations API)."""
    path = (
        f"/_matrix/client/v1/rooms/{quote(room_id)}/relations/{quote(event_id)}/{rel_type}"
        "?limit=100"
    )
    return (await _get(member, homeserver, path))["chunk"]


def bot_posts(events: list[Raw], bot_user: str, starts: str) -> list[Raw]:
    """The bot's own messages (no replies, no edits) whose text starts with `starts`."""
    return [
        e
        for e in events
        if e["type"] == "m.room.message"
        and e["sender"] == bot_user
        and "m.relates_to" not in e["content"]
        and e["content"].get("body", "").startswith(starts)
    ]


async def until(found: Callable[[], Any]) -> Any:
    """Poll `found` (a coroutine function) until it returns something truthy."""
    async with asyncio.timeout(60):
        while True:
            if result := await found():
                return result
            await asyncio.sleep(0.5)


def shown_text(edits: list[Raw], original: Raw) -> str:
    """What Element shows for a message: the newest edit's `m.new_content`, else itself."""
    return edits[0]["content"]["m.new_content"]["body"] if edits else original["content"]["body"]


def bot_reactions(annotations: list[Raw], bot_user: str) -> list[str]:
    """The keys of the bot's own reactions among `annotations`."""
    mine = [e for e in annotations if e["sender"] == bot_user]
    return sorted(e["content"]["m.relates_to"]["key"] for e in mine)


async def test_a_click_on_the_bots_check_mark_answers_and_a_near_cancellation_edits_and_announces(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """The agenda post gets the bot's ✅ ❌ ❔ once; Max's click on ✅ is a yes (the bot's own
    are not counted) and edits the post; cancelling the next day's meet-up edits the post to
    begin with "Entfällt." and makes one announcement; a restart adds nothing."""
    bot_user = bot_account[0]
    hs = synapse.url
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    bot = start_bot([lippe(room)], pretend_now=AGENDA_DUE - timedelta(seconds=15))
    await erika.wait_for_member(room, bot_user)
    assert "Neues Treffen" in (await erika.ask(room, "!treffen neu 8.12.2026 10:00-11:30")).body

    async def agenda_post() -> Raw | None:
        found = bot_posts(await messages(erika, hs, room), bot_user, "Tagesordnung für das")
        return found[0] if found else None

    post = await until(agenda_post)
    post_id = post["event_id"]

    async def three_reactions() -> list[Raw]:
        found = await relations(erika, hs, room, post_id, "m.annotation")
        return found if len(bot_reactions(found, bot_user)) == 3 else []

    annotations = await until(three_reactions)
    assert bot_reactions(annotations, bot_user) == sorted(OFFERED)

    user_id, password = user_factory("max")
    async with Member(hs, user_id, password, tmp_path / "max") as max_m:
        await erika.invite(room, user_id)
        await max_m.wait_until(lambda: room in max_m.client.invited_rooms)
        await max_m.join(room)
        await max_m.react(room, post_id, "✅")  # Element: a click on the bot's ✅
        overview = (await max_m.ask(room, "!treffen")).body
    shown = user_id[1:].partition(":")[0]  # no display name set: Synapse's default, the localpart
    assert f"Zusagen (1): {shown}" in overview and bot_user not in overview

    async def edited_with(text: str) -> list[Raw]:
        edits = await relations(erika, hs, room, post_id, "m.replace")
        return edits if edits and text in shown_text(edits, post) else []

    edits = await until(lambda: edited_with(f"Zusagen (1): {shown}"))
    edit = edits[0]["content"]
    assert edit["m.relates_to"] == {"rel_type": "m.replace", "event_id": post_id}
    assert edit["body"] == "* " + edit["m.new_content"]["body"]
    assert edits[0]["sender"] == bot_user

    cancelled = await erika.ask(room, "!treffen absagen 8.12.")
    assert cancelled.body.startswith("Entfällt:")
    edits = await until(lambda: edited_with("Entfällt."))
    final = shown_text(edits, post)
    assert final.startswith("Entfällt.\n\nTagesordnung für das Treffen am Di., 8.\u00a0Dez.")
    assert "Reagieren Sie" not in final

    async def announcement() -> list[Raw]:
        return bot_posts(await messages(erika, hs, room), bot_user, "Entfällt:")

    news = await until(announcement)
    assert news[0]["content"]["msgtype"] == "m.notice"
    assert news[0]["content"]["m.mentions"] == {}
    assert "Di., 8.\u00a0Dez.\u00a02026, 10:00–11:30\u00a0Uhr – " in news[0]["content"]["body"]

    bot.stop()
    bot.start(pretend_now=AGENDA_DUE + timedelta(minutes=30))
    await erika.ask(room, "!hilfe")  # the restarted bot has rebuilt and sent what it had
    events = await messages(erika, hs, room)
    assert len(bot_posts(events, bot_user, "Entfällt:")) == 1
    assert len(bot_posts(events, bot_user, "Tagesordnung für das")) == 1
    annotations = await relations(erika, hs, room, post_id, "m.annotation")
    assert bot_reactions(annotations, bot_user) == sorted(OFFERED)
    assert len(await relations(erika, hs, room, post_id, "m.replace")) == len(edits)


async def test_a_far_meetup_moved_away_and_back_then_near_reads_right_in_english(
    synapse, erika, start_bot, bot_account
):
    """In an English network: the call for topics says "Moved to …" after a move a week
    ahead, reads as first sent after the move back (no announcement for either: the
    meet-up is a week away), and after a move to two days ahead says so again, with
    exactly one announcement."""
    bot_user = bot_account[0]
    hs = synapse.url
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    start_bot([lippe(room, language="en")], pretend_now=CALL_DUE - timedelta(seconds=15))
    await erika.wait_for_member(room, bot_user)
    assert "New meet-up" in (await erika.ask(room, "!meetup new 8.12.2026 10:00-11:30")).body

    async def call_post() -> Raw | None:
        found = bot_posts(await messages(erika, hs, room), bot_user, "Call for topics")
        return found[0] if found else None

    call = await until(call_post)
    call_id = call["event_id"]
    sent_text = call["content"]["body"]

    async def edits_ending(count: int) -> list[Raw]:
        edits = await relations(erika, hs, room, call_id, "m.replace")
        return edits if len(edits) >= count else []

    moved = await erika.ask(room, "!meetup move 8.12. to 12.1.2027 10:00")
    assert "12\u00a0Jan\u00a02027" in moved.body
    edits = await until(lambda: edits_ending(1))
    assert shown_text(edits, call).startswith("Moved to Tue, 12\u00a0Jan\u00a02027, 10:00\n\n")
    assert shown_text(edits, call).endswith(sent_text)  # then the post as it was

    await erika.ask(room, "!meetup move 12.1.2027 to 8.12.2026 10:00")
    edits = await until(lambda: edits_ending(2))
    assert shown_text(edits, call) == sent_text

    await erika.ask(room, "!meetup move 8.12.2026 to 3.12.2026 10:00")
    edits = await until(lambda: edits_ending(3))
    assert shown_text(edits, call).startswith("Moved to Thu, 3\u00a0Dec\u00a02026, 10:00\n\n")

    async def announcements() -> list[Raw]:
        return bot_posts(await messages(erika, hs, room), bot_user, "Moved from")

    news = await until(announcements)
    body = news[0]["content"]["body"]
    assert body.startswith("Moved from Tue, 8\u00a0Dec\u00a02026, 10:00–11:30 to Thu, 3\u00a0Dec")
    await erika.ask(room, "!help")  # whatever the bot had stored by now has gone out
    events = await messages(erika, hs, room)
    assert len(bot_posts(events, bot_user, "Moved from")) == 1
    assert not bot_posts(events, bot_user, "Cancelled:")
    assert len(await relations(erika, hs, room, call_id, "m.replace")) == 3
