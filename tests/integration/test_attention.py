"""Mentions that ring: what Synapse's default push rules make of the bot's messages.

`GET /notifications` lists the events that matched a notifying push rule for a user, with or
without a pusher, so it is what a person's phone and Element's badge would go by.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from nio import RoomMessage

from demo.chat import Member, in_reply_to
from tests.integration.support import lippe

BERLIN = ZoneInfo("Europe/Berlin")
DUE_DAY = datetime(2026, 12, 3, 9, 0, tzinfo=BERLIN)
"""A Thursday; the due-day post goes out at 09:00 local time."""


async def notifications(member: Member, homeserver: str) -> dict[str, dict[str, Any]]:
    """Event id → the entry of `member`'s `GET /notifications` (the server's push outcome)."""
    url = f"{homeserver}/_matrix/client/v3/notifications?limit=100"
    headers = {"Authorization": f"Bearer {member.client.access_token}"}
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as response:
        assert response.status == 200, await response.text()
        body = await response.json()
    return {n["event"]["event_id"]: n for n in body["notifications"]}


def highlighted(entry: dict[str, Any]) -> bool:
    """True if the push actions ring as a mention (the highlight tweak)."""
    return any(
        isinstance(a, dict) and a.get("set_tweak") == "highlight" and a.get("value", True)
        for a in entry["actions"]
    )


async def test_hand_over_and_due_day_post_ring_the_owner_an_answer_rings_nobody(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """Max's notifications get the hand-over and the due-day post as mentions, not the answer
    that merely shows his pill."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    bot = start_bot([lippe(room)], pretend_now=DUE_DAY - timedelta(hours=2))
    await erika.wait_for_member(room, bot_user)
    user_id, password = user_factory("max")
    async with Member(synapse.url, user_id, password, tmp_path / "max") as max_m:
        await erika.invite(room, user_id)
        await max_m.wait_until(lambda: room in max_m.client.invited_rooms)
        await max_m.join(room)
        await erika.wait_for_member(room, user_id)

        created = await erika.ask(room, "!aufgabe neu Formular-Katalog abstimmen bis 3.12.2026")
        assert created.source["content"]["msgtype"] == "m.notice"
        handed = await erika.ask(room, f"!aufgabe übergeben 1 {user_id}")
        assert handed.source["content"]["msgtype"] == "m.text"
        shown = await erika.ask(room, "!aufgabe 1")  # an answer showing Max's pill
        assert f'href="https://matrix.to/#/{user_id}"' in shown.source["content"]["formatted_body"]

        rang = await notifications(max_m, synapse.url)
        from_bot = {e for e, n in rang.items() if n["event"]["sender"] == bot_user}
        assert from_bot == {handed.event_id}
        assert highlighted(rang[handed.event_id])
        erika_rang = await notifications(erika, synapse.url)
        assert created.event_id not in erika_rang and shown.event_id not in erika_rang

        bot.stop()  # on the due day, shortly before 09:00
        bot.start(pretend_now=DUE_DAY - timedelta(seconds=5))

        def due_post() -> RoomMessage | None:
            return next(
                (
                    e
                    for e in max_m.received[room]
                    if isinstance(e, RoomMessage)
                    and e.sender == bot_user
                    and in_reply_to(e) is None
                    and e.body.startswith("Heute fällig")
                ),
                None,
            )

        await max_m.wait_until(lambda: due_post() is not None, timeout=60)
        post = due_post()
        assert post is not None and "Formular-Katalog abstimmen" in post.body
        rang = await notifications(max_m, synapse.url)
        assert post.event_id in rang and highlighted(rang[post.event_id])
        from_bot = {e for e, n in rang.items() if n["event"]["sender"] == bot_user}
        assert from_bot == {handed.event_id, post.event_id}
