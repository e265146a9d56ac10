"""People by name against the real Synapse: the bot names people by their display name in
the room (or contact entry), never by raw Matrix id, and pills only whom it means to reach."""

from __future__ import annotations

from nio import ProfileSetDisplayNameResponse

from demo.chat import Member

from .support import lippe


async def named(member: Member, name: str, room_id: str) -> None:
    """Set `member`'s display name, as one does in Element's settings, and wait until the
    room shows it (Synapse updates the rooms after answering)."""
    response = await member.client.set_displayname(name)
    assert isinstance(response, ProfileSetDisplayNameResponse), response

    def shown() -> bool:
        user = member.client.rooms[room_id].users.get(member.user_id)
        return user is not None and user.display_name == name

    await member.wait_until(shown)


async def test_lists_show_display_names_and_a_contact_entry_starts_with_one(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """`!aufgaben`, `!treffen` and `!kontakt` show "Erika Musterfrau" and "Max Mustermann",
    not their ids; the hand-over still pills Max; `!kontakt ich kommune Lemgo` alone makes
    Erika findable by name."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_user)
    max_id, password = user_factory("max")
    async with Member(synapse.url, max_id, password, tmp_path / "max") as max_m:
        await erika.invite(room, max_id)
        await max_m.wait_until(lambda: room in max_m.client.invited_rooms)
        await max_m.join(room)
        await named(erika, "Erika Musterfrau", room)
        await named(max_m, "Max Mustermann", room)

        handed = await erika.ask(room, f"!aufgabe neu Formular-Katalog abstimmen {max_id}")
        assert "Verantwortlich: Max Mustermann" in handed.body
        assert f'href="https://matrix.to/#/{max_id}"' in handed.source["content"]["formatted_body"]
        listing = (await erika.ask(room, "!aufgaben")).body
        assert "1. Formular-Katalog abstimmen – Max Mustermann" in listing
        assert max_id not in listing

        await erika.ask(room, "!treffen neu 12.3.2027 10:00-11:30 Workshop E-Akte")
        await erika.ask(room, "!agenda neu Serviceportal 20 min")
        await max_m.ask(room, "!zusage")
        shown = (await erika.ask(room, "!treffen")).body
        assert "1. Serviceportal (20\u00a0min) – Erika Musterfrau" in shown
        assert "Zusagen (1): Max Mustermann" in shown
        assert "@" not in shown

        entry = (await erika.ask(room, "!kontakt ich kommune Lemgo")).body
        assert "Erika Musterfrau" in entry
        found = (await max_m.ask(room, "!kontakt musterfrau")).body
        assert "Erika Musterfrau" in found and "Lemgo" in found
