"""Strangers get nothing from the bot: no answers in direct chats, no direct chat opened.

Each test first lets a member get an answer in the network room, sent after the stranger's
commands, so the bot has certainly read the stranger's messages when the test looks.
"""

from __future__ import annotations

from nio import RoomMessage

from demo.chat import Member
from tests.integration.support import lippe

COMMANDS = ("!hilfe", "!meine-daten", "!netzwerk")


async def test_stranger_direct_chat_gets_nothing(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """A stranger's direct chat is declined; their commands get no answer and no direct chat."""
    bot_user = bot_account[0]
    network_room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    bot = start_bot([lippe(network_room)])
    await erika.wait_for_member(network_room, bot_user)
    user_id, password = user_factory("fremd")
    async with Member(synapse.url, user_id, password, tmp_path / "stranger") as stranger:
        direct = await stranger.create_room("", invite=[bot_user])
        for text in COMMANDS:
            await stranger.say(direct, text)
        await erika.ask(network_room, "!hilfe")  # the control: the bot has read everything
        room = stranger.client.rooms[direct]
        await stranger.wait_until(lambda: bot_user not in room.invited_users, timeout=30)
        for text in COMMANDS:  # once more, now that the invite was answered
            await stranger.say(direct, text)
        await erika.ask(network_room, "!netzwerk")
        history = await stranger.history(direct)
        assert bot_user not in room.users
        assert not [
            e
            for e in history
            if getattr(e, "sender", None) == bot_user and isinstance(e, RoomMessage)
        ]
        assert not stranger.client.invited_rooms  # no direct chat opened for !meine-daten
    assert f"declined invite to {direct} from {bot.pseudonym(user_id)}" in bot.log()


async def test_former_member_gets_no_answer_in_their_direct_chat(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """After leaving the network room, a member's direct chat with the bot goes silent."""
    bot_user = bot_account[0]
    network_room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    bot = start_bot([lippe(network_room)])
    await erika.wait_for_member(network_room, bot_user)
    user_id, password = user_factory("max")
    async with Member(synapse.url, user_id, password, tmp_path / "max") as max_m:
        await erika.invite(network_room, user_id)
        await max_m.wait_until(lambda: network_room in max_m.client.invited_rooms)
        await max_m.join(network_room)
        direct = await max_m.create_room("", invite=[bot_user])
        await max_m.wait_for_member(direct, bot_user)
        answered = await max_m.ask(direct, "!netzwerk")  # as a member: answered
        assert answered.body.startswith("Netzwerk IKZ Digitalisierung Lippe")

        await max_m.client.room_leave(network_room)
        await erika.wait_for_member(network_room, user_id, joined=False)
        await erika.ask(network_room, "!hilfe")  # the bot has seen him leave
        asked = [await max_m.say(direct, text) for text in COMMANDS]
        await erika.ask(network_room, "!netzwerk")  # the control, sent after his commands
        from_bot = [
            e.event_id
            for e in await max_m.history(direct)
            if isinstance(e, RoomMessage) and e.sender == bot_user
        ]
        assert from_bot == [answered.event_id]
        assert not max_m.client.invited_rooms  # and no new direct chat for !meine-daten
    log, stranger = bot.log(), bot.pseudonym(user_id)
    assert all(f"ignoring {event_id} from {stranger}" in log for event_id in asked)
