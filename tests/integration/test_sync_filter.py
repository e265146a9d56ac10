"""The bot's sync filter against a real Synapse: what it leaves out, and what still comes.

The bot acts on what others say and on changes of the room state; its own replies and
reactions, typing notices and read receipts would only wake it (bot.sync_filter).
"""

from __future__ import annotations

import pytest
from nio import AsyncClient, RoomMessageText, SyncResponse

from bot import sync_filter
from demo.chat import Member

pytestmark = pytest.mark.integration


async def _joined_room(erika: Member, bot: AsyncClient) -> str:
    room_id = await erika.create_room("Digitalisierung Lippe", invite=[bot.user_id])
    await bot.join(room_id)
    await erika.wait_for_member(room_id, bot.user_id)
    return room_id


async def _sync(bot: AsyncClient, filter_id: str, since: str | None, **kw: object) -> SyncResponse:
    response = await bot.sync(sync_filter=filter_id, since=since, **kw)
    assert isinstance(response, SyncResponse), response
    return response


async def test_own_messages_typing_and_receipts_are_left_out_what_others_say_comes(
    erika: Member, bot_client: AsyncClient
) -> None:
    room_id = await _joined_room(erika, bot_client)
    filter_id = await sync_filter.upload(bot_client)
    first = await _sync(bot_client, filter_id, None, full_state=True, timeout=0)
    assert bot_client.user_id in bot_client.rooms[room_id].users  # its join is known

    own = await bot_client.room_send(
        room_id, "m.room.message", {"msgtype": "m.text", "body": "Antwort des Bots"}
    )
    # Only the bot's own message happened: the long-poll is not woken for it.
    quiet = await _sync(bot_client, filter_id, first.next_batch, timeout=1500)
    assert room_id not in quiet.rooms.join

    await erika.client.room_typing(room_id, typing_state=True)
    await erika.client.room_read_markers(room_id, own.event_id, own.event_id)
    said = await erika.say(room_id, "!treffen")
    seen = await _sync(bot_client, filter_id, quiet.next_batch, timeout=10_000)
    room = seen.rooms.join[room_id]
    assert [e.event_id for e in room.timeline.events] == [said]
    assert isinstance(room.timeline.events[0], RoomMessageText)
    assert room.ephemeral == []


async def test_a_room_joined_while_syncing_comes_whole_and_a_kick_comes(
    erika: Member, bot_client: AsyncClient
) -> None:
    filter_id = await sync_filter.upload(bot_client)
    first = await _sync(bot_client, filter_id, None, full_state=True, timeout=0)
    room_id = await erika.create_room("Digitalisierung Lippe", invite=[bot_client.user_id])
    invited = await _sync(bot_client, filter_id, first.next_batch, timeout=10_000)
    assert room_id in invited.rooms.invite

    await bot_client.join(room_id)
    joined = await _sync(bot_client, filter_id, invited.next_batch, timeout=10_000)
    assert room_id in joined.rooms.join  # the bot's own join: the room with its state
    room = bot_client.rooms[room_id]
    assert {erika.user_id, bot_client.user_id} <= set(room.users)
    assert room.name == "Digitalisierung Lippe"

    await erika.client.room_kick(room_id, bot_client.user_id)
    kicked = await _sync(bot_client, filter_id, joined.next_batch, timeout=10_000)
    assert room_id in kicked.rooms.leave
