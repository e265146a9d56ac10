"""Under a strict message rate limit every command is still answered: 429s are waited out."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from nio import RoomMessage

from demo.botconfig import write_bot_config
from demo.chat import Member, in_reply_to
from demo.synapse import LocalSynapse, RateLimits

from .conftest import BotProcess, lippe


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
