"""The real bot as a separate process, and the network and config pieces tests start it with.

A plain module: integration tests import from here; the fixtures are in conftest.py.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Protocol

from demo.botconfig import NetworkSpec


class UserFactory(Protocol):
    """Registers a fresh user and returns (user_id, password)."""

    def __call__(self, prefix: str = "erika") -> tuple[str, str]: ...


READY_LINE = "ikz-bot is ready"
PROJECT = Path(__file__).resolve().parents[2]


class BotProcess:
    """`python -m bot run --config …` with its log in a file; start, stop, kill, restart."""

    def __init__(self, config_path: Path, env: dict[str, str] | None = None) -> None:
        self.config_path = config_path
        self._env = env or {}
        self.log_path = config_path.with_suffix(".log")
        self._proc: subprocess.Popen[bytes] | None = None
        self._starts = 0

    def start(
        self, timeout: float = 60.0, *, pretend_now: datetime | None = None, wait: bool = True
    ) -> None:
        """Start the bot (its clock at `pretend_now` if given) and wait for its first sync.

        With `wait=False` it returns right after spawning (to kill the bot while it starts).
        """
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with self.log_path.open("ab") as log:
            self._proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "bot",
                    "run",
                    "--config",
                    str(self.config_path),
                    *(["--pretend-now", pretend_now.isoformat()] if pretend_now else []),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=PROJECT,
                env={**os.environ, "PYTHONUNBUFFERED": "1", **self._env},
            )
        self._starts += 1
        if not wait:
            return
        deadline = time.monotonic() + timeout
        while READY_LINE not in self.log(offset):
            if self._proc.poll() is not None:
                raise RuntimeError(f"bot exited with {self._proc.returncode}:\n{self.log(offset)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"bot not ready after {timeout} s:\n{self.log(offset)}")
            time.sleep(0.1)

    def stop(self) -> int:
        """SIGTERM and wait; returns the exit code."""
        return self._signal(signal.SIGTERM)

    def kill(self) -> int:
        """SIGKILL: the crash case, nothing gets cleaned up."""
        return self._signal(signal.SIGKILL)

    def pause(self) -> None:
        """SIGSTOP: the bot is busy and reads nothing until `resume`."""
        assert self._proc is not None
        self._proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        """SIGCONT after `pause`; harmless if the bot is not paused."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGCONT)

    def log(self, offset: int = 0) -> str:
        """Everything the bot logged so far (from byte `offset` on)."""
        if not self.log_path.exists():
            return ""
        with self.log_path.open("rb") as fh:
            fh.seek(offset)
            return fh.read().decode("utf-8", errors="replace")

    def pseudonym(self, user_id: str) -> str:
        """What this bot's log calls `user_id` (no user id is logged), from `ikz-bot pseudonym`."""
        done = subprocess.run(
            [sys.executable, "-m", "bot", "pseudonym", "--config", str(self.config_path), user_id],
            capture_output=True,
            text=True,
            check=True,
            cwd=PROJECT,
        )
        return done.stdout.split()[-1]

    def _signal(self, sig: signal.Signals) -> int:
        if self._proc is None or self._proc.poll() is not None:
            return self._proc.returncode if self._proc else 0
        self._proc.send_signal(sig)
        try:
            return self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            return self._proc.wait()


_rooms = itertools.count(1)


def lippe(room_id: str, language: str = "de") -> NetworkSpec:
    """The Lippe network in `room_id`."""
    return NetworkSpec(
        key=f"lippe{next(_rooms)}",
        room_id=room_id,
        name="IKZ Digitalisierung Lippe",
        language=language,
    )


def with_database_url(config_text: str, url: str) -> str:
    """The config with `database_url` set in [bot] (the demo config writer knows no such key)."""
    assert "\n[bot]\n" in config_text
    return config_text.replace("\n[bot]\n", f"\n[bot]\ndatabase_url = {json.dumps(url)}\n", 1)
