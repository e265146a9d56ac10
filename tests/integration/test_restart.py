"""Nothing lost, nothing twice: restarts, crashes and bursts against the real Synapse."""

from __future__ import annotations

import asyncio
import contextlib

from nio import RoomMessage

from demo.chat import Member, in_reply_to
from tests.integration.support import lippe


async def _replies(member: Member, room_id: str, bot_user: str) -> dict[str, int]:
    """How many times the bot replied to each event, read from the server's timeline."""
    counts: dict[str, int] = {}
    for event in await member.history(room_id):
        if isinstance(event, RoomMessage) and event.sender == bot_user:
            target = in_reply_to(event)
            if target:
                counts[target] = counts.get(target, 0) + 1
    return counts


async def _until_replied(member: Member, room_id: str, bot_user: str, ids: list[str]):
    async with asyncio.timeout(120):
        while True:
            counts = await _replies(member, room_id, bot_user)
            if all(i in counts for i in ids):
                return counts
            await asyncio.sleep(1)


async def test_command_sent_while_stopped_is_answered_once_after_restart(
    erika, start_bot, bot_account
):
    """A command sent during downtime is answered after restart, and not again on the next one."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    bot = start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_user)
    await erika.ask(room, "!hilfe")
    assert bot.stop() == 0

    while_down = await erika.say(room, "!netzwerk")
    await asyncio.sleep(1)
    bot.start()
    reply = await erika.reply_to(room, while_down, timeout=30)
    assert reply.source["content"]["body"].startswith("Netzwerk IKZ Digitalisierung Lippe")

    bot.stop()
    bot.start()
    await erika.ask(room, "!hilfe")  # the bot is through its catch-up when this is answered
    counts = await _replies(erika, room, bot_user)
    assert counts[while_down] == 1
    assert bot.log().count("logged in as") == 1, "a restart must reuse the device"


async def test_killed_bot_answers_pending_commands_exactly_once(erika, start_bot, bot_account):
    """After SIGKILL in the middle of a stream of commands, each is answered exactly once."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    bot = start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_user)
    sent = [await erika.say(room, f"!hilfe netzwerk {i}") for i in range(10)]
    await asyncio.sleep(0.3)
    bot.kill()
    sent += [await erika.say(room, f"!netzwerk {i}") for i in range(10)]
    bot.start()
    counts = await _until_replied(erika, room, bot_user, sent)
    assert [counts[i] for i in sent] == [1] * len(sent)


async def test_burst_beyond_one_sync_page_is_answered_completely(
    erika, start_bot, bot_account, synapse, user_factory, tmp_path
):
    """150 commands from 6 members (25 each) sent while the bot is busy: one answer each."""
    bot_user = bot_account[0]
    async with contextlib.AsyncExitStack() as stack:
        others = [
            await stack.enter_async_context(
                Member(synapse.url, *user_factory("kollege"), tmp_path / f"kollege-{i}")
            )
            for i in range(5)
        ]
        room = await erika.create_room("IKZ Lippe", invite=[bot_user, *(m.user_id for m in others)])
        for member in others:
            await member.join(room)
        bot = start_bot([lippe(room)])
        await erika.wait_for_member(room, bot_user)
        bot.pause()
        try:
            sent = [
                await member.say(room, f"!hilfe {i}")
                for i in range(25)
                for member in (erika, *others)
            ]
        finally:
            bot.resume()
        counts = await _until_replied(erika, room, bot_user, sent)
    assert len(sent) == 150
    assert [counts[i] for i in sent] == [1] * len(sent)
    assert "was cut short; paged back" in bot.log()
