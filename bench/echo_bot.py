"""The latency floor: a bare matrix-nio bot that answers every `!` message with an m.notice.

Usage: echo_bot.py HOMESERVER USER_ID PASSWORD ROOM_ID [filtered] [mentions]. It joins
ROOM_ID, skips what was said before it started, and replies (as a rich reply) in the room the
message came from. With `filtered` it syncs with ikz-bot's sync filter (bot.sync_filter: not
its own events, no typing or receipts), so its own replies no longer wake it: the homeserver
is then not busy with that sync when the next command, in another room, arrives. With
`mentions` its replies carry an empty `m.mentions`, as ikz-bot's answers do: Synapse checks
that field against a JSON schema, which costs it ~4 ms per event in an unencrypted room.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from nio import AsyncClient, LoginResponse, MatrixRoom, RoomMessageText

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's `bot`
from bot import sync_filter


async def main(
    homeserver: str,
    user_id: str,
    password: str,
    room_id: str,
    *,
    filtered: bool = False,
    mentions: bool = False,
) -> None:
    """Log in, join, sync once to skip history, then echo until SIGTERM/SIGINT."""
    client = AsyncClient(homeserver, user_id)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        login = await client.login(password, device_name="echo-bot")
        if not isinstance(login, LoginResponse):
            raise RuntimeError(f"login failed: {login}")
        await client.join(room_id)
        await client.sync(timeout=0, full_state=True)

        async def on_text(room: MatrixRoom, event: RoomMessageText) -> None:
            if event.sender == client.user_id or not event.body.startswith("!"):
                return
            await client.room_send(
                room.room_id,
                "m.room.message",
                {
                    "msgtype": "m.notice",
                    "body": event.body,
                    "m.relates_to": {"m.in_reply_to": {"event_id": event.event_id}},
                    **({"m.mentions": {}} if mentions else {}),
                },
            )

        client.add_event_callback(on_text, RoomMessageText)
        print("echo-bot is ready", flush=True)
        filter_id = await sync_filter.upload(client) if filtered else None
        syncing = asyncio.create_task(client.sync_forever(timeout=30000, sync_filter=filter_id))
        await stop.wait()
        syncing.cancel()
        await asyncio.gather(syncing, return_exceptions=True)
    finally:
        await client.close()


if __name__ == "__main__":
    flags = sys.argv[5:]
    asyncio.run(main(*sys.argv[1:5], filtered="filtered" in flags, mentions="mentions" in flags))
