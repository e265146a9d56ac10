"""The composition root: builds storage, client, sender, pipeline and sync loop, and runs them.

Nothing else creates these objects or holds them in globals, so tests and the demo run the
real bot by building a `BotApp` from a config.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from datetime import timedelta
from pathlib import Path

from nio import AsyncClient, AsyncClientConfig
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import utc_now
from bot.config import Config, NetworkConfig
from bot.crypto_store import CryptoStore
from bot.flood import FloodLimiter
from bot.http import listener_for
from bot.identity import cross_sign_device
from bot.membership import display_names
from bot.metrics import Metrics
from bot.networks import store_network
from bot.pipeline import CommandPipeline
from bot.reactions import ReactionRsvps
from bot.rooms import NetworkRooms
from bot.scheduler import PostScheduler
from bot.sender import Sender
from bot.session import log_in
from bot.start_joins import StartJoins
from bot.sync import SyncLoop
from commands.context import Clock
from commands.posts.action_source import ActionPosts
from commands.posts.meetup_source import MeetupPosts
from commands.table import default_registry
from storage import networks
from storage.db import create_engine, session_factory
from storage.migrate import prepare
from storage.records import NetworkRecord

log = logging.getLogger(__name__)

DONE_ONCE = frozenset({"joins", "scheduler"})
"""The bot's tasks that end once their start-up work is done; any other that ends is a fault."""


class BotApp:
    """One running bot for all configured networks."""

    def __init__(self, config: Config, now: Clock = utc_now) -> None:
        self._config = config
        self._now = now
        self.ready = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        """Run until `stop` is set; raises if a part of the bot ends unexpectedly."""
        config = self._config
        _private_data_dir(config.bot.data_dir)
        engine = create_engine(config.bot.database_url)
        sessions = session_factory(engine)
        client = self._client()
        # The homeserver answers the login while the database is prepared: the round trips
        # and the schema work overlap instead of adding up.
        matrix = asyncio.create_task(self._log_in(client), name="login")
        try:
            rooms = await self._prepare_storage(engine, sessions)
            await matrix
            await self._serve(client, sessions, rooms, stop)
        finally:
            matrix.cancel()
            await asyncio.gather(matrix, return_exceptions=True)
            await client.close()
            await engine.dispose()

    async def _prepare_storage(
        self, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
    ) -> NetworkRooms:
        revision = await prepare(engine)
        log.info("database at revision %s", revision)
        return await self._sync_networks(sessions)

    async def _log_in(self, client: AsyncClient) -> None:
        """Log in (or restore the session) and make sure the device is cross-signed."""
        config = self._config
        await log_in(client, config.matrix, config.bot.data_dir)
        if client.olm is not None:
            await cross_sign_device(client, config.bot.data_dir, config.matrix.password)

    def _client(self) -> AsyncClient:
        matrix = self._config.matrix
        client_config = AsyncClientConfig(
            encryption_enabled=matrix.encryption,
            store=CryptoStore,
            store_sync_tokens=False,
            max_limit_exceeded=10,
            max_timeouts=3,
        )
        store = self._config.bot.data_dir / "crypto"
        store.mkdir(parents=True, exist_ok=True, mode=0o700)
        return AsyncClient(
            matrix.homeserver, matrix.user_id, store_path=str(store), config=client_config
        )

    async def _sync_networks(self, sessions: async_sessionmaker[AsyncSession]) -> NetworkRooms:
        """Store every configured network and seed its municipalities; a network whose room
        was upgraded stays in the replacement room (storage.networks.sync_network)."""
        pairs: list[tuple[NetworkConfig, NetworkRecord]] = []
        async with sessions() as session, session.begin():
            for net in self._config.networks:
                record, added = await store_network(session, net)
                if added:
                    log.info("network %s: added %d municipalities", net.key, added)
                if record.room_id != net.room_id:
                    log.warning(
                        "network %s: room %s was upgraded, serving it in %s; "
                        'set room_id = "%s" in [networks.%s] of the config',
                        net.key,
                        net.room_id,
                        record.room_id,
                        record.room_id,
                        net.key,
                    )
                pairs.append((net, record))
            upgraded = await networks.recorded_upgrades(session)
        return NetworkRooms(pairs, replaced=upgraded)

    async def _serve(
        self,
        client: AsyncClient,
        sessions: async_sessionmaker[AsyncSession],
        rooms: NetworkRooms,
        stop: asyncio.Event,
    ) -> None:
        config = self._config
        metrics = Metrics()
        sender = Sender(client, sessions, self._now, metrics)
        joins = StartJoins(client, rooms.configs.values())
        by_id = rooms.by_id

        def shown_names(room_id: str) -> dict[str, str]:
            return display_names(client, room_id)

        scheduler = PostScheduler(
            sessions,
            sender,
            networks=by_id,
            sources=[MeetupPosts(by_id, shown_names), ActionPosts(by_id, shown_names)],
            now=self._now,
            room_ready=joins.ready,
        )

        pipeline = CommandPipeline(
            sessions,
            default_registry(),
            prefix=config.bot.command_prefix,
            catch_up=timedelta(minutes=config.bot.catch_up_minutes),
            now=self._now,
            posts_for=lambda network_id: by_id[network_id][1].posts,
            on_change=scheduler.after_change,
            on_stored=sender.hand_over,
            send_first=sender.send_first,
            flood=FloodLimiter(exempt=config.bot.admins),
            metrics=metrics,
            links_url=config.http.links_url(),
        )
        loop = SyncLoop(
            client,
            sessions,
            pipeline,
            sender,
            ReactionRsvps(sessions, self._now, rooms.ids, on_change=scheduler.request_edits),
            rooms=rooms,
            admins=frozenset(config.bot.admins),
            prefix=config.bot.command_prefix,
            now=self._now,
            metrics=metrics,
            keep_records_for=timedelta(days=config.bot.retention_days),
            joins=joins,
        )
        listener = listener_for(
            config, client, sessions, lambda: scheduler.running, metrics, rooms, now=self._now
        )
        if listener is not None:
            await listener.start()
        tasks = {
            asyncio.create_task(loop.run(), name="sync"),
            asyncio.create_task(joins.run(), name="joins"),
            asyncio.create_task(sender.run(after=loop.ready), name="sender"),
            asyncio.create_task(self._when_synced(loop, scheduler), name="scheduler"),
        }
        stopping = asyncio.create_task(stop.wait(), name="stop")
        try:
            waiting = {*tasks, stopping}
            while stopping in waiting:
                done, waiting = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
                for task in done - {stopping}:
                    if task.get_name() not in DONE_ONCE or task.exception() is not None:
                        raise RuntimeError(
                            f"the {task.get_name()} task ended unexpectedly"
                        ) from task.exception()
        finally:
            if listener is not None:
                await listener.stop()
            scheduler.stop()
            for task in (*tasks, stopping):
                task.cancel()
            await asyncio.gather(*tasks, stopping, return_exceptions=True)

    async def _when_synced(self, loop: SyncLoop, scheduler: PostScheduler) -> None:
        """Plan posts alongside the first sync; the due ones are stored once it has told us
        the rooms (encryption, members), and a room joined at this start once a sync brought
        it (bot.start_joins)."""
        started = time.perf_counter()
        await scheduler.start(synced=loop.ready)
        log.info(
            "post schedule built: %d posts planned in %.2f s",
            len(scheduler.planned_jobs()),
            time.perf_counter() - started,
        )
        self.ready.set()


def _private_data_dir(data_dir: Path) -> None:
    """Only the bot's user may read what it keeps: the directory 0700, every file it creates
    (database, crypto store, session) 0600, also when the directory already exists (a Docker
    volume): mkdir's mode is ignored then, so chmod and the process umask do it."""
    os.umask(0o077)
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    data_dir.chmod(0o700)
