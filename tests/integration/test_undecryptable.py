"""A command the bot cannot decrypt is not dropped silently: the sender is told once, why."""

from __future__ import annotations

from nio import RoomMessage

from demo.chat import in_reply_to
from tests.integration.support import lippe


async def test_unreadable_commands_get_one_notice_saying_why(erika, start_bot, bot_account):
    """Erika's app keeps the key from the bot's device: after the grace period the bot says it
    could not read the message and why, once for both messages; its log names sender and room."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user], encrypted=True)
    bot = start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_user)
    if erika.client.users_for_key_query:  # the background sync may have asked already
        await erika.client.keys_query()
    await erika.wait_until(lambda: bool(erika.client.device_store.active_user_devices(bot_user)))
    for device in erika.client.device_store.active_user_devices(bot_user):
        erika.client.blacklist_device(device)

    first = await erika.say(room, "!hilfe")
    second = await erika.say(room, "!treffen")
    notice = await erika.reply_to(room, first, timeout=120)
    assert notice.source["content"]["msgtype"] == "m.notice"
    assert notice.source["content"]["body"].startswith(
        "Ich konnte Ihre verschlüsselte Nachricht nicht lesen. Der Schlüssel dazu ist bei mir "
        "nicht angekommen"
    )
    settled = f"{second} from {bot.pseudonym(erika.user_id)} in {room} stays unreadable"
    await erika.wait_until(lambda: settled in bot.log(), timeout=120)

    replies = [
        e
        for e in await erika.history(room)
        if isinstance(e, RoomMessage) and e.sender == bot_user and in_reply_to(e)
    ]
    assert [in_reply_to(e) for e in replies] == [first]
    log = bot.log()
    assert f"cannot decrypt {first} from {bot.pseudonym(erika.user_id)} in {room}" in log
    assert "!hilfe" not in log and "!treffen" not in log
