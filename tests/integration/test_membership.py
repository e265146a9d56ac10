"""Who belongs, as the homeserver sees it: only joined people are members, and the bot follows
its own kick and re-invite (DESIGN.md invariant 11)."""

from __future__ import annotations

from nio import RoomMessage

from commands.names import localpart
from demo.botconfig import NetworkSpec
from demo.chat import Member
from tests.integration.support import lippe


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
        await _log_shows(max_m, bot, f"declined invite to {direct} from {bot.pseudonym(user_id)}")
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
            await _log_shows(person, bot, f"ignoring {asked} from {bot.pseudonym(user_id)}")
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
        await _log_shows(max_m, bot, f"ignoring {asked} from {bot.pseudonym(user_id)}")

        await erika.invite(room, bot_user)
        await erika.wait_for_member(room, bot_user)
        back = await max_m.ask(direct, "!netzwerk")
        assert back.body.startswith("Netzwerk IKZ Digitalisierung Lippe")
        answered_to = [
            e.source["content"].get("m.relates_to") for e in _answers_from(max_m, direct, bot_user)
        ]
        assert asked not in str(answered_to)
    assert "membership leave by " + bot.pseudonym(erika.user_id) in bot.log()


async def _joined_member(synapse, user_factory, erika, tmp_path, name: str, rooms: list[str]):
    """A new person invited by Erika into `rooms` who joined them all (caller enters it)."""
    user_id, password = user_factory(name)
    person = Member(synapse.url, user_id, password, tmp_path / name)
    await person.login()
    for room in rooms:
        await erika.invite(room, user_id)
        await person.wait_until(lambda room=room: room in person.client.invited_rooms)
        await person.join(room)
    return person


async def test_person_in_two_networks_chooses_the_direct_chats_network(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """Asked which network first; after `!netzwerk herford` the chat is Herford's only."""
    bot_user = bot_account[0]
    lippe_room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    herford_room = await erika.create_room("IKZ Herford", invite=[bot_user])
    herford = NetworkSpec(key="herford", room_id=herford_room, name="IKZ Herford")
    start_bot([lippe(lippe_room), herford])
    await erika.wait_for_member(lippe_room, bot_user)
    await erika.wait_for_member(herford_room, bot_user)
    max_m = await _joined_member(
        synapse, user_factory, erika, tmp_path, "max", [lippe_room, herford_room]
    )
    try:
        direct = await max_m.create_room("", invite=[bot_user])
        await max_m.wait_for_member(direct, bot_user)
        asked = await max_m.ask(direct, "!aufgaben")
        assert "mehreren Netzwerken" in asked.body and "herford (IKZ Herford)" in asked.body

        chosen = await max_m.ask(direct, "!netzwerk herford")
        assert chosen.body == "Dieser Direktchat gilt jetzt für das Netzwerk IKZ Herford."
        current = await max_m.ask(direct, "!netzwerk")
        assert current.body.startswith("Dieser Direktchat gilt für das Netzwerk IKZ Herford.")
        assert "lippe" in current.body  # the other choice

        await max_m.ask(direct, "!aufgabe neu Breitband-Antrag prüfen")
        in_lippe = await erika.ask(lippe_room, "!aufgaben")
        in_herford = await erika.ask(herford_room, "!aufgaben")
        assert "Breitband-Antrag" not in in_lippe.body
        assert "Breitband-Antrag" in in_herford.body

        mine = await max_m.ask(direct, "!meine-daten")
        assert "IKZ Digitalisierung Lippe" in mine.body and "IKZ Herford" in mine.body
        assert "Ihr Direktchat mit mir gilt für das Netzwerk IKZ Herford." in mine.body
    finally:
        await max_m.close()


async def test_bot_leaves_a_group_chat_with_one_sentence(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """A member pulls the bot into a chat with two others: one sentence, then the bot leaves."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_user)
    max_m = await _joined_member(synapse, user_factory, erika, tmp_path, "max", [room])
    try:
        group = await max_m.create_room("", invite=[bot_user, erika.user_id])
        await max_m.wait_for_member(group, bot_user)
        await max_m.wait_for_member(group, bot_user, joined=False)
        said = [e.body for e in max_m.received[group] if e.sender == bot_user]
        assert said == [
            "Ich antworte nur im Raum eines Netzwerks oder im Direktchat zu zweit, "
            "darum verlasse ich diese Gruppe."
        ]
    finally:
        await max_m.close()


async def _set_power(erika: Member, room: str, user_id: str, level: int) -> None:
    """Erika sets `user_id`'s power level in the room and waits until she sees it."""
    current = await erika.client.room_get_state_event(room, "m.room.power_levels")
    content = dict(current.content)
    content["users"] = {**content.get("users", {}), user_id: level}
    await erika.client.room_put_state(room, "m.room.power_levels", content)
    await erika.wait_until(
        lambda: erika.client.rooms[room].power_levels.get_user_level(user_id) == level
    )


async def test_moderator_rights_follow_the_rooms_power_levels_in_a_direct_chat(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """Promoted in the room, Max adds a contact from his direct chat; demoted, he is refused."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_user)
    max_m = await _joined_member(synapse, user_factory, erika, tmp_path, "max", [room])
    try:
        direct = await max_m.create_room("", invite=[bot_user])
        await max_m.wait_for_member(direct, bot_user)
        await _set_power(erika, room, max_m.user_id, 50)
        added = await max_m.ask(direct, '!kontakt neu "Anna Beispiel" kommune:Lemgo')
        assert added.body.startswith("Der Eintrag ist angelegt:")

        await _set_power(erika, room, max_m.user_id, 0)
        refused = await max_m.ask(direct, '!kontakt neu "Paul Beispiel" kommune:Detmold')
        assert refused.body.startswith("Einträge anderer Personen können nur Moderatorinnen")
        found = await erika.ask(room, "!kontakt Paul Beispiel")
        assert "Detmold" not in found.body
    finally:
        await max_m.close()


async def test_a_member_who_leaves_no_longer_counts_for_upcoming_meetups(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """Max says yes to the next meet-up; after he left the room his answer is gone."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_user)
    await erika.ask(room, "!treffen serie jeden 2. Dienstag 10:00-11:30 https://meet.example.org")
    max_m = await _joined_member(synapse, user_factory, erika, tmp_path, "max", [room])
    try:
        await max_m.ask(room, "!zusage")
        before = await erika.ask(room, "!treffen")
        assert "Zusagen" in before.body
        assert localpart(max_m.user_id) in before.source["content"]["formatted_body"]
        await max_m.client.room_leave(room)
        await erika.wait_for_member(room, max_m.user_id, joined=False)
        after = await erika.ask(room, "!treffen")
        assert localpart(max_m.user_id) not in after.source["content"]["formatted_body"]
    finally:
        await max_m.close()
