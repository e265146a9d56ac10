"""Shared pieces of the benchmarks: bot and echo-bot processes, seeding, timing, reporting.

Reuses demo.synapse (homeserver), demo.botconfig (bot config) and demo.chat (members). The
bot runner is a small equivalent of tests/integration/support.py's BotProcess, written here
so that benchmarks import nothing from tests/ (which would drag pytest fixtures along).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall_time
from pathlib import Path
from typing import Any

from nio import MatrixRoom, RoomMessage

from commands.parsing.recurrence import series_spans
from commands.posts.plan import HORIZON
from demo.botconfig import NetworkSpec, write_bot_config
from demo.chat import Member, in_reply_to
from demo.synapse import LocalSynapse
from storage import actions, contacts, meetups, networks, workpackages
from storage.db import create_engine, session_factory
from storage.migrate import upgrade

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
RESULTS = BENCH / "results"
READY_LINE = "ikz-bot is ready"
ECHO_READY_LINE = "echo-bot is ready"
NETWORK_KEY = "lippe"
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ChildProcess:
    """A Python child whose output goes to a log file; started until a ready line appears."""

    def __init__(
        self,
        argv: list[str],
        log_path: Path,
        ready_line: str,
        *,
        python: str = sys.executable,
        cwd: Path = PROJECT,
    ) -> None:
        self.argv = argv
        self.python = python
        self.cwd = cwd
        self.log_path = log_path
        self.ready_line = ready_line
        self._proc: subprocess.Popen[bytes] | None = None
        self._offset = 0
        self.started_at = 0.0

    @property
    def pid(self) -> int | None:
        """The process id while it runs (for /proc/<pid>/status), else None."""
        return None if self._proc is None else self._proc.pid

    def start(self, timeout: float = 90.0) -> None:
        """Spawn the process and block until its log shows the ready line."""
        self.spawn()
        self.wait_ready(timeout)

    def spawn(self) -> None:
        """Spawn the process without waiting; `started_at` is the wall time (time.time())."""
        self._offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        self.started_at = time.time()
        with self.log_path.open("ab") as log:
            self._proc = subprocess.Popen(
                [self.python, *self.argv],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.cwd,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
                start_new_session=True,  # Ctrl-C in the terminal reaches only us; we stop it
            )

    def wait_ready(self, timeout: float = 90.0) -> None:
        """Block until the log written since `spawn()` shows the ready line."""
        assert self._proc is not None, "spawn() first"
        offset = self._offset
        deadline = time.monotonic() + timeout
        while self.ready_line not in self.log()[offset:]:
            if self._proc.poll() is not None:
                raise RuntimeError(f"{self.argv} exited early:\n{self.log()[offset:][-3000:]}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.argv} not ready after {timeout} s")
            time.sleep(0.1)

    def stop(self) -> int:
        """SIGTERM, then SIGKILL after 20 s; safe to call repeatedly."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return proc.returncode if proc else 0
        proc.send_signal(signal.SIGTERM)
        try:
            return proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()

    def log(self) -> str:
        """Everything the process logged so far."""
        if not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def this_run(self) -> str:
        """What the process logged since the last `spawn()`."""
        return self.log()[self._offset :]


def bot_process(
    config_path: Path, *extra: str, ready_line: str = READY_LINE, log_path: Path | None = None
) -> ChildProcess:
    """`python -m bot run --config … [extra]`, ready when it logs `ready_line`."""
    argv = ["-m", "bot", "run", "--config", str(config_path), *extra]
    return ChildProcess(argv, log_path or config_path.with_suffix(".log"), ready_line)


def peak_rss_mb(pid: int) -> tuple[float, float]:
    """(VmHWM, VmRSS) of a running process in MiB, from /proc/<pid>/status (Linux)."""
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            values[name] = int(rest.split()[0]) / 1024  # kB
    return values["VmHWM"], values["VmRSS"]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a running process has used so far (/proc/<pid>/stat).

    Unlike wall time it does not grow when other processes share the cores, so it tells
    what the bot itself costs on a busy machine.
    """
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def log_time(line: str) -> float:
    """The wall time (time.time()) of a log line from bot/cli.py's format (asctime, ms)."""
    stamp = line[:23]  # "2026-05-01 12:00:00,123"
    return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f").timestamp()


def first_line(log: str, needle: str) -> str | None:
    """The first line of `log` containing `needle`."""
    return next((line for line in log.splitlines() if needle in line), None)


def echo_process(
    homeserver: str,
    user_id: str,
    password: str,
    room_id: str,
    log: Path,
    *,
    filtered: bool = False,
    mentions: bool = False,
) -> ChildProcess:
    """The bare matrix-nio echo bot of bench/echo_bot.py, the latency floor; `filtered`: with
    ikz-bot's sync filter; `mentions`: its replies carry ikz-bot's empty `m.mentions`."""
    argv = [str(BENCH / "echo_bot.py"), homeserver, user_id, password, room_id]
    argv += ["filtered"] if filtered else []
    argv += ["mentions"] if mentions else []
    return ChildProcess(argv, log, ECHO_READY_LINE)


def http_json(
    url: str, method: str = "GET", body: dict[str, Any] | None = None, token: str | None = None
) -> dict[str, Any]:
    """A small loopback JSON request (used for the silent room members)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with _OPENER.open(req, timeout=30) as resp:
        return dict(json.loads(resp.read() or b"{}"))


def add_silent_members(synapse: LocalSynapse, rooms: list[str], prefix: str, count: int) -> int:
    """Register `count` users and join them to the (public) rooms over plain HTTP."""
    for i in range(count):
        localpart, password = f"{prefix}{i}", f"pw-{prefix}{i}"
        synapse.register(localpart, password)
        login = {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": localpart},
            "password": password,
        }
        token = str(
            http_json(f"{synapse.url}/_matrix/client/v3/login", "POST", login)["access_token"]
        )
        for room in rooms:
            http_json(f"{synapse.url}/_matrix/client/v3/join/{room}", "POST", {}, token)
    return count


async def make_public_room(member: Member, name: str, invite: list[str]) -> str:
    """A public room (anyone may join), so silent members need no invite round trip."""
    response = await member.client.room_create(name=name, invite=invite, preset=_public())
    room_id = getattr(response, "room_id", None)
    if room_id is None:
        raise RuntimeError(f"creating room {name!r} failed: {response}")
    await member.wait_until(lambda: room_id in member.client.rooms)
    return str(room_id)


def _public() -> Any:
    from nio.api import RoomPreset

    return RoomPreset.public_chat


@dataclass
class Seeded:
    """How much was stored in the bot's database."""

    contacts: int = 0
    action_items: int = 0
    work_packages: int = 0
    series: int = 0


TOPICS = ("serviceportal", "ozg", "e-akte", "it-sicherheit", "breitband")
FIRST = ("Erika", "Max", "Anna", "Jonas", "Lena", "Paul", "Mia", "Felix", "Sara", "Tim")
LAST = ("Musterfrau", "Mustermann", "Schulz", "Becker", "Wagner", "Hoffmann", "Koch", "Richter")


async def seed(
    data_dir: Path, room_id: str, owner: str, *, n_contacts: int, n_items: int, n_packages: int
) -> Seeded:
    """Fill the bot's database (after its first start created the network) through storage."""
    engine = create_engine(f"sqlite+aiosqlite:///{data_dir / 'ikz-bot.sqlite3'}")
    try:
        await upgrade(engine)
        now = datetime.now(UTC)
        async with session_factory(engine)() as session, session.begin():
            net = await networks.network_by_room(session, room_id)
            if net is None:
                raise RuntimeError(f"the bot did not store a network for {room_id}")
            towns = await networks.list_municipalities(session, net.id)
            lemgo = next(m for m in towns if m.name == "Lemgo")
            packages = []
            for i in range(n_packages):
                wp = await workpackages.create(
                    session,
                    network_id=net.id,
                    title=f"Arbeitspaket {i + 1}: {TOPICS[i % len(TOPICS)]}",
                    lead_municipality_id=towns[i % len(towns)].id,
                    owners=[owner],
                    topics=[TOPICS[i % len(TOPICS)]],
                    created_by=owner,
                    created_at=now,
                )
                packages.append(wp)
            for i in range(n_contacts):
                town = lemgo if i % 10 == 0 else towns[i % len(towns)]
                await contacts.create(
                    session,
                    network_id=net.id,
                    values={
                        "name": f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]} {i}",
                        "municipality_id": town.id,
                        "role": "CDO" if i % 3 == 0 else "Sachbearbeitung",
                        "email": f"person{i}@example.org",
                        "topics": [TOPICS[i % len(TOPICS)]],
                    },
                    changed_by=owner,
                    at=now,
                )
            for i in range(n_items):
                await actions.create_item(
                    session,
                    network_id=net.id,
                    title=f"Aufgabe {i + 1} zu {TOPICS[i % len(TOPICS)]}",
                    owner=owner,
                    created_by=owner,
                    created_at=now,
                    due_on=date.today() + timedelta(days=i % 90),
                    work_package_id=packages[i % len(packages)].id if packages else None,
                    topics=[TOPICS[i % len(TOPICS)]],
                )
            series = await meetups.create_series(
                session,
                network_id=net.id,
                title="IKZ-Treffen",
                rrule="FREQ=WEEKLY;BYDAY=TH",
                start_time=wall_time(10, 0),
                duration_minutes=90,
                timezone="Europe/Berlin",
                location="Kreishaus Detmold",
                first_day=date.today() + timedelta(days=1),
                created_by=owner,
                created_at=now,
            )
            # Stored now, as `!treffen serie` does: bench_pipeline runs no scheduler.
            spans = series_spans(series, after=now, until=now + HORIZON)
            await meetups.add_occurrences(session, series, spans, created_at=now)
        return Seeded(n_contacts, n_items, n_packages, 1)
    finally:
        await engine.dispose()


def write_config(
    base: Path,
    synapse: LocalSynapse,
    user_id: str,
    password: str,
    room_id: str,
    *,
    admins: tuple[str, ...] = (),
) -> Path:
    """The bot's config for one network (Lippe) in `room_id`; `admins` skip the flood limit."""
    net = NetworkSpec(key=NETWORK_KEY, room_id=room_id, name="IKZ Digitalisierung Lippe")
    return write_bot_config(
        base / "bot" / "config.toml",
        homeserver=synapse.url,
        user_id=user_id,
        password=password,
        networks=[net],
        data_dir=base / "bot" / "data",
        admins=admins,
    )


class ReplyClock:
    """Arrival times (perf_counter) of replies, keyed by the event they answer; and the
    homeserver's `origin_server_ts` of every message seen (commands and replies), so that a
    round trip can be split into the homeserver's part and the bot's."""

    def __init__(self, member: Member) -> None:
        self.arrived: dict[str, float] = {}
        self.stamped: dict[str, int] = {}
        self.reply_of: dict[str, str] = {}
        self._waiting: dict[str, asyncio.Future[float]] = {}
        member.client.add_event_callback(self._on_message, RoomMessage)

    async def _on_message(self, _room: MatrixRoom, event: RoomMessage) -> None:
        self.stamped[event.event_id] = event.server_timestamp
        target = in_reply_to(event)
        if target is None or target in self.arrived:
            return
        at = time.perf_counter()
        self.arrived[target] = at
        self.reply_of[target] = event.event_id
        future = self._waiting.pop(target, None)
        if future is not None and not future.done():
            future.set_result(at)

    async def wait(self, event_id: str, give_up_after: float = 30.0) -> float:
        """The arrival time of the reply to `event_id`; give up after `give_up_after` s."""
        if event_id in self.arrived:
            return self.arrived[event_id]
        future = asyncio.get_running_loop().create_future()
        self._waiting[event_id] = future
        async with asyncio.timeout(give_up_after):
            return await future


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A plain text table, right-aligned numbers."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append(
            "  ".join(
                c.rjust(w) if i else c.ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    return str(value)


def write_results(name: str, payload: dict[str, Any]) -> Path:
    """bench/results/<name>-<timestamp>.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{name}-{stamp}.json"
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return path


def run_benchmark(
    name: str,
    run: Callable[[Any, Path], Awaitable[dict[str, Any]]],
    report: Callable[[dict[str, Any]], dict[str, Any]],
    args: Any,
) -> None:
    """Run in a throwaway directory, print the report, write the raw numbers as JSON.

    Ctrl-C or SIGTERM stop everything `run` started (its own cleanup) and exit 130.
    """
    install_sigterm_as_interrupt()
    with tempfile.TemporaryDirectory(prefix=f"ikz-bench-{name}-") as tmp:
        try:
            raw = asyncio.run(run(args, Path(tmp)))
        except KeyboardInterrupt:
            print("interrupted; everything the benchmark started was stopped", file=sys.stderr)
            sys.exit(130)
    summary = report(raw)
    path = write_results(name, {**raw, "summary": summary})
    print(f"raw numbers: {path}")


def install_sigterm_as_interrupt() -> None:
    """Turn SIGTERM (and SIGINT, even if inherited as ignored) into KeyboardInterrupt."""

    def handler(_sig: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
