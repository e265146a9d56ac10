"""Under a strict message rate limit every command is still answered: 429s are waited out."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import pytest
from nio import RoomMessage

from demo.botconfig import write_bot_config
from demo.chat import Member, in_reply_to
from demo.synapse import LocalSynapse, RateLimits
from tests.integration.support import BotProcess, lippe


@pytest.fixture(scope="module")
def strict_synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSynapse]:
    """A second homeserver that lets each user send 1 message per second after a burst of 3."""
    server = LocalSynapse(
        tmp_path_factory.mktemp("strict-synapse"),
        rate_limits=RateLimits(message_per_second=1.0, message_burst=3),
    )
    server.start()
    yield server
    server.stop()


async def test_burst_under_rate_limit_is_answered_completely(strict_synapse, tmp_path):
    """12 commands at once against 1 message/s: all 12 answered once, the bot waited as told."""
    bot_id = strict_synapse.register("ikz-bot", "bot-pw")
    erika_id = strict_synapse.register("erika", "erika-pw")
    async with Member(strict_synapse.url, erika_id, "erika-pw", tmp_path / "erika") as erika:
        room = await erika.create_room("IKZ Lippe", invite=[bot_id])
        config = write_bot_config(
            tmp_path / "bot" / "config.toml",
            homeserver=strict_synapse.url,
            user_id=bot_id,
            password="bot-pw",
            networks=[lippe(room)],
            data_dir=tmp_path / "bot" / "data",
        )
        bot = BotProcess(config)
        bot.start()
        try:
            await erika.wait_for_member(room, bot_id)
            sent = [await erika.say(room, f"!hilfe {i}") for i in range(12)]
            async with asyncio.timeout(90):
                while True:
                    replies = [
                        in_reply_to(e)
                        for e in await erika.history(room)
                        if isinstance(e, RoomMessage) and e.sender == bot_id
                    ]
                    if all(i in replies for i in sent):
                        break
                    await asyncio.sleep(1)
        finally:
            bot.stop()
    assert sorted(replies.count(i) for i in sent) == [1] * len(sent)
    assert "ratelimited" in bot.log() or "M_LIMIT_EXCEEDED" in bot.log()


async def test_burst_of_50_from_five_members_under_rate_limit(strict_synapse, tmp_path):
    """50 commands from five members against 1 message/s: each answered once, 429s waited out."""
    bot_id = strict_synapse.register("ikz-bot-50", "bot-pw")
    people = [strict_synapse.register(f"cdo-{i}", f"pw-{i}") for i in range(5)]
    members = [
        Member(strict_synapse.url, user_id, f"pw-{i}", tmp_path / f"cdo-{i}")
        for i, user_id in enumerate(people)
    ]
    for member in members:
        await member.login()
    bot = None
    try:
        host = members[0]
        room = await host.create_room("IKZ Lippe", invite=[bot_id, *people[1:]])
        for member in members[1:]:
            await member.wait_until(lambda m=member: room in m.client.invited_rooms)
            await member.join(room)
        config = write_bot_config(
            tmp_path / "bot" / "config.toml",
            homeserver=strict_synapse.url,
            user_id=bot_id,
            password="bot-pw",
            networks=[lippe(room)],
            data_dir=tmp_path / "bot" / "data",
        )
        bot = BotProcess(config)
        bot.start()
        await host.wait_for_member(room, bot_id)
        offset = len(bot.log())
        texts = ("!hilfe", "!netzwerk", "!treffen", "!aufgaben", "!hilfe aufgabe")

        async def burst(member: Member) -> list[str]:  # each member's own sends are limited too
            return [await member.say(room, texts[n % len(texts)]) for n in range(10)]

        sent = [e for ids in await asyncio.gather(*(burst(m) for m in members)) for e in ids]
        assert len(set(sent)) == 50
        async with asyncio.timeout(300):
            while True:
                replies = [
                    in_reply_to(e)
                    for e in await host.history(room)
                    if isinstance(e, RoomMessage) and e.sender == bot_id
                ]
                if all(i in replies for i in sent):
                    break
                await asyncio.sleep(2)
        await asyncio.sleep(3)  # a duplicate would come right behind the last answer
        replies = [
            in_reply_to(e)
            for e in await host.history(room)
            if isinstance(e, RoomMessage) and e.sender == bot_id
        ]
    finally:
        if bot is not None:
            bot.stop()
        for member in members:
            await member.close()
    assert sorted(replies.count(i) for i in sent) == [1] * 50
    assert len(replies) == 50  # nothing else answered, nothing twice
    waits = [int(ms) for ms in re.findall(r"ratelimited\), sleeping for (\d+)ms", bot.log(offset))]
    assert waits, "the bot was never rate limited: the test proves nothing"
    print(f"50 commands from 5 members: 50 replies once; {len(waits)} 429s, {sum(waits)} ms waited")
