"""The bot's direct chats against a real Synapse, when its sync shows only part of one.

A sync woken while Synapse is still writing a room the bot creates brings that room with
only its creation and the bot's join; the rest of the bot's own state (the encryption, its
invite) never follows, because the sync filter leaves out the bot's own events. The chat
must still be encrypted, and nothing may be sent before the person joined.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from nio import (
    AsyncClient,
    AsyncClientConfig,
    LoginResponse,
    RoomMessage,
    RoomSendResponse,
    SyncResponse,
)

from bot import sync_filter
from bot.direct_chats import DirectChats
from demo.chat import Member
from demo.synapse import LocalSynapse

pytestmark = pytest.mark.integration


@pytest.fixture
async def encrypting_bot(
    synapse: LocalSynapse, bot_account, tmp_path
) -> AsyncIterator[AsyncClient]:
    """The bot's account as a nio client with encryption, syncing only when told to."""
    user_id, password = bot_account
    store = tmp_path / "bot-store"
    store.mkdir()
    config = AsyncClientConfig(encryption_enabled=True)
    client = AsyncClient(synapse.url, user_id, store_path=str(store), config=config)
    assert isinstance(await client.login(password), LoginResponse)
    yield client
    await client.close()


async def _sync(bot: AsyncClient, filter_id: str, since: str, wait_ms: int) -> SyncResponse:
    response = await bot.sync(sync_filter=filter_id, since=since, timeout=wait_ms)
    assert isinstance(response, SyncResponse), response
    return response


async def test_a_chat_opened_during_a_sync_is_encrypted_and_waits_for_the_join(
    erika: Member, encrypting_bot: AsyncClient, sessions
) -> None:
    filter_id = await sync_filter.upload(encrypting_bot)
    first = await encrypting_bot.sync(sync_filter=filter_id, full_state=True, timeout=0)
    assert isinstance(first, SyncResponse)
    chats = DirectChats(encrypting_bot, sessions)

    polling = asyncio.create_task(_sync(encrypting_bot, filter_id, first.next_batch, 10_000))
    await asyncio.sleep(0.3)  # the long-poll is waiting when the room is created
    assert await chats.room_for(erika.user_id) is None  # opened; Erika is only invited
    woken = await polling
    [room_id] = woken.rooms.join
    room = encrypting_bot.rooms[room_id]
    assert "m.room.encryption" not in {e.source["type"] for e in woken.rooms.join[room_id].state}
    assert erika.user_id not in room.users  # the bot's own invite did not come either

    assert room.encrypted  # marked by the bot itself when it opened the chat
    assert await chats.room_for(erika.user_id) is None  # the homeserver says: invited

    await erika.wait_until(lambda: room_id in erika.client.invited_rooms)
    await erika.join(room_id)
    await _sync(encrypting_bot, filter_id, woken.next_batch, 10_000)
    assert await chats.room_for(erika.user_id) == room_id
    sent = await encrypting_bot.room_send(
        room_id,
        "m.room.message",
        {"msgtype": "m.text", "body": "Ihr Kalender-Link"},
        ignore_unverified_devices=True,
    )
    assert isinstance(sent, RoomSendResponse), sent

    def arrived() -> list[RoomMessage]:
        return [e for e in erika.received[room_id] if e.event_id == sent.event_id]

    await erika.wait_until(arrived)
    [seen] = arrived()
    assert seen.decrypted and seen.body == "Ihr Kalender-Link"
