"""No Matrix id of a person in the bot's log, at any level: a whole session against the real
Synapse (commands, a direct chat, a stranger, a flood, an undecryptable message, a leave)
logs only pseudonyms (bot.pseudonyms), which `ikz-bot pseudonym` finds again."""

from __future__ import annotations

import asyncio

from bot.flood import BURST
from demo.botconfig import write_bot_config
from demo.chat import Member

from .support import BotProcess, lippe


def _localpart(user_id: str) -> str:
    return user_id[1:].split(":", 1)[0]


async def test_a_session_at_debug_level_logs_no_user_id_of_a_person(
    synapse, user_factory, erika, bot_account, tmp_path
):
    """Erika, Max and a stranger use the bot; neither their ids nor their localparts are in
    the log, while the lines about them are there with their pseudonyms."""
    bot_user, bot_password = bot_account
    max_id, max_password = user_factory("max")
    stranger_id, stranger_password = user_factory("fremd")
    room = await erika.create_room("IKZ Lippe", invite=[bot_user, max_id], encrypted=True)
    config = write_bot_config(
        tmp_path / "bot" / "config.toml",
        homeserver=synapse.url,
        user_id=bot_user,
        password=bot_password,
        networks=[lippe(room)],
        data_dir=tmp_path / "bot" / "data",
    )
    config.write_text(config.read_text().replace("\n[bot]\n", '\n[bot]\nlog_level = "DEBUG"\n'))
    bot = BotProcess(config)
    bot.start()
    try:
        async with (
            Member(synapse.url, max_id, max_password, tmp_path / "max") as max_m,
            Member(synapse.url, stranger_id, stranger_password, tmp_path / "fremd") as stranger,
        ):
            await max_m.join(room)
            await erika.wait_for_member(room, bot_user)
            await erika.wait_for_member(room, max_id)
            for text in (
                "!treffen neu 10.03.2031 11:00-12:00 Monatstreffen",
                "!zusage",
                f"!aufgabe neu Breitbandausbau prüfen {max_id}",
                "!kontakt ich telefon 05231 1234",
            ):
                await erika.ask(room, text)
            await max_m.ask(room, "!aufgaben meine")

            direct = await max_m.create_room("", invite=[bot_user])
            await max_m.wait_for_member(direct, bot_user)
            await max_m.ask(direct, "!netzwerk")

            declined = await stranger.create_room("", invite=[bot_user])
            stranger_name = bot.pseudonym(stranger_id)
            await stranger.wait_until(
                lambda: f"declined invite to {declined} from {stranger_name}" in bot.log()
            )

            max_name = bot.pseudonym(max_id)
            await asyncio.gather(*(max_m.say(room, f"!hilfe {i}") for i in range(BURST + 5)))
            await max_m.wait_until(lambda: f"command flood from {max_name}" in bot.log(), 60)
            await max_m.client.room_leave(room)
            await erika.wait_for_member(room, max_id, joined=False)

        if erika.client.users_for_key_query:
            await erika.client.keys_query()
        await erika.wait_until(
            lambda: bool(erika.client.device_store.active_user_devices(bot_user))
        )
        for device in erika.client.device_store.active_user_devices(bot_user):
            erika.client.blacklist_device(device)
        unreadable = await erika.say(room, "!hilfe")
        await erika.reply_to(room, unreadable, timeout=120)
        erika_name = bot.pseudonym(erika.user_id)
        assert f"cannot decrypt {unreadable} from {erika_name} in {room}" in bot.log()
    finally:
        bot.stop()

    log = bot.log()
    assert "DEBUG" in log
    for person in (erika.user_id, max_id, stranger_id):
        assert person not in log
        assert _localpart(person) not in log, log[log.index(_localpart(person)) - 300 :][:600]
