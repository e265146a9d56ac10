"""What an operator monitors: counters and histograms in Prometheus form, one set per bot.

Each `Metrics` has its own registry (never prometheus-client's global one), so several bots in
one process (tests, benchmarks) count separately. The transport parts report what happened
through the small methods here; labels are only command names from the registry, outcomes and
delivery kinds, never user text, so the number of series stays bounded.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

__all__ = ["CONTENT_TYPE", "Metrics"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

_REPLY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)
_LATENESS_BUCKETS = (1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0, 6 * 3600.0, 24 * 3600.0)


class Metrics:
    """The bot's numbers, and the time of its last successful sync (read by /health)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self._commands = Counter(
            "ikz_bot_commands",
            "Commands handled, by command and outcome.",
            ["command", "outcome"],
            registry=r,
        )
        self._reply_latency = Histogram(
            "ikz_bot_reply_latency_seconds",
            "From handling a command's event to the homeserver accepting the reply.",
            buckets=_REPLY_BUCKETS,
            registry=r,
        )
        self._post_lateness = Histogram(
            "ikz_bot_post_lateness_seconds",
            "How long after its due time a scheduled post was sent, by kind.",
            ["kind"],
            buckets=_LATENESS_BUCKETS,
            registry=r,
        )
        self._deliveries_failed = Counter(
            "ikz_bot_deliveries_failed",
            "Deliveries given up after their last attempt, by kind.",
            ["kind"],
            registry=r,
        )
        self._sync_failures = Counter(
            "ikz_bot_sync_failures", "Sync requests that failed.", registry=r
        )
        self._sync_backoff = Gauge(
            "ikz_bot_sync_backoff_seconds",
            "The pause before the next sync attempt (0 while syncs succeed).",
            registry=r,
        )
        self._last_sync = Gauge(
            "ikz_bot_last_sync_timestamp_seconds",
            "Unix time of the last successful sync.",
            registry=r,
        )
        self._reused = Counter(
            "ikz_bot_answers_reused",
            "Answers of read commands served again from memory instead of worked out anew.",
            registry=r,
        )
        self._rooms = Gauge("ikz_bot_rooms_joined", "Rooms the bot is joined to.", registry=r)
        self._synced_at: float | None = None
        self.sync_failures_in_a_row = 0

    def command_handled(self, command: str, outcome: str) -> None:
        self._commands.labels(command=command, outcome=outcome).inc()

    def answer_reused(self) -> None:
        self._reused.inc()

    def reply_sent(self, latency: timedelta) -> None:
        self._reply_latency.observe(max(0.0, latency.total_seconds()))

    def post_sent(self, kind: str, lateness: timedelta) -> None:
        self._post_lateness.labels(kind=kind).observe(max(0.0, lateness.total_seconds()))

    def delivery_failed(self, kind: str) -> None:
        self._deliveries_failed.labels(kind=kind).inc()

    def synced(self) -> None:
        self._synced_at = time.monotonic()
        self._last_sync.set_to_current_time()
        self._sync_backoff.set(0)
        self.sync_failures_in_a_row = 0

    def sync_failed(self, backoff_seconds: float) -> None:
        self._sync_failures.inc()
        self._sync_backoff.set(backoff_seconds)
        self.sync_failures_in_a_row += 1

    def sync_age(self) -> float | None:
        """Seconds since the last successful sync; None before the first."""
        return None if self._synced_at is None else time.monotonic() - self._synced_at

    def count_rooms(self, rooms: Callable[[], int]) -> None:
        """Read the number of joined rooms from `rooms` whenever the metrics are collected."""
        self._rooms.set_function(rooms)

    def exposition(self) -> bytes:
        """All metrics in the Prometheus text format."""
        return generate_latest(self.registry)
