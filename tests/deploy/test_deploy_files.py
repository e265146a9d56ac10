"""The files operators deploy with: the systemd unit, the compose file, the image's health check."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml

from bot.config import HttpConfig
from bot.http import Health, HttpListener
from bot.metrics import Metrics
from demo.synapse import free_port

PROJECT = Path(__file__).resolve().parents[2]
UNIT = PROJECT / "deploy" / "ikz-bot.service"
COMPOSE = PROJECT / "deploy" / "docker-compose.yml"
DOCKERFILE = PROJECT / "Dockerfile"
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
needs_systemd_analyze = pytest.mark.skipif(
    SYSTEMD_ANALYZE is None,
    reason="systemd-analyze is not installed (Debian: apt-get install systemd), so the unit "
    "file cannot be verified here",
)


def _verify(unit_text: str, tmp_path: Path) -> str:
    """`systemd-analyze verify` on the unit with ExecStart pointing at this checkout's bot
    (verify insists the binary exists); everything it said. It exits 0 even for unknown keys
    and bad values, so the caller checks that it said nothing."""
    text = re.sub(
        r"^ExecStart=\S+", f"ExecStart={sys.executable} -m bot", unit_text, flags=re.MULTILINE
    )
    unit = tmp_path / "ikz-bot.service"
    unit.write_text(text, encoding="utf-8")
    assert SYSTEMD_ANALYZE is not None
    done = subprocess.run(
        [SYSTEMD_ANALYZE, "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    return (done.stdout + done.stderr).strip() + ("" if done.returncode == 0 else " (failed)")


@needs_systemd_analyze
def test_systemd_unit_verifies_cleanly(tmp_path: Path) -> None:
    """systemd-analyze finds nothing to complain about in deploy/ikz-bot.service."""
    assert _verify(UNIT.read_text(encoding="utf-8"), tmp_path) == ""


@needs_systemd_analyze
def test_the_verification_would_catch_a_typo(tmp_path: Path) -> None:
    """A misspelt value and an unknown key are reported, so the clean result above means it."""
    broken = UNIT.read_text(encoding="utf-8").replace(
        "ProtectSystem=strict", "ProtectSystem=strikt\nProtectSytem=strict"
    )
    said = _verify(broken, tmp_path)
    assert "strikt" in said and "ProtectSytem" in said


def test_systemd_unit_is_hardened() -> None:
    """Own user, read-only system except the data dir, no new privileges, secrets as credentials."""
    lines = set(UNIT.read_text(encoding="utf-8").splitlines())
    assert {
        "User=ikz-bot",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/ikz-bot",
        "NoNewPrivileges=yes",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "CapabilityBoundingSet=",
        "Environment=IKZ_BOT_PASSWORD_FILE=%d/password",
    } <= lines


def test_compose_file_wires_bot_database_and_secrets() -> None:
    """The bot waits for a healthy PostgreSQL; every *_FILE names a secret it mounts, and each
    secret comes from the environment."""
    compose = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    bot, db = compose["services"]["bot"], compose["services"]["db"]
    assert bot["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert db["volumes"] == ["db:/var/lib/postgresql/data"] and "db" in compose["volumes"]
    assert "./data:/data" in bot["volumes"]
    for service in (bot, db):
        for name, value in service["environment"].items():
            if name.endswith("_FILE"):
                secret = value.removeprefix("/run/secrets/")
                assert secret in service["secrets"], name
                assert "environment" in compose["secrets"][secret], secret
    assert set(bot["environment"]) == {"IKZ_BOT_PASSWORD_FILE", "IKZ_BOT_DATABASE_URL_FILE"}


def _image_healthcheck() -> list[str]:
    """The exec-form command of the Dockerfile's HEALTHCHECK."""
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    [line] = [row for row in text.splitlines() if row.startswith("HEALTHCHECK")]
    return json.loads(line[line.index("CMD") + len("CMD") :])


@pytest.fixture
async def listener(sessions) -> AsyncIterator[tuple[Metrics, int]]:
    metrics = Metrics()
    port = free_port()
    served = HttpListener(
        HttpConfig(port=port), Health(metrics, sessions, lambda: True, dict), metrics
    )
    await served.start()
    try:
        yield metrics, port
    finally:
        await served.stop()


@pytest.mark.sqlite_only(reason="the health check's exit code, not the database, is tested")
async def test_image_healthcheck_follows_health(listener) -> None:
    """The image's one-liner exits 0 while /health says 200 and non-zero on 503, proxy or not."""
    metrics, port = listener
    command = _image_healthcheck()
    assert command[0] == "python"
    env = {
        **os.environ,
        "IKZ_BOT_HTTP_LISTEN": f"0.0.0.0:{port}",
        "http_proxy": "http://127.0.0.1:9",  # a proxy that is not there must not matter
    }

    async def exit_code() -> int:  # in a subprocess: the listener shares this loop
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            *command[1:],
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        return await proc.wait()

    assert await exit_code() != 0  # no sync yet: 503
    metrics.synced()
    assert await exit_code() == 0
