"""Action items through real clients: create, hand over, finish; the owner gets a real pill.
And personal data asked for in the room arrives in a direct chat the bot opens."""

from __future__ import annotations

from nio import RoomMessage

from commands.names import localpart
from demo.chat import Member
from tests.integration.support import lippe


async def test_two_members_create_hand_over_and_finish_an_item(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """Erika creates an item, hands it to Max (a pill that notifies him), Max finishes it."""
    room = await erika.create_room("IKZ Lippe", invite=[bot_account[0]])
    start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_account[0])
    user_id, password = user_factory("max")
    async with Member(synapse.url, user_id, password, tmp_path / "max") as max_m:
        await erika.invite(room, user_id)
        await max_m.wait_until(lambda: room in max_m.client.invited_rooms)
        await max_m.join(room)

        created = await erika.ask(room, "!aufgabe neu Formular-Katalog abstimmen bis in 2 Wochen")
        assert "Aufgabe\u00a01 angelegt" in created.body
        refused = await max_m.ask(room, "!aufgabe erledigt 1")
        assert refused.body.startswith(f"Aufgabe\u00a01 liegt bei {localpart(erika.user_id)}")

        handed = await erika.ask(room, f"!aufgabe übergeben 1 {user_id}")
        content = handed.source["content"]
        assert f'href="https://matrix.to/#/{user_id}"' in content["formatted_body"]
        assert content["m.mentions"] == {"user_ids": [user_id]}

        done = await max_m.ask(room, "!aufgabe erledigt 1")
        assert done.body == "Aufgabe\u00a01 „Formular-Katalog abstimmen“ ist erledigt. Danke!"
        history = (await erika.ask(room, "!aufgabe verlauf 1")).body
        assert localpart(erika.user_id) in history and localpart(user_id) in history
        assert erika.user_id not in history  # people by name, not by Matrix id
        left = (await erika.ask(room, "!aufgaben")).body
        assert left.startswith("Es gibt keine offenen Aufgaben.")


async def test_my_data_asked_in_the_room_arrives_in_a_direct_chat(erika, start_bot, bot_account):
    """The room gets "sent directly"; the bot opens an encrypted direct chat and posts the
    data there, encrypted: what the homeserver stores is an `m.room.encrypted` event."""
    room = await erika.create_room("IKZ Lippe", invite=[bot_account[0]])
    start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_account[0])
    await erika.ask(room, "!kontakt ich kommune Lemgo")
    in_room = await erika.ask(room, "!meine-daten")
    assert "Direktnachricht geschickt" in in_room.body and "Lemgo" not in in_room.body

    await erika.wait_until(lambda: len(erika.client.invited_rooms) > 0, timeout=30)
    direct = next(iter(erika.client.invited_rooms))
    await erika.join(direct)

    def data() -> list[RoomMessage]:
        return [e for e in erika.received[direct] if e.sender == bot_account[0]]

    await erika.wait_until(lambda: any("Lemgo" in e.body for e in data()), timeout=45)
    assert erika.client.rooms[direct].encrypted
    assert all(e.decrypted for e in data())
