"""The peer of bench_latency.py: matrix-reminder-bot, the closest bot of its kind (matrix-nio +
APScheduler), in its own throwaway venv, never a dependency of the project.

The venv is built once under `.bench/` in the project (ignored by git) and reused; it comes
from PyPI with pip. matrix-nio 0.26 does end-to-end encryption with vodozemac, which pip
installs as a binary wheel, so no libolm / python-olm build is needed (the benchmark's rooms
are unencrypted anyway).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

from common import PROJECT, ChildProcess
from nio import MatrixRoom, RoomMessage

from demo.chat import Member

VERSION = "0.4.0"
VENV = PROJECT / ".bench" / f"matrix-reminder-bot-{VERSION}"
COMMAND = "!listreminders"
READY_LINE = "Startup complete"


def ensure_venv() -> Path | None:
    """The venv's python with matrix-reminder-bot installed; None (and why) if pip failed."""
    python = VENV / "bin" / "python"
    script = VENV / "bin" / "matrix-reminder-bot"
    if script.exists():
        return python
    print(f"installing matrix-reminder-bot {VERSION} into {VENV} (once) ...", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", f"matrix-reminder-bot=={VERSION}"],
            check=True,
            timeout=900,
        )
    except (subprocess.SubprocessError, OSError) as err:
        print(f"peer not available: installing matrix-reminder-bot failed ({err})", flush=True)
        return None
    return python


def peer_process(
    python: Path, base: Path, homeserver: str, user_id: str, password: str
) -> ChildProcess:
    """matrix-reminder-bot with a config.yaml for the benchmark's Synapse (SQLite, own store)."""
    home = base / "peer"
    home.mkdir(parents=True, exist_ok=True)
    q = json.dumps  # JSON strings are YAML strings
    config = home / "config.yaml"
    config.write_text(
        "\n".join(
            [
                'command_prefix: "!"',
                "matrix:",
                f"  user_id: {q(user_id)}",
                f"  user_password: {q(password)}",
                f"  homeserver_url: {q(homeserver)}",
                '  device_id: "REMINDERBENCH"',
                '  device_name: "matrix-reminder-bot"',
                "storage:",
                f"  database: {q('sqlite://' + str(home / 'reminders.db'))}",
                f"  store_path: {q(str(home / 'store'))}",
                "reminders:",
                '  timezone: "Europe/Berlin"',
                "allowlist:",
                "  enabled: false",
                "  regexes: []",
                "blocklist:",
                "  enabled: false",
                "  regexes: []",
                "logging:",  # every key: the bot treats a missing `false` as missing
                "  level: INFO",
                "  file_logging:",
                "    enabled: false",
                f"    filepath: {q(str(home / 'reminder-bot.log'))}",
                "  console_logging:",
                "    enabled: true",
                "",
            ]
        ),
        encoding="utf-8",
    )
    script = python.parent / "matrix-reminder-bot"
    return ChildProcess(
        [str(script), str(config)], home / "peer.log", READY_LINE, python=str(python), cwd=home
    )


class SenderClock:
    """Arrival times of messages from one sender in one room (the peer answers without a
    rich reply, so its answers are matched by order: one command, one answer)."""

    def __init__(self, member: Member, room_id: str, sender: str) -> None:
        self._room_id, self._sender = room_id, sender
        self._arrived: asyncio.Queue[float] = asyncio.Queue()
        member.client.add_event_callback(self._on_message, RoomMessage)

    async def _on_message(self, room: MatrixRoom, event: RoomMessage) -> None:
        if room.room_id == self._room_id and event.sender == self._sender:
            self._arrived.put_nowait(time.perf_counter())

    def forget(self) -> None:
        """Drop arrivals nobody waited for (answers to set-up commands)."""
        while not self._arrived.empty():
            self._arrived.get_nowait()

    async def next(self, give_up_after: float = 30.0) -> float:
        """The arrival time of the next message from the sender."""
        async with asyncio.timeout(give_up_after):
            return await self._arrived.get()
