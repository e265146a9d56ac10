"""A network room upgraded with Synapse's room upgrade API: the bot follows the tombstone,
keeps the network's data, posts and answers in the new room, and keeps doing so after a
restart with the old room id still in its config (DESIGN.md invariant 11)."""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from nio import RoomMessage

from demo.chat import Member, in_reply_to

from .support import lippe

BERLIN = ZoneInfo("Europe/Berlin")
FIRST_START = datetime(2026, 3, 10, 9, 0, tzinfo=BERLIN)
AFTER_REMINDER_DUE = datetime(2026, 3, 10, 10, 0, 20, tzinfo=BERLIN)
"""Twenty seconds after the reminder an hour before the 11:00 meet-up fell due."""
REMINDER = ("In ", "Bald geht es los")


async def _upgrade(member: Member, room_id: str) -> str:
    """Upgrade `room_id` as `member` (its creator) through Synapse; returns the new room id."""
    response = await member.client.send(
        "POST",
        f"/_matrix/client/v3/rooms/{quote(room_id)}/upgrade",
        json.dumps({"new_version": "11"}),
        headers={
            "Authorization": f"Bearer {member.client.access_token}",
            "Content-Type": "application/json",
        },
    )
    body = await response.json()
    assert response.status == 200, body
    return body["replacement_room"]


def _is_reminder(event: object, bot_id: str) -> bool:
    """True for the bot's reminder of the Monatstreffen (a post, not a reply)."""
    return (
        isinstance(event, RoomMessage)
        and event.sender == bot_id
        and in_reply_to(event) is None
        and event.body.lstrip().startswith(REMINDER)
        and "Monatstreffen" in event.body
    )


async def _reminders(member: Member, room_id: str, bot_id: str) -> list[RoomMessage]:
    """The bot's reminders of the Monatstreffen in `room_id`, read back with `/messages`."""
    return [e for e in await member.history(room_id) if _is_reminder(e, bot_id)]


async def test_upgraded_room_keeps_the_network_posts_and_answers_there_also_after_restart(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """After the upgrade Max gets the same meet-up in the new room, the due reminder goes
    there, the log tells the operator the new room id, and a restart keeps the new room."""
    bot_user = bot_account[0]
    old_room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    network = lippe(old_room)
    bot = start_bot([network], pretend_now=FIRST_START)
    await erika.wait_for_member(old_room, bot_user)
    created = await erika.ask(old_room, "!treffen neu 10.03.2026 11:00-12:00 Monatstreffen")
    assert "Neues Treffen" in created.body
    before = await erika.ask(old_room, "!treffen")

    max_id, password = user_factory("max")
    async with Member(synapse.url, max_id, password, tmp_path / "max") as max_m:
        await erika.invite(old_room, max_id)
        await max_m.wait_until(lambda: old_room in max_m.client.invited_rooms)
        await max_m.join(old_room)

        new_room = await _upgrade(erika, old_room)
        # The new room is invite-only like the old one: Erika invites the members, as
        # Element offers when upgrading; Max follows the tombstone's link.
        await erika.wait_until(lambda: new_room in erika.client.rooms)
        for person in (bot_user, max_id):
            await erika.invite(new_room, person)
        await max_m.wait_until(lambda: new_room in max_m.client.invited_rooms)
        await max_m.join(new_room)
        await erika.wait_for_member(new_room, bot_user, timeout=60)

        after = await max_m.ask(new_room, "!treffen")
        assert after.body == before.body and "Monatstreffen" in after.body
        log = bot.log()
        assert f'set room_id = "{new_room}" in [networks.{network.key}]' in log
        assert f"room {old_room} of network {network.key} was upgraded" in log

        bot.stop()
        bot.start(pretend_now=AFTER_REMINDER_DUE)  # the config still names the old room
        await erika.wait_until(
            lambda: any(_is_reminder(e, bot_user) for e in erika.received[new_room]), 60
        )
        again = await max_m.ask(new_room, "!treffen")
        assert "Monatstreffen" in again.body

    assert len(await _reminders(erika, new_room, bot_user)) == 1
    assert await _reminders(erika, old_room, bot_user) == []
    restarted = bot.log().split("ikz-bot stopped")[-1]
    assert f"serving it in {new_room}" in restarted
    assert "Traceback" not in bot.log()
