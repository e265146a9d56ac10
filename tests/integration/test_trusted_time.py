"""The bot's own receive time, not the sender's `origin_server_ts`, limits a flood.

The test's application service sends as Erika with a crafted `ts` (as a lying homeserver
could): each command claims to be an hour after the one before.
"""

from __future__ import annotations

import time
from urllib.parse import quote

import aiohttp

from bot.flood import BURST
from demo.chat import Member
from tests.integration.support import lippe

HOUR_MS = 3_600_000


async def _send_claiming(synapse, room: str, user_id: str, text: str, ts: int, txn: str) -> None:
    url = (
        f"{synapse.url}/_matrix/client/v3/rooms/{quote(room)}/send/m.room.message/{txn}"
        f"?user_id={quote(user_id)}&ts={ts}"
    )
    headers = {"Authorization": f"Bearer {synapse.appservice_token}"}
    async with (
        aiohttp.ClientSession() as http,
        http.put(url, json={"msgtype": "m.text", "body": text}, headers=headers) as response,
    ):
        assert response.status == 200, await response.text()


async def test_future_timestamps_do_not_refill_a_flooders_budget(
    synapse, erika: Member, start_bot, bot_account
):
    """Forty commands at once, each claiming an hour later: the 31st starts a flood."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    bot = start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_user)
    now_ms = int(time.time() * 1000)
    for i in range(BURST + 10):
        await _send_claiming(
            synapse, room, erika.user_id, f"!hilfe {i}", now_ms + i * HOUR_MS, f"t{now_ms}-{i}"
        )
    flooder = bot.pseudonym(erika.user_id)
    await erika.wait_until(lambda: "command flood from " + flooder in bot.log(), 60)
