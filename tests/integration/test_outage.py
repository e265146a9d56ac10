"""The bot survives its homeserver going away and coming back, and answers what came meanwhile."""

from __future__ import annotations

import asyncio
import re

from demo.chat import Member

from .conftest import lippe


async def test_bot_recovers_after_synapse_restart(synapse, erika, start_bot, bot_account, tmp_path):
    """With Synapse down for a while the bot backs off (growing pauses) and recovers on its own."""
    room = await erika.create_room("IKZ Lippe", invite=[bot_account[0]])
    bot = start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_account[0])
    await erika.ask(room, "!hilfe")

    synapse.stop()
    await asyncio.sleep(4)
    synapse.start()

    async with Member(synapse.url, erika.user_id, erika.password, tmp_path / "again") as back:
        reply = await back.ask(room, "!netzwerk", timeout=60)
    assert reply.body.startswith("Netzwerk IKZ Digitalisierung Lippe")
    pauses = [float(p) for p in re.findall(r"sync failed; next try in (\d+) s", bot.log())]
    assert len(pauses) >= 2 and pauses == sorted(pauses) and pauses[-1] > pauses[0]
