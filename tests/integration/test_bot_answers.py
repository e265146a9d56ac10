"""The real bot, started from a config file, answers real members on a real Synapse."""

from __future__ import annotations

import asyncio

from nio import RoomMemberEvent, RoomMessage

from demo.chat import Member
from tests.integration.support import lippe


async def _room_with_bot(member: Member, bot_user: str, *, encrypted: bool = False) -> str:
    return await member.create_room("IKZ Lippe", invite=[bot_user], encrypted=encrypted)


async def test_help_in_german_and_english(erika, start_bot, bot_account):
    """`!hilfe` and `!help` get the generated help as a threaded-reply notice with HTML."""
    de_room = await _room_with_bot(erika, bot_account[0])
    en_room = await _room_with_bot(erika, bot_account[0])
    start_bot([lippe(de_room), lippe(en_room, language="en")])
    await erika.wait_for_member(de_room, bot_account[0])

    hilfe = await erika.ask(de_room, "!hilfe")
    assert hilfe.sender == bot_account[0]
    content = hilfe.source["content"]
    assert content["msgtype"] == "m.notice"
    assert content["body"].startswith("Alle Befehle")
    assert "<code>!netzwerk</code>" in content["formatted_body"]
    assert content["m.mentions"] == {}

    help_en = await erika.ask(en_room, "!help")
    assert help_en.source["content"]["body"].startswith("All commands")
    german_name = await erika.ask(en_room, "!hilfe netzwerk")
    assert german_name.source["content"]["body"].startswith("`!network` – shows which network")


async def test_encrypted_room(erika, start_bot, bot_account):
    """In an end-to-end encrypted room the bot decrypts the command and answers encrypted."""
    room = await _room_with_bot(erika, bot_account[0], encrypted=True)
    start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_account[0])
    reply = await erika.ask(room, "!hilfe", timeout=45)
    assert reply.source["content"]["body"].startswith("Alle Befehle")
    bot_messages = [
        e
        for e in await erika.history(room)
        if isinstance(e, RoomMessage) and e.sender == bot_account[0]
    ]
    assert bot_messages and all(e.decrypted for e in bot_messages)


async def test_network_answer_knows_moderators(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """`!netzwerk` lists the municipalities; the creator moderates, others are members."""
    room = await _room_with_bot(erika, bot_account[0])
    start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_account[0])
    body = (await erika.ask(room, "!netzwerk")).source["content"]["body"]
    assert "17\u00a0Kommunen" in body and "• Schieder-Schwalenberg" in body
    assert body.endswith("Sie sind hier Moderatorin bzw. Moderator.")

    user_id, password = user_factory("max")
    async with Member(synapse.url, user_id, password, tmp_path / "max") as max_mustermann:
        await erika.invite(room, user_id)
        await max_mustermann.wait_until(lambda: room in max_mustermann.client.invited_rooms)
        await max_mustermann.join(room)
        body = (await max_mustermann.ask(room, "!netzwerk")).source["content"]["body"]
    assert body.endswith("Sie sind hier Mitglied.")


async def test_unknown_command_and_plain_chat(erika, start_bot, bot_account):
    """A typo gets a suggestion; ordinary chat gets no answer at all."""
    room = await _room_with_bot(erika, bot_account[0])
    start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_account[0])
    chat = await erika.say(room, "Guten Morgen aus Lemgo!")
    typo = await erika.ask(room, "!hlife")
    assert "Meinten Sie !hilfe?" in typo.source["content"]["body"]
    bot_events = [
        e for e in await erika.history(room) if getattr(e, "sender", None) == bot_account[0]
    ]
    replies = [
        e.source["content"].get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id")
        for e in bot_events
        if e.source["type"] == "m.room.message"
    ]
    assert chat not in replies


async def test_stranger_invite_is_declined(
    synapse, user_factory, start_bot, bot_account, erika, tmp_path
):
    """A user who is in no network room cannot pull the bot into their room."""
    network_room = await _room_with_bot(erika, bot_account[0])
    bot = start_bot([lippe(network_room)])
    await erika.wait_for_member(network_room, bot_account[0])
    user_id, password = user_factory("fremd")
    async with Member(synapse.url, user_id, password, tmp_path / "stranger") as stranger:
        room_id = await stranger.create_room("Fremder Raum", invite=[bot_account[0]])
        seen = await _memberships_until_left(stranger, room_id, bot_account[0])
    assert seen == ["invite", "leave"]  # declined, never joined
    assert f"declined invite to {room_id} from {bot.pseudonym(user_id)}" in bot.log()


async def _memberships_until_left(member: Member, room_id: str, user_id: str) -> list[str]:
    """The memberships of `user_id` in `room_id` as the server stores them, once the last is
    a leave. Read from the server: the bot may decline before `member`'s client syncs the
    invite, and then that client never shows it as invited."""
    async with asyncio.timeout(30):
        while True:
            seen = [
                event.membership
                for event in await member.history(room_id)
                if isinstance(event, RoomMemberEvent) and event.state_key == user_id
            ]
            if seen[-1:] == ["leave"]:
                return seen
            await asyncio.sleep(0.2)


async def test_invites_waiting_at_the_first_start_are_all_answered(
    synapse, user_factory, start_bot, bot_account, erika, tmp_path
):
    """What waits when the bot starts for the first time is answered side by side: every
    network room is joined and answers, a member's direct chats are joined, a stranger's
    room among the invites is declined."""
    bot_user = bot_account[0]
    rooms = [await _room_with_bot(erika, bot_user) for _ in range(10)]
    chats = [await erika.create_room("", invite=[bot_user]) for _ in range(3)]
    user_id, password = user_factory("fremd")
    async with Member(synapse.url, user_id, password, tmp_path / "stranger") as stranger:
        stranger_room = await stranger.create_room("Fremder Raum", invite=[bot_user])
        bot = start_bot([lippe(room) for room in rooms])
        for room in [*rooms, *chats]:
            await erika.wait_for_member(room, bot_user)
        answers = [await erika.ask(room, "!netzwerk") for room in rooms]
        declined = await _memberships_until_left(stranger, stranger_room, bot_user)
    assert declined == ["invite", "leave"]
    assert [a.sender for a in answers] == [bot_user] * len(rooms)
    assert all(f"joined {chat} (invited by " in bot.log() for chat in chats)


async def test_member_direct_message(erika, start_bot, bot_account):
    """A network member can open a direct chat with the bot and gets answers there."""
    network_room = await _room_with_bot(erika, bot_account[0])
    start_bot([lippe(network_room)])
    await erika.wait_for_member(network_room, bot_account[0])
    dm = await erika.create_room("", invite=[bot_account[0]])
    await erika.wait_for_member(dm, bot_account[0])
    reply = await erika.ask(dm, "!netzwerk")
    assert reply.source["content"]["body"].startswith("Netzwerk IKZ Digitalisierung Lippe")


async def test_addressed_with_a_pill_a_space_or_a_question_mark(erika, start_bot, bot_account):
    """`ikz-bot: !hilfe` as Element sends a mention, `! netzwerk` and `!hilfe?` are answered
    like the plain commands; `! Achtung` in chat is not."""
    bot_user = bot_account[0]
    room = await _room_with_bot(erika, bot_user)
    start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_user)
    label = bot_user.removeprefix("@").split(":")[0]  # the name Element shows in the pill
    content = {
        "msgtype": "m.text",
        "body": f"{label}: !hilfe",
        "format": "org.matrix.custom.html",
        "formatted_body": f'<a href="https://matrix.to/#/{bot_user}">{label}</a>: !hilfe',
        "m.mentions": {"user_ids": [bot_user]},
    }
    sent = await erika.client.room_send(room, "m.room.message", content)
    mentioned = await erika.reply_to(room, sent.event_id)
    assert mentioned.source["content"]["body"].startswith("Alle Befehle")

    chat = await erika.say(room, "! Achtung, Lemgo ist heute später dran")
    spaced = await erika.ask(room, "! netzwerk")
    assert spaced.source["content"]["body"].startswith("Netzwerk IKZ Digitalisierung Lippe")
    asked = await erika.ask(room, "!hilfe?")
    assert asked.source["content"]["body"].startswith("Alle Befehle")
    replied_to = {
        e.source["content"].get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id")
        for e in await erika.history(room)
        if getattr(e, "sender", None) == bot_user and e.source["type"] == "m.room.message"
    }
    assert chat not in replied_to
