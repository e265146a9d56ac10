"""Joining the configured rooms at a start, against a real Synapse.

The bot does not wait for its joins before it syncs and arms its posts; only a post for a
room still being joined waits, until a sync has brought the room's members (bot.start_joins).
"""

from __future__ import annotations

import asyncio

import pytest
from nio import AsyncClient, SyncResponse

from bot.config import NetworkConfig
from bot.start_joins import StartJoins
from demo.chat import Member

pytestmark = pytest.mark.integration


def _network(room_id: str, n: int) -> NetworkConfig:
    return NetworkConfig(key=f"net{n}", room_id=room_id, name=f"IKZ Netzwerk {n}")


async def _done_at_once(waiting: asyncio.Future[None]) -> bool:
    """Whether `waiting` is done once everything that is ready has run."""
    for _ in range(20):
        await asyncio.sleep(0)
    return waiting.done()


async def test_only_a_post_for_a_room_being_joined_waits_and_only_until_it_is_synced(
    erika: Member, bot_client: AsyncClient
) -> None:
    await erika.client.set_displayname("Erika Musterfrau")
    bot_id = bot_client.user_id
    already = await erika.create_room("IKZ Lippe", invite=[bot_id])
    joining = await erika.create_room("IKZ Herford", invite=[bot_id])
    closed = await erika.create_room("IKZ Minden-Lübbecke", invite=[])  # the bot may not join
    await bot_client.join(already)  # in it since an earlier start
    first = await bot_client.sync(full_state=True, timeout=0)
    assert isinstance(first, SyncResponse)

    joins = StartJoins(
        bot_client, [_network(r, n) for n, r in enumerate([already, joining, closed])]
    )
    await joins.run()
    assert joining not in bot_client.rooms  # joined on the homeserver, not synced yet

    assert await _done_at_once(asyncio.ensure_future(joins.ready(already)))
    assert await _done_at_once(asyncio.ensure_future(joins.ready(closed)))  # refused: no wait
    waiting = asyncio.ensure_future(joins.ready(joining))
    assert not await _done_at_once(waiting)

    joins.synced()  # a sync that did not bring the room changes nothing
    assert not await _done_at_once(waiting)
    since = first.next_batch
    while joining not in bot_client.rooms:
        response = await bot_client.sync(since=since, timeout=10_000)
        assert isinstance(response, SyncResponse)
        since = response.next_batch
    joins.synced()
    await asyncio.wait_for(waiting, 5)
    assert bot_client.rooms[joining].users[erika.user_id].display_name == "Erika Musterfrau"
