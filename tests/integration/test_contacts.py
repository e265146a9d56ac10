"""The contact directory on a real Synapse: a member edits their entry and another finds it;
someone who is no longer a member gets nothing."""

from __future__ import annotations

import asyncio

from demo.chat import Member
from tests.integration.support import lippe


async def test_member_edits_entry_and_another_finds_it_non_member_gets_nothing(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """Max enters himself, Erika finds him (a pill, no ping); after Max left, his DM is ignored."""
    room = await erika.create_room("IKZ Lippe", invite=[bot_account[0]])
    bot = start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_account[0])
    user_id, password = user_factory("max")
    async with Member(synapse.url, user_id, password, tmp_path / "max") as max_mustermann:
        await erika.invite(room, user_id)
        await max_mustermann.wait_until(lambda: room in max_mustermann.client.invited_rooms)
        await max_mustermann.join(room)
        draft = await max_mustermann.ask(room, "!kontakt ich kommune Lemgo")
        # The entry starts with Max's display name (Synapse's default: the localpart).
        assert "Als Namen habe ich Ihren Anzeigenamen eingetragen" in draft.body
        await max_mustermann.ask(room, "!kontakt ich name Max Mustermann")
        await max_mustermann.ask(room, "!kontakt ich telefon 05261/213-0")

        found = await erika.ask(room, "!kontakt mustermann lemgoo")
        content = found.source["content"]
        assert content["body"].startswith("Max Mustermann – Lemgo")
        assert "05261 213-0" in content["body"]
        assert f'href="https://matrix.to/#/{user_id}"' in content["formatted_body"]
        assert content["m.mentions"] == {}

        dm = await max_mustermann.create_room("", invite=[bot_account[0]])
        await max_mustermann.wait_for_member(dm, bot_account[0])
        mine = await max_mustermann.ask(dm, "!meine-daten")
        assert "Max Mustermann – Lemgo" in mine.source["content"]["body"]

        await max_mustermann.client.room_leave(room)
        await erika.wait_for_member(room, user_id, joined=False)
        await asyncio.sleep(2)  # the bot's own sync learns about the leave
        asked = await max_mustermann.say(dm, "!kontakt mustermann")
        max_pseudonym = bot.pseudonym(user_id)
        await max_mustermann.wait_until(
            lambda: f"ignoring {asked} from {max_pseudonym}" in bot.log(), timeout=30
        )
        assert not [
            e
            for e in max_mustermann.received[dm]
            if e.sender == bot_account[0]
            and e.source["content"].get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id")
            == asked
        ]
