"""The HTTP listener on a real port: health's verdict, metrics' text, and bare error answers."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import create_async_engine

from bot.config import HttpConfig
from bot.http import FAILED_SYNCS, Health, HttpListener, ListenFailed
from bot.metrics import Metrics
from demo.synapse import free_port
from storage.db import session_factory


class Parts:
    """The state /health looks at, changeable by a test."""

    def __init__(self) -> None:
        self.scheduler = True
        self.rooms = {"lippe": True, "owl": False}


@contextlib.asynccontextmanager
async def _listening(sessions) -> AsyncIterator[tuple[str, Metrics, Parts]]:
    """A listener on a free loopback port over `sessions`: its base URL, metrics and parts."""
    metrics, parts = Metrics(), Parts()
    health = Health(metrics, sessions, lambda: parts.scheduler, lambda: parts.rooms)
    port = free_port()
    listener = HttpListener(HttpConfig(port=port), health, metrics)
    await listener.start()
    try:
        yield f"http://127.0.0.1:{port}", metrics, parts
    finally:
        await listener.stop()


@pytest.fixture
async def served(sessions) -> AsyncIterator[tuple[str, Metrics, Parts]]:
    """A listener over a migrated database."""
    async with _listening(sessions) as parts:
        yield parts


async def _get(url: str, method: str = "GET") -> tuple[int, dict[str, str], str]:
    async with aiohttp.ClientSession() as http, http.request(method, url) as response:
        return response.status, dict(response.headers), await response.text()


async def test_health_is_200_when_synced_with_database_and_scheduler(served) -> None:
    """After a sync, with the database answering and the scheduler running, all is well."""
    base, metrics, _ = served
    metrics.synced()

    status, headers, body = await _get(base + "/health")

    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    report = json.loads(body)
    assert report["status"] == "ok" and report["failing"] == []
    assert 0 <= report["sync_age_seconds"] < 5
    assert (report["database"], report["scheduler"], report["role"]) == ("ok", "running", "active")
    assert report["rooms"] == {"lippe": "joined", "owl": "not joined"}


async def test_health_is_503_naming_each_failing_part(tmp_path) -> None:
    """Before the first sync, with the scheduler stopped and no database to reach: 503."""
    gone = create_async_engine(f"sqlite+aiosqlite:///{tmp_path}/missing-dir/ikz.sqlite3")
    try:
        async with _listening(session_factory(gone)) as (base, _, parts):
            parts.scheduler = False
            status, _, body = await _get(base + "/health")
    finally:
        await gone.dispose()

    assert status == 503
    report = json.loads(body)
    assert report["status"] == "failing"
    assert report["failing"] == ["sync", "database", "scheduler"]
    assert report["sync_age_seconds"] is None
    assert (report["database"], report["scheduler"]) == ("unreachable", "stopped")
    assert str(tmp_path) not in body


async def test_failed_syncs_in_a_row_turn_health_503_until_the_next_success(served) -> None:
    """One failure is a hiccup; three in a row mean the homeserver is away."""
    base, metrics, _ = served
    metrics.synced()
    metrics.sync_failed(1.0)
    assert (await _get(base + "/health"))[0] == 200

    for _ in range(FAILED_SYNCS - 1):
        metrics.sync_failed(2.0)
    status, _, body = await _get(base + "/health")
    assert status == 503 and json.loads(body)["failing"] == ["sync"]

    metrics.synced()
    assert (await _get(base + "/health"))[0] == 200


async def test_metrics_in_prometheus_text(served) -> None:
    """/metrics is parseable Prometheus text with what the bot reported."""
    base, metrics, _ = served
    metrics.command_handled("hilfe", "ok")
    metrics.command_handled("hilfe", "ok")
    metrics.command_handled("treffen", "usage")
    metrics.reply_sent(timedelta(milliseconds=300))
    metrics.post_sent("reminder", timedelta(minutes=3))
    metrics.delivery_failed("agenda")
    metrics.sync_failed(4.0)
    metrics.count_rooms(lambda: 2)

    status, headers, text = await _get(base + "/metrics")

    assert status == 200 and headers["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    assert samples[("ikz_bot_commands_total", (("command", "hilfe"), ("outcome", "ok")))] == 2
    assert samples[("ikz_bot_commands_total", (("command", "treffen"), ("outcome", "usage")))] == 1
    assert samples[("ikz_bot_reply_latency_seconds_count", ())] == 1
    assert samples[("ikz_bot_reply_latency_seconds_bucket", (("le", "0.5"),))] == 1
    assert samples[("ikz_bot_reply_latency_seconds_bucket", (("le", "0.25"),))] == 0
    assert samples[("ikz_bot_post_lateness_seconds_sum", (("kind", "reminder"),))] == 180
    assert samples[("ikz_bot_deliveries_failed_total", (("kind", "agenda"),))] == 1
    assert samples[("ikz_bot_sync_failures_total", ())] == 1
    assert samples[("ikz_bot_sync_backoff_seconds", ())] == 4
    assert samples[("ikz_bot_rooms_joined", ())] == 2


def test_each_bot_counts_in_its_own_registry() -> None:
    """Two Metrics in one process do not share numbers (nor the global registry)."""
    first, second = Metrics(), Metrics()
    first.command_handled("hilfe", "ok")
    assert b'ikz_bot_commands_total{command="hilfe",outcome="ok"} 1.0' in first.exposition()
    assert b"ikz_bot_commands_total{" not in second.exposition()


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 404),
        ("GET", "/health/../../etc/passwd", 404),
        ("GET", "/kalender/%00%ff", 404),
        ("POST", "/health", 405),
        ("DELETE", "/metrics", 405),
    ],
)
async def test_bad_requests_get_a_bare_4xx(served, method: str, path: str, status: int) -> None:
    """Unknown paths and methods get their status line only: no library, version or path."""
    base, _, _ = served

    got, headers, body = await _get(base + path, method)

    assert got == status
    assert body in (f"{status} Not Found\n", f"{status} Method Not Allowed\n")
    assert headers["Server"] == "ikz-bot"


async def test_a_taken_port_fails_at_start(sessions) -> None:
    """A second listener on the same address raises at once instead of serving nothing."""
    metrics = Metrics()
    health = Health(metrics, sessions, lambda: True, dict)
    config = HttpConfig(port=free_port())
    first = HttpListener(config, health, metrics)
    await first.start()
    try:
        with pytest.raises(ListenFailed, match=rf"cannot listen on 127.0.0.1:{config.port} \("):
            await HttpListener(config, health, metrics).start()
    finally:
        await first.stop()
