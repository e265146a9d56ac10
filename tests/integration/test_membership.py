"""Who belongs, as the homeserver sees it: only joined people are members, and the bot follows
its own kick and re-invite (DESIGN.md invariant 11)."""

from __future__ import annotations

from nio import RoomMessage

from demo.chat import Member

from .conftest import lippe


async def _log_shows(member: Member, bot, text: str) -> None:
    await member.wait_until(lambda: text in bot.log(), 30.0)


def _answers_from(member: Member, room_id: str, bot_user: str) -> list[RoomMessage]:
    return [e for e in member.received[room_id] if e.sender == bot_user]


async def test_invited_person_who_never_joined_is_no_member(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """Max, invited to the network room but never joined, has his direct chat declined."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    bot = start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_user)
    user_id, password = user_factory("max")
    async with Member(synapse.url, user_id, password, tmp_path / "max") as max_m:
        await erika.invite(room, user_id)
        await max_m.wait_until(lambda: room in max_m.client.invited_rooms)
        direct = await max_m.create_room("", invite=[bot_user])
        await _log_shows(max_m, bot, f"declined invite to {direct} from {user_id}")
        await max_m.say(direct, "!kontakte")
        await erika.ask(room, "!hilfe")  # the control: the bot has read everything
        assert bot_user not in max_m.client.rooms[direct].users
        assert not _answers_from(max_m, direct, bot_user)


async def test_kicked_and_banned_members_lose_their_existing_direct_chat_at_once(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """A member's direct chat answers until a moderator kicks them; a banned one gets nothing."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    bot = start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_user)
    for name, remove in (("max", erika.client.room_kick), ("moritz", erika.client.room_ban)):
        user_id, password = user_factory(name)
        async with Member(synapse.url, user_id, password, tmp_path / name) as person:
            await erika.invite(room, user_id)
            await person.wait_until(lambda: room in person.client.invited_rooms)
            await person.join(room)
            direct = await person.create_room("", invite=[bot_user])
            await person.wait_for_member(direct, bot_user)
            answered = await person.ask(direct, "!netzwerk")
            assert answered.body.startswith("Netzwerk IKZ Digitalisierung Lippe")

            await remove(room, user_id)
            await erika.wait_for_member(room, user_id, joined=False)
            await erika.ask(room, "!hilfe")  # the bot has seen the removal
            asked = await person.say(direct, "!kontakte")
            await _log_shows(person, bot, f"ignoring {asked} from {user_id}")
            assert [e.event_id for e in _answers_from(person, direct, bot_user)] == [
                answered.event_id
            ]


async def test_kicked_bot_forgets_the_network_until_invited_back(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """Kicked, the bot logs the network, answers no direct chat for it; re-invited, it is back."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    network = lippe(room)
    bot = start_bot([network])
    await erika.wait_for_member(room, bot_user)
    user_id, password = user_factory("max")
    async with Member(synapse.url, user_id, password, tmp_path / "max") as max_m:
        await erika.invite(room, user_id)
        await max_m.wait_until(lambda: room in max_m.client.invited_rooms)
        await max_m.join(room)
        direct = await max_m.create_room("", invite=[bot_user])
        await max_m.wait_for_member(direct, bot_user)
        await max_m.ask(direct, "!netzwerk")

        await erika.client.room_kick(room, bot_user, reason="Aufräumen")
        await _log_shows(max_m, bot, f"no longer in the room of network {network.key}")
        asked = await max_m.say(direct, "!kontakte")
        await _log_shows(max_m, bot, f"ignoring {asked} from {user_id}")

        await erika.invite(room, bot_user)
        await erika.wait_for_member(room, bot_user)
        back = await max_m.ask(direct, "!netzwerk")
        assert back.body.startswith("Netzwerk IKZ Digitalisierung Lippe")
        answered_to = [
            e.source["content"].get("m.relates_to") for e in _answers_from(max_m, direct, bot_user)
        ]
        assert asked not in str(answered_to)
    assert "membership leave by " + erika.user_id in bot.log()
