"""The supervised sync loop: read everything the homeserver sends, miss nothing, never die.

Each sync response is handled in order: invites are accepted or declined, and every room's
timeline is turned into invocations. When Synapse cuts a timeline short (`limited`, at most
100 events per room and sync), the loop pages back with `/messages` to the last handled
command so no command of a burst is lost (DESIGN.md invariant 7). The sync token is saved
only after the events before it are handled, and errors back off from seconds to minutes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from aiohttp import ClientError
from nio import (
    AsyncClient,
    Event,
    InviteInfo,
    InviteMemberEvent,
    JoinResponse,
    MegolmEvent,
    ReactionEvent,
    RedactionEvent,
    RoomCreateEvent,
    RoomGetEventResponse,
    RoomMemberEvent,
    RoomMessage,
    RoomMessagesResponse,
    RoomUpgradeEvent,
    SyncResponse,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import sync_filter
from bot.concurrently import concurrently
from bot.config import NetworkConfig
from bot.events import sent_at, to_invocation
from bot.membership import (
    JOINS_AT_ONCE,
    display_names,
    is_moderator,
    is_one_to_one,
    networks_of,
    room_creators,
    should_join,
)
from bot.metrics import Metrics
from bot.pipeline import CommandPipeline, Standing
from bot.reactions import ReactionRsvps
from bot.rooms import NetworkRooms
from bot.sender import Sender, reply_events
from bot.start_joins import StartJoins
from bot.undecryptable import Undecryptable
from commands.catalogue import language_or_default, t
from commands.reply import Reply
from storage import (
    deliveries,
    direct_chats,
    events,
    networks,
    retention,
    rsvps,
    state,
    subscriptions,
)
from storage.records import NetworkRecord

log = logging.getLogger(__name__)

SYNC_TOKEN_KEY = "sync_token"
SYNC_TIMEOUT_MS = 30_000
REPLY_OUT_SECONDS = 0.5
"""How long the sync loop waits for a reply to go out before its next sync (`_next_wait`)."""
ROOM_FIRST_SECONDS = 0.01
"""After a reply went out, the pause before the sync that brings the token past it, so the
homeserver hands the reply to the room first (`_next_wait`)."""
LEAVE_CHECK_SECONDS = 0.5
"""How often a group chat the bot is leaving checks whether its sentence went out."""
MAX_BACKOFF_SECONDS = 300.0
TOKEN_EVERY = timedelta(seconds=30)
"""The saved sync token is at most this old while only messages come (`_token_due`)."""
SWEEP_EVERY = timedelta(days=1)
"""How often the retention sweep runs (storage.retention)."""
MAX_PAGES = 50
"""At most this many `/messages` pages (100 events each) are read back per gap."""


class SyncLoop:
    """Keeps the bot in sync with its rooms until stopped."""

    def __init__(
        self,
        client: AsyncClient,
        sessions: async_sessionmaker[AsyncSession],
        pipeline: CommandPipeline,
        sender: Sender,
        reactions: ReactionRsvps,
        *,
        rooms: NetworkRooms,
        admins: frozenset[str],
        prefix: str,
        now: Callable[[], datetime],
        metrics: Metrics | None = None,
        keep_records_for: timedelta = timedelta(days=400),
        joins: StartJoins,
    ) -> None:
        self._client = client
        self._joins = joins
        self._held: dict[str, InviteInfo] = {}
        """Invites that came while the configured rooms were still being joined."""
        self._metrics = Metrics() if metrics is None else metrics
        self._sessions = sessions
        self._pipeline = pipeline
        self._sender = sender
        self._reactions = reactions
        self._rooms = rooms
        self._leaving: dict[str, asyncio.Task[None]] = {}
        """Group chats the bot leaves as soon as its sentence there is settled."""
        self._networks: Mapping[str, NetworkConfig] = rooms.configs  # live: upgrades move
        self._records: Mapping[str, NetworkRecord] = rooms.records
        self._admins = admins
        self._prefix = prefix
        self._now = now
        self._creators: dict[str, set[str]] = {}
        self._undecryptable = Undecryptable(
            client,
            sessions,
            on_decrypted=self._on_message,
            notify=sender.notify,
            catch_up=pipeline.catch_up,
            now=now,
        )
        self._keep_records_for = keep_records_for
        self._swept_at: datetime | None = None
        self._token_saved_at: datetime | None = None
        self.ready = asyncio.Event()

    async def run(self) -> None:
        """Sync forever; any error is logged and retried after a growing pause."""
        await self._joins.listed()  # so a restart's first sync finds its joins settled
        async with self._sessions() as session:
            token = await state.get_value(session, SYNC_TOKEN_KEY)
        full_state = True  # nio's room state lives in memory: rebuild it after every start
        backoff = 1.0
        try:
            await self._sync_forever(token, full_state, backoff)
        finally:
            self._undecryptable.stop()

    async def _sync_forever(self, token: str | None, full_state: bool, backoff: float) -> None:
        filter_id: str | None = None
        wait_ms = SYNC_TIMEOUT_MS
        while True:
            try:
                if filter_id is None:
                    filter_id = await sync_filter.upload(self._client)
                response = await self._client.sync(
                    timeout=wait_ms,
                    sync_filter=filter_id,
                    since=token,
                    full_state=full_state,
                )
                read_at = self._now()  # the bot's receive time (DESIGN.md invariant 11)
                if not isinstance(response, SyncResponse):
                    raise ConnectionError(f"sync failed: {getattr(response, 'message', response)}")
                self._joins.synced()
                await self._handle(response, read_at)
                await self._keep_keys()
                wait_ms = await self._next_wait()
                # Held invites must come again after a crash: no token saved past them.
                if not self._held and (full_state or self._token_due(response, read_at)):
                    async with self._sessions() as session, session.begin():
                        await state.set_value(session, SYNC_TOKEN_KEY, response.next_batch)
                    self._token_saved_at = read_at
                token, full_state, backoff = response.next_batch, False, 1.0
                self._metrics.synced()
                await self._sweep_daily()
                if not self.ready.is_set():
                    log.info("ikz-bot is ready as %s", self._client.user_id)
                    self.ready.set()
            except asyncio.CancelledError:
                raise
            except (OSError, TimeoutError, ClientError) as err:  # homeserver away: expected
                log.warning(
                    "sync failed; next try in %.0f s (%s)", backoff, err or type(err).__name__
                )
                filter_id = None  # a homeserver restored from a backup may not know it
                self._metrics.sync_failed(backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
            except Exception:
                log.exception("sync failed; next try in %.0f s", backoff)
                filter_id = None
                self._metrics.sync_failed(backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)

    async def _next_wait(self) -> int:
        """How long the next sync may wait for events: 0 right after a reply went out.

        The sync filter leaves the bot's own events out, so a long-poll begun before its
        reply is woken by that reply in vain, and when the next command comes Synapse
        builds the answer across the reply: about 8 ms after the member's own sync, where
        a sync begun after the reply is answered with it (`bench_latency.py --synapse-cpu`).
        One sync that does not wait brings the token past the reply. It waits
        `ROOM_FIRST_SECONDS` first: sent at once, its ~5 ms of database work in Synapse
        went ahead of the syncs that deliver the reply to the room, and the reply reached
        the member 2.3 ms later. Only after a single reply: in a burst the loop does not
        hold back for the sender.
        """
        if not await self._sender.reply_out(REPLY_OUT_SECONDS):
            return SYNC_TIMEOUT_MS
        await asyncio.sleep(ROOM_FIRST_SECONDS)
        return 0

    def _token_due(self, response: SyncResponse, now: datetime) -> bool:
        """Whether the sync's token is worth a write now: it brought something besides
        messages (a reaction, a join or leave, an invite, a state change, an undecryptable
        event), or the saved token is `TOKEN_EVERY` old.

        Messages need no write of their own: after a restart the events after the saved
        token are read again, and a command is recognised by its mark (never answered
        twice), chat is never acted on. Writing at least every `TOKEN_EVERY` keeps what a
        restart reads again short.
        """
        if self._token_saved_at is None or now - self._token_saved_at >= TOKEN_EVERY:
            return True
        rooms = response.rooms
        return bool(rooms.invite or rooms.leave) or any(
            not isinstance(event, RoomMessage)  # the bot's own events: left out by the filter
            for info in rooms.join.values()
            for event in (*info.state, *info.timeline.events)
        )

    async def _handle(self, response: SyncResponse, read_at: datetime) -> None:
        self._undecryptable.note_withheld(response.to_device_events)
        for room_id, left in response.rooms.leave.items():
            self._on_left(room_id, left.timeline.events)
        await self._on_invites(response.rooms.invite)
        for room_id, info in response.rooms.join.items():
            self._note_creators(room_id, [*info.state, *info.timeline.events])
            timeline = list(info.timeline.events)
            if info.timeline.limited and info.timeline.prev_batch:
                timeline = await self._missed(room_id, info.timeline.prev_batch) + timeline
            for event in timeline:
                await self._on_event(room_id, event, read_at)
            await self._follow_upgrade(room_id, [*info.state, *timeline])
            if room_id not in self._networks:
                await self._leave_group_chat(room_id)

    def _note_creators(self, room_id: str, state: list[Event]) -> None:
        """Remember who created each room; nio keeps the room version but not the creators."""
        for event in state:
            if isinstance(event, RoomCreateEvent):
                self._creators[room_id] = room_creators(event)

    async def _follow_upgrade(self, room_id: str, state: list[Event]) -> None:
        """Move a network whose room was upgraded to the replacement room and join it.

        Only a tombstone in the room state of a network room counts: the homeserver lets
        only someone with the power to do so send it. Commands read before it in the same
        sync are answered in the new room, as is everything still pending.
        """
        if room_id not in self._networks:
            return
        tombstone = next(
            (
                e
                for e in reversed(state)
                if isinstance(e, RoomUpgradeEvent)
                and e.source.get("state_key") == ""
                and e.replacement_room.startswith("!")
                and e.replacement_room != room_id
            ),
            None,
        )
        if tombstone is None:
            return
        new_room = tombstone.replacement_room
        record = self._records[room_id]
        if new_room in self._networks:
            log.error(
                "room %s of network %s was upgraded to %s, which serves network %s already; "
                "the network stays where it is",
                room_id,
                record.key,
                new_room,
                self._records[new_room].key,
            )
            return
        async with self._sessions() as session, session.begin():
            moved = await networks.move_network(
                session, record.id, old_room_id=room_id, new_room_id=new_room
            )
        self._rooms.move(room_id, new_room)
        log.warning(
            "room %s of network %s was upgraded: the network is served in %s from now on "
            '(%d pending messages moved there); set room_id = "%s" in [networks.%s] of the config',
            room_id,
            record.key,
            new_room,
            moved,
            new_room,
            record.key,
        )
        try:
            response = await self._client.join(new_room)
            problem = None if isinstance(response, JoinResponse) else response.message
        except (OSError, TimeoutError, ClientError) as err:  # moved already: go on syncing
            problem = str(err) or type(err).__name__
        if problem is not None:
            log.warning("cannot join %s yet (%s); waiting for an invite", new_room, problem)

    def _on_left(self, room_id: str, timeline: list[Event]) -> None:
        """Forget a room the bot is no longer in; nio would keep its members and power levels.

        Without this a kicked bot would still answer the network's members in direct chats
        and count a network it can no longer see.
        """
        self._forget(room_id)
        network = self._networks.get(room_id)
        if network is None:
            return
        how = next(
            (
                (e.membership, e.sender)
                for e in reversed(timeline)
                if isinstance(e, RoomMemberEvent) and e.state_key == self._client.user_id
            ),
            ("leave", None),
        )
        log.error(
            "the bot is no longer in the room of network %s (%s, membership %s by %s): "
            "nothing goes out for it until the bot is invited back",
            network.key,
            room_id,
            *how,
        )

    async def _on_invites(self, invites: dict[str, InviteInfo]) -> None:
        """Answer the invites side by side (a first start with many networks waits for the
        homeserver's joins, not for one after another); an error is raised once all are
        answered, the sync is retried and its invites come again.

        While the configured rooms are still being joined (bot.start_joins) the invites
        wait: whether a direct chat's inviter is a member shows only once the rooms are
        synced. A configured room's invite is answered by that join.
        """
        self._held.update(invites)
        if not self._joins.settled:
            return
        held, self._held = self._held, {}
        waiting = {r: i for r, i in held.items() if r not in self._client.rooms}
        await concurrently((self._on_invite(r, i) for r, i in waiting.items()), JOINS_AT_ONCE)

    async def _on_invite(self, room_id: str, invite: InviteInfo) -> None:
        inviter = next(
            (
                e.sender
                for e in invite.invite_state
                if isinstance(e, InviteMemberEvent) and e.state_key == self._client.user_id
            ),
            None,
        )
        if should_join(self._client, self._networks, room_id, inviter):
            response = await self._client.join(room_id)
            log.info("joined %s (invited by %s): %s", room_id, inviter, type(response).__name__)
        else:
            await self._client.room_leave(room_id)
            self._client.invited_rooms.pop(room_id, None)  # its own leave never syncs back
            log.warning(
                "declined invite to %s from %s: not a network room or member", room_id, inviter
            )

    async def _missed(self, room_id: str, token: str) -> list[Event]:
        """Events between the last handled command and `token`, oldest first."""
        collected = await self._page_back(room_id, token)
        log.info("timeline of %s was cut short; paged back %d events", room_id, len(collected))
        collected.reverse()
        return collected

    async def _page_back(self, room_id: str, token: str) -> list[Event]:
        """Newest first, stop at a handled command, the catch-up horizon or the page limit."""
        cutoff = self._now() - self._pipeline.catch_up
        collected: list[Event] = []
        for _ in range(MAX_PAGES):
            page = await self._client.room_messages(room_id, start=token, limit=100)
            read_at = self._now()
            if not isinstance(page, RoomMessagesResponse):
                log.warning("could not page back in %s: %s", room_id, page)
                return collected
            async with self._sessions() as session:
                done = await events.handled_ids(session, room_id, [e.event_id for e in page.chunk])
            for event in page.chunk:
                if event.event_id in done or sent_at(event, read_at) < cutoff:
                    return collected
                collected.append(event)
            if not page.chunk or not page.end or page.end == token:
                return collected
            token = page.end
        log.warning("stopped paging back in %s after %d pages", room_id, MAX_PAGES)
        return collected

    async def _on_event(self, room_id: str, event: Event, read_at: datetime) -> None:
        """Hand one event to where it belongs; an error here never stops the loop."""
        if getattr(event, "sender", None) == self._client.user_id:
            return
        try:
            if room_id in self._networks and isinstance(event, ReactionEvent):
                await self._reactions.reacted(
                    room_id=room_id,
                    event_id=event.event_id,
                    sender=event.sender,
                    reacts_to=event.reacts_to,
                    key=event.key,
                )
            elif room_id in self._networks and isinstance(event, RedactionEvent):
                await self._reactions.redacted(room_id=room_id, redacts=event.redacts)
            elif isinstance(event, MegolmEvent):
                await self._on_undecryptable(room_id, event, read_at)
            elif room_id in self._networks and isinstance(event, RoomMemberEvent):
                await self._on_membership(room_id, event)
            else:
                await self._on_message(room_id, event, read_at)
        except Exception:
            log.exception("could not handle event %s in %s", event.event_id, room_id)

    async def _on_membership(self, room_id: str, event: RoomMemberEvent) -> None:
        """A member who left, was kicked or banned no longer counts for upcoming meet-ups, and
        their personal links end (joining again does not bring them back)."""
        if event.membership not in ("leave", "ban") or event.state_key == self._client.user_id:
            return
        network_id = self._records[room_id].id
        async with self._sessions() as session, session.begin():
            withdrawn = await rsvps.withdraw_upcoming(
                session, network_id, event.state_key, after=self._now()
            )
            ended = await subscriptions.revoke(session, network_id, event.state_key)
        if withdrawn or ended:
            log.info(
                "a member left %s: %d answers withdrawn, %d links ended", room_id, withdrawn, ended
            )

    async def _on_message(self, room_id: str, event: Event, read_at: datetime) -> None:
        inv = to_invocation(
            event,
            room_id,
            is_direct=room_id not in self._networks,
            read_at=read_at,
            own_id=self._client.user_id,
        )
        if inv is None or not inv.text.lstrip().startswith(self._prefix):
            return
        standing = await self._standing(inv.room_id, inv.sender)
        if standing is None:
            log.info(
                "ignoring %s from %s in %s: not a network member", inv.event_id, inv.sender, room_id
            )
            return
        if inv.replaces is not None and inv.thread_root is None:
            inv = replace(inv, thread_root=await self._thread_of(room_id, inv.replaces))
        if await self._pipeline.handle(inv, standing):  # hands the stored reply over
            await asyncio.sleep(0)  # the sender starts sending it before this loop goes on

    async def _thread_of(self, room_id: str, event_id: str) -> str | None:
        """The thread of `event_id`, the event an edit replaces, read from the homeserver;
        None outside a thread or if it cannot be read.

        An edit carries only its replacement relation, so a new answer to it (the notice
        that a change is not made twice, an answer that must ring someone) would otherwise
        land in the main timeline, not in the thread Element shows the conversation in.
        Relations stay outside the ciphertext of encrypted events.
        """
        try:
            response = await self._client.room_get_event(room_id, event_id)
        except (OSError, TimeoutError, ClientError) as err:
            log.warning("could not read %s for its thread: %s", event_id, err)
            return None
        if not isinstance(response, RoomGetEventResponse):
            return None
        relation = response.event.source.get("content", {}).get("m.relates_to")
        if isinstance(relation, dict) and relation.get("rel_type") == "m.thread":
            root = relation.get("event_id")
            return root if isinstance(root, str) else None
        return None

    async def _on_undecryptable(self, room_id: str, event: MegolmEvent, read_at: datetime) -> None:
        standing = await self._standing(room_id, event.sender)
        if standing is None:
            log.info("ignoring undecryptable %s from a non-member in %s", event.event_id, room_id)
            return
        await self._undecryptable.seen(room_id, event, standing.network, read_at)

    async def _standing(self, room_id: str, sender: str) -> Standing | None:
        """The sender's network and role; None for strangers and rooms shared with strangers.

        In a direct chat the network is the only one the sender belongs to, or the one they
        chose with `!netzwerk <name>`; None (the bot asks) while a choice is missing.
        """
        mine = networks_of(self._client, self._networks, sender)
        member_of = tuple(self._records[net.room_id] for net in mine)
        network = self._networks.get(room_id)
        if network is None:
            room = self._client.rooms.get(room_id)
            shut = room_id in self._rooms.replaced  # an upgraded network room, no direct chat
            if room is None or shut or not is_one_to_one(room) or not mine:
                return None
            network = mine[0] if len(mine) == 1 else await self._chosen(sender, mine)
            if network is None:
                return Standing(network=None, is_moderator=False, member_of=member_of)
        moderator = is_moderator(
            self._client,
            network,
            sender,
            admins=self._admins,
            creators=self._creators.get(network.room_id, set()),
        )
        return Standing(
            network=self._records[network.room_id],
            is_moderator=moderator,
            member_of=member_of,
            display_names=display_names(self._client, network.room_id),
        )

    async def _chosen(self, user_id: str, mine: list[NetworkConfig]) -> NetworkConfig | None:
        """The network `user_id` chose for their direct chat, if they still belong to it."""
        async with self._sessions() as session:
            chosen = await direct_chats.chosen_network(session, user_id)
        return next((net for net in mine if self._records[net.room_id].id == chosen), None)

    async def _leave_group_chat(self, room_id: str) -> None:
        """Say once why, then leave a room with more than one other person that is no network.

        The sentence goes through the sender like every message; the bot leaves at the
        first sync after it went out (or was given up).
        """
        room = self._client.rooms.get(room_id)
        if room is None or is_one_to_one(room) or room_id in self._rooms.replaced:
            return
        language = next(
            (
                self._records[net.room_id].language
                for user in room.users
                for net in networks_of(self._client, self._networks, user)
            ),
            None,
        )
        language = language_or_default(language)
        [said_event] = reply_events(
            Reply.text(t(language, "direct.group_leave")), language=language
        )
        now = self._now()
        async with self._sessions() as session, session.begin():
            said = await deliveries.enqueue(
                session,
                key=f"leave:{room_id}",
                room_id=room_id,
                kind="reply",
                due_at=now,
                content=said_event.content,
                created_at=now,
            )
        if said.state == deliveries.PENDING:
            self._sender.notify()
            if room_id not in self._leaving:  # no later sync of that room may ever come
                self._leaving[room_id] = asyncio.create_task(self._leave_when_said(room_id))
            return
        await self._leave(room_id)

    async def _leave_when_said(self, room_id: str) -> None:
        """Leave the group chat once its sentence went out or was given up."""
        try:
            while True:
                await asyncio.sleep(LEAVE_CHECK_SECONDS)
                async with self._sessions() as session:
                    said = await deliveries.get(session, f"leave:{room_id}")
                if said is None or said.state != deliveries.PENDING:
                    break
            await self._leave(room_id)
        except Exception:
            log.exception("could not leave group chat %s", room_id)
        finally:
            self._leaving.pop(room_id, None)

    async def _leave(self, room_id: str) -> None:
        if room_id not in self._client.rooms:  # left already (a sync came first)
            return
        await self._client.room_leave(room_id)
        self._forget(room_id)  # the sync filter leaves out the bot's own leave
        log.info("left group chat %s: not a network room", room_id)

    def _forget(self, room_id: str) -> None:
        """Drop what nio and the loop know of a room the bot is no longer in."""
        self._client.rooms.pop(room_id, None)
        self._creators.pop(room_id, None)

    async def _sweep_daily(self) -> None:
        """Once a day (and after start) delete records past the retention period."""
        now = self._now()
        if self._swept_at is not None and now - self._swept_at < SWEEP_EVERY:
            return
        self._swept_at = now
        async with self._sessions() as session, session.begin():
            removed = await retention.sweep(session, now - self._keep_records_for)
        if any(removed.values()):
            log.info("retention sweep removed %s", removed)

    async def _keep_keys(self) -> None:
        """The end-to-end encryption chores nio's own sync_forever would do."""
        client = self._client
        if client.olm is None:
            return
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())
        await client.send_to_device_messages()
