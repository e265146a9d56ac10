"""A real Matrix user for the demo, the integration tests and benchmarks: a matrix-nio client.

It logs in, syncs in the background (which also does the encryption chores), creates rooms,
says things, and waits for the bot's replies. Nothing here is faked.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections import defaultdict
from collections.abc import Callable, Collection
from pathlib import Path

from nio import (
    AsyncClient,
    AsyncClientConfig,
    Event,
    LocalProtocolError,
    LoginResponse,
    MatrixRoom,
    RoomCreateResponse,
    RoomMessage,
    RoomMessagesResponse,
    RoomSendResponse,
)


class Member:
    """One person in the chat, e.g. Erika Musterfrau, CDO of a Lippe municipality."""

    def __init__(self, homeserver: str, user_id: str, password: str, store_dir: Path) -> None:
        store_dir.mkdir(parents=True, exist_ok=True)
        config = AsyncClientConfig(encryption_enabled=True, store_sync_tokens=True)
        self.client = AsyncClient(homeserver, user_id, store_path=str(store_dir), config=config)
        self.user_id = user_id
        self.password = password
        self.received: dict[str, list[Event]] = defaultdict(list)
        self._sync_task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Member:
        await self.login()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def login(self) -> None:
        """Log in and start syncing in the background."""
        response = await self.client.login(self.password, device_name="member")
        if not isinstance(response, LoginResponse):
            raise RuntimeError(f"login of {self.user_id} failed: {response}")
        self.client.add_event_callback(self._on_message, RoomMessage)
        await self.client.sync(timeout=0, full_state=True)
        self._sync_task = asyncio.create_task(self._sync())

    async def _sync(self) -> None:
        """Sync until closed, through nio's one known way of giving up.

        nio's `sync_forever` asks for device keys in a task of its own. When another call
        (nio's `room_send`, or `_know_devices`) got the answer first, that task finds nothing
        left to ask, raises `LocalProtocolError` and ends the loop: this member then never
        saw another message (the bot's replies included). Start it again, after a pause that
        keeps an error raised at once (say, logged out) from spinning the event loop.
        """
        while True:
            with contextlib.suppress(LocalProtocolError):
                await self.client.sync_forever(timeout=2000)
            await asyncio.sleep(0.1)

    async def close(self) -> None:
        """Stop syncing and close the connection."""
        if self._sync_task is not None:
            self._sync_task.cancel()
            await asyncio.gather(self._sync_task, return_exceptions=True)
        await self.client.close()

    async def create_room(self, name: str, invite: list[str], *, encrypted: bool = False) -> str:
        """A private room with `invite` invited; encrypted on request."""
        initial_state = []
        if encrypted:
            initial_state.append(
                {
                    "type": "m.room.encryption",
                    "state_key": "",
                    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
                }
            )
        response = await self.client.room_create(
            name=name, invite=invite, initial_state=initial_state
        )
        if not isinstance(response, RoomCreateResponse):
            raise RuntimeError(f"creating room {name!r} failed: {response}")
        await self.wait_until(lambda: response.room_id in self.client.rooms)
        return response.room_id

    async def invite(self, room_id: str, user_id: str) -> None:
        """Invite someone into a room this member is in."""
        await self.client.room_invite(room_id, user_id)

    async def join(self, room_id: str) -> None:
        """Join a room this member was invited to."""
        await self.client.join(room_id)
        await self.wait_until(lambda: room_id in self.client.rooms)

    async def say(self, room_id: str, text: str) -> str:
        """Send `text` as a normal message; return its event id."""
        await self._know_devices(room_id)
        response = await self.client.room_send(
            room_id,
            "m.room.message",
            {"msgtype": "m.text", "body": text},
            ignore_unverified_devices=True,
        )
        if not isinstance(response, RoomSendResponse):
            raise RuntimeError(f"sending {text!r} failed: {response}")
        return response.event_id

    async def _know_devices(self, room_id: str) -> None:
        """Fetch the devices of members of an encrypted room who show none yet.

        A member gets a message's key only if their devices are known. nio queried the bot's
        devices when it was invited, maybe before the bot first logged in, and did not always
        ask again when the bot joined: a message sent right then was unreadable to it.
        """
        room = self.client.rooms.get(room_id)
        olm = self.client.olm
        if room is None or not room.encrypted or olm is None:
            return
        store = self.client.device_store
        unknown = {
            user
            for user in room.users
            if user != self.user_id and not any(store.active_user_devices(user))
        }
        olm.users_for_key_query.update(unknown)
        if self.client.should_query_keys:
            await self.client.keys_query()

    async def react(self, room_id: str, event_id: str, key: str) -> str:
        """React to a message with an emoji (e.g. ✅ to say yes to a meet-up)."""
        content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}
        response = await self.client.room_send(
            room_id, "m.reaction", content, ignore_unverified_devices=True
        )
        if not isinstance(response, RoomSendResponse):
            raise RuntimeError(f"reacting {key} failed: {response}")
        return response.event_id

    async def reply_to(self, room_id: str, event_id: str, timeout: float = 30.0) -> RoomMessage:
        """Wait for the first message that replies to `event_id`."""
        found: list[RoomMessage] = []

        def replied() -> bool:
            found[:] = [e for e in self.received[room_id] if in_reply_to(e) == event_id]
            return bool(found)

        await self.wait_until(replied, timeout)
        return found[0]

    async def ask(self, room_id: str, text: str, timeout: float = 30.0) -> RoomMessage:
        """Say `text` and return the reply to it."""
        return await self.reply_to(room_id, await self.say(room_id, text), timeout)

    async def wait_for_member(
        self, room_id: str, user_id: str, *, joined: bool = True, timeout: float = 30.0
    ) -> None:
        """Wait until `user_id` has joined (or left) `room_id` as this member sees it."""

        def settled() -> bool:
            room = self.client.rooms.get(room_id)
            return room is not None and (user_id in room.users) == joined

        await self.wait_until(settled, timeout)

    async def history(self, room_id: str, max_events: int = 5000) -> list[Event]:
        """The room's timeline as the server stores it (`/messages`), oldest first."""
        events: list[Event] = []
        token: str | None = None
        while len(events) < max_events:
            page = await self.client.room_messages(room_id, start=token, limit=500)
            if not isinstance(page, RoomMessagesResponse):
                raise RuntimeError(f"reading history of {room_id} failed: {page}")
            events.extend(page.chunk)
            if not page.chunk or not page.end:
                break
            token = page.end
        events.reverse()
        return events

    async def link_from(
        self,
        sender: str,
        pattern: re.Pattern[str],
        *,
        known: Collection[str] = (),
        since_ms: int = 0,
        timeout: float = 60.0,
    ) -> str:
        """The first link matching `pattern` that `sender` sent (and that is not in `known`),
        joining any room this member is invited to meanwhile (the bot's direct chat).

        `since_ms` (server time) skips older messages: a direct chat's history from an earlier
        run can hold links that are no longer valid."""
        async with asyncio.timeout(timeout):
            while True:
                for room_id in list(self.client.invited_rooms):
                    await self.join(room_id)
                for events in self.received.values():
                    for event in events:
                        if event.sender != sender or event.server_timestamp < since_ms:
                            continue
                        fresh = [u for u in pattern.findall(event.body) if u not in known]
                        if fresh:
                            return fresh[0]
                await asyncio.sleep(0.2)

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 30.0) -> None:
        """Wait until `condition()` holds; the background sync updates what it looks at."""
        async with asyncio.timeout(timeout):
            while not condition():
                if self._sync_task is not None and self._sync_task.done():
                    self._sync_task.result()  # raises why this member stopped syncing
                    raise RuntimeError(f"{self.user_id} stopped syncing")
                await asyncio.sleep(0.05)

    async def _on_message(self, room: MatrixRoom, event: RoomMessage) -> None:
        self.received[room.room_id].append(event)


def in_reply_to(event: Event) -> str | None:
    """The event id a message replies to, if any."""
    relates = event.source.get("content", {}).get("m.relates_to") or {}
    return (relates.get("m.in_reply_to") or {}).get("event_id")
