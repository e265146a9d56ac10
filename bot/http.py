"""The bot's one HTTP listener: health for supervisors, metrics for Prometheus, and the
personal links people get from the bot (calendar feed, overview page; see bot/http_links.py).

It is aiohttp's web server in the bot's own event loop (aiohttp comes with matrix-nio), so it
costs no thread and sees the live state of the sync loop and scheduler. Every error answer is
a bare status line: a stranger probing the port learns nothing about the bot or its data.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from nio import AsyncClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Config, HttpConfig
from bot.http_calendar import ROUTE as CALENDAR_ROUTE
from bot.http_calendar import CalendarFeed
from bot.http_links import LinkCheck
from bot.http_page import ROUTE as PAGE_ROUTE
from bot.http_page import OverviewPage
from bot.membership import is_member
from bot.metrics import CONTENT_TYPE, Metrics
from bot.rooms import NetworkRooms
from commands.context import Clock

__all__ = [
    "FAILED_SYNCS",
    "MAX_SYNC_AGE_SECONDS",
    "Health",
    "HttpListener",
    "ListenFailed",
    "StandbyHealth",
    "listener_for",
    "standby_listener",
]

log = logging.getLogger(__name__)

MAX_SYNC_AGE_SECONDS = 90.0
"""A sync long-polls for up to 30 s; no success for three times that means trouble."""
FAILED_SYNCS = 3
"""This many failed syncs in a row also mean trouble (the homeserver refuses or is gone), so
an outage shows before the age runs out; one failure alone is a hiccup."""
DATABASE_TIMEOUT_SECONDS = 5.0
NO_STORE = {"Cache-Control": "no-store"}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True, slots=True)
class Health:
    """Where /health looks: the sync's heartbeat, the database, the scheduler, the rooms."""

    metrics: Metrics
    sessions: async_sessionmaker[AsyncSession]
    scheduler_running: Callable[[], bool]
    rooms: Callable[[], Mapping[str, bool]]
    """Network key → whether the bot is joined to that network's room."""
    role: Callable[[], str] = lambda: "active"
    """"active", or "standby" for a second process waiting for the database lock."""

    async def report(self) -> tuple[bool, dict[str, Any]]:
        """(healthy, the JSON body): which parts work and which fail."""
        age = self.metrics.sync_age()
        sync_ok = (
            age is not None
            and age <= MAX_SYNC_AGE_SECONDS
            and self.metrics.sync_failures_in_a_row < FAILED_SYNCS
        )
        database = await self._database()
        scheduler = "running" if self.scheduler_running() else "stopped"
        failing = [
            part
            for part, ok in (
                ("sync", sync_ok),
                ("database", database == "ok"),
                ("scheduler", scheduler == "running"),
            )
            if not ok
        ]
        body = {
            "status": "failing" if failing else "ok",
            "failing": failing,
            "sync_age_seconds": None if age is None else round(age, 1),
            "database": database,
            "scheduler": scheduler,
            "rooms": {
                key: "joined" if joined else "not joined" for key, joined in self.rooms().items()
            },
            "role": self.role(),
        }
        return not failing, body

    async def _database(self) -> str:
        return await database_state(self.sessions)


@dataclass(frozen=True, slots=True)
class StandbyHealth:
    """/health of a process waiting for the database lock (bot/instance_lock.py): it syncs
    nothing and plans nothing, so it is well as long as it can reach the database, where the
    lock it waits for lives. Docker then keeps it, ready to take over."""

    sessions: async_sessionmaker[AsyncSession]

    async def report(self) -> tuple[bool, dict[str, Any]]:
        """(healthy, the JSON body) with `"role": "standby"`."""
        database = await database_state(self.sessions)
        failing = [] if database == "ok" else ["database"]
        body = {
            "status": "failing" if failing else "ok",
            "failing": failing,
            "database": database,
            "role": "standby",
        }
        return not failing, body


async def database_state(sessions: async_sessionmaker[AsyncSession]) -> str:
    """ "ok" if the database answers a trivial query in time, else "unreachable"."""
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS), sessions() as session:
            await session.execute(text("SELECT 1"))
    except Exception as err:  # what exactly failed goes to the log, not to the prober
        log.warning("health: the database does not answer (%s)", type(err).__name__)
        return "unreachable"
    return "ok"


def standby_listener(
    config: Config, sessions: async_sessionmaker[AsyncSession]
) -> HttpListener | None:
    """The listener of a standby: /health only; None if the config switches HTTP off."""
    if not config.http.enabled:
        return None
    return HttpListener(config.http, StandbyHealth(sessions), metrics=None)


def listener_for(
    config: Config,
    client: AsyncClient,
    sessions: async_sessionmaker[AsyncSession],
    scheduler_running: Callable[[], bool],
    metrics: Metrics,
    rooms: NetworkRooms,
    *,
    now: Clock,
) -> HttpListener | None:
    """The listener the config asks for, wired to the running bot; None if switched off."""

    def joined(room_id: str) -> bool:  # nio keeps a room it was kicked from: ask its state
        return is_member(client, room_id, client.user_id)

    metrics.count_rooms(lambda: sum(map(joined, list(client.rooms))))
    if not config.http.enabled:
        return None
    health = Health(
        metrics,
        sessions,
        scheduler_running,
        rooms=lambda: {net.key: joined(net.room_id) for net in rooms.configs.values()},
    )
    links = LinkCheck(sessions, rooms.record, lambda room, user: is_member(client, room, user))
    feed = CalendarFeed(links, now, config.bot.command_prefix)
    page = OverviewPage(
        links, now, config.bot.command_prefix, lambda room, user: _display_name(client, room, user)
    )
    return HttpListener(
        config.http, health, metrics, pages=[(CALENDAR_ROUTE, feed.get), (PAGE_ROUTE, page.get)]
    )


def _display_name(client: AsyncClient, room_id: str, user_id: str) -> str | None:
    """The person's display name in the room as the last sync told it; None if unknown."""
    room = client.rooms.get(room_id)
    user = room.users.get(user_id) if room is not None else None
    return user.display_name if user is not None else None


class ListenFailed(Exception):
    """The configured address is taken or not allowed; the message says which and why."""


class HttpListener:
    """Serves /health, /metrics (unless `metrics` is None: a standby) and the given `pages` on
    the configured address until stopped."""

    def __init__(
        self,
        config: HttpConfig,
        health: Health | StandbyHealth,
        metrics: Metrics | None,
        pages: Sequence[tuple[str, Handler]] = (),
    ) -> None:
        self._config = config
        self._health = health
        self._metrics = metrics
        self._pages = tuple(pages)
        self._runner: web.AppRunner | None = None

    def app(self) -> web.Application:
        """The routes; also used by tests through aiohttp's test client."""
        app = web.Application(middlewares=[_without_details], client_max_size=1024)
        app.router.add_get("/health", self._get_health)
        if self._metrics is not None:
            app.router.add_get("/metrics", self._get_metrics)
        for path, handler in self._pages:
            app.router.add_get(path, handler)
        app.on_response_prepare.append(_plain_server_header)
        return app

    async def start(self) -> None:
        """Bind and listen; raises ListenFailed at once if the address cannot be used."""
        runner = web.AppRunner(self.app(), access_log=None, handle_signals=False)
        await runner.setup()
        address = f"{self._config.host}:{self._config.port}"
        try:
            await web.TCPSite(runner, self._config.host, self._config.port).start()
        except OSError as err:
            await runner.cleanup()
            raise ListenFailed(f"cannot listen on {address} ({err.strerror or err})") from err
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        log.info("HTTP listener on %s", address)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _get_health(self, _request: web.Request) -> web.Response:
        healthy, body = await self._health.report()
        return web.json_response(body, status=200 if healthy else 503, headers=NO_STORE)

    async def _get_metrics(self, _request: web.Request) -> web.Response:
        assert self._metrics is not None, "no /metrics route without metrics"
        return web.Response(
            body=self._metrics.exposition(),
            headers={"Content-Type": CONTENT_TYPE, **NO_STORE},
        )


@web.middleware
async def _without_details(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Error answers carry only their status line; a crash is logged, never shown."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return _bare(exc.status, exc.reason, exc.headers.get("Allow"))
    except Exception:
        log.exception("HTTP %s %s failed", request.method, request.path)
        return _bare(500, "Internal Server Error")


def _bare(status: int, reason: str, allow: str | None = None) -> web.Response:
    headers = {"Allow": allow} if allow else {}
    return web.Response(status=status, text=f"{status} {reason}\n", headers=headers)


async def _plain_server_header(_request: web.Request, response: web.StreamResponse) -> None:
    """No library or Python version in the Server header."""
    response.headers["Server"] = "ikz-bot"
