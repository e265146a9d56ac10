"""Operators' view of the running bot over HTTP: /health follows the homeserver, /metrics counts."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from demo.botconfig import write_bot_config
from demo.synapse import free_port
from tests.integration.support import BotProcess, lippe

WAIT_SECONDS = 90.0


async def _get(url: str) -> tuple[int, Any]:
    async with (
        aiohttp.ClientSession(trust_env=False) as http,
        http.get(url, timeout=aiohttp.ClientTimeout(total=10)) as response,
    ):
        body = await (response.json() if "json" in response.content_type else response.text())
        return response.status, body


async def _until_health(base: str, status: int) -> dict[str, Any]:
    """Poll /health until it answers `status`; its last report."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        got, report = await _get(base + "/health")
        if got == status:
            return report
        assert time.monotonic() < deadline, f"/health still {got}: {report}"
        await asyncio.sleep(0.5)


async def _samples(base: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    status, text = await _get(base + "/metrics")
    assert status == 200
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def _until_sample(base: str, key: tuple[str, tuple[tuple[str, str], ...]], at_least: float):
    deadline = time.monotonic() + WAIT_SECONDS
    while (await _samples(base)).get(key, 0) < at_least:
        assert time.monotonic() < deadline, f"{key} stayed below {at_least}"
        await asyncio.sleep(0.5)


async def test_health_follows_the_homeserver(synapse, erika, start_bot, bot_account):
    """200 with every part well while Synapse runs; 503 naming the sync while it is down;
    200 again once it is back."""
    room = await erika.create_room("IKZ Lippe", invite=[bot_account[0]])
    port = free_port()
    net = lippe(room)
    start_bot([net], http_listen=f"127.0.0.1:{port}")
    await erika.wait_for_member(room, bot_account[0])
    base = f"http://127.0.0.1:{port}"

    report = await _until_health(base, 200)
    assert report["status"] == "ok" and report["failing"] == []
    assert report["database"] == "ok" and report["scheduler"] == "running"
    assert report["rooms"] == {net.key: "joined"} and report["role"] == "active"
    assert 0 <= report["sync_age_seconds"] < 90

    synapse.stop()
    try:
        down = await _until_health(base, 503)
    finally:
        synapse.start()
    assert down["failing"] == ["sync"]
    assert down["database"] == "ok" and down["scheduler"] == "running"

    again = await _until_health(base, 200)
    assert again["failing"] == []


async def test_metrics_move_when_commands_flow(erika, start_bot, bot_account):
    """Answered, mistyped and wrongly used commands are counted; replies feed the latency."""
    room = await erika.create_room("IKZ Lippe", invite=[bot_account[0]])
    port = free_port()
    start_bot([lippe(room)], http_listen=f"127.0.0.1:{port}")
    await erika.wait_for_member(room, bot_account[0])
    base = f"http://127.0.0.1:{port}"
    before = await _samples(base)
    assert before[("ikz_bot_reply_latency_seconds_count", ())] == 0
    assert ("ikz_bot_commands_total", (("command", "hilfe"), ("outcome", "ok"))) not in before

    await erika.ask(room, "!hilfe")
    await erika.ask(room, "!help")
    await erika.ask(room, "!hlfe")
    await erika.ask(room, "!aufgabe erledigt")

    await _until_sample(base, ("ikz_bot_reply_latency_seconds_count", ()), 4)
    after = await _samples(base)
    assert after[("ikz_bot_commands_total", (("command", "hilfe"), ("outcome", "ok")))] == 2
    assert after[("ikz_bot_commands_total", (("command", "unknown"), ("outcome", "unknown")))] == 1
    assert after[("ikz_bot_commands_total", (("command", "aufgabe"), ("outcome", "usage")))] == 1
    assert after[("ikz_bot_rooms_joined", ())] >= 1
    assert after[("ikz_bot_last_sync_timestamp_seconds", ())] > time.time() - 90
    assert after[("ikz_bot_reply_latency_seconds_sum", ())] > 0


async def test_password_from_a_file_and_json_logs(erika, bot_account, synapse, tmp_path):
    """An operator's set-up: the password only in a file named by IKZ_BOT_PASSWORD_FILE,
    log_format = "json"; the bot logs in, answers, and every log line is a JSON object."""
    user_id, password = bot_account
    room = await erika.create_room("IKZ Lippe", invite=[user_id])
    path = write_bot_config(
        tmp_path / "bot" / "config.toml",
        homeserver=synapse.url,
        user_id=user_id,
        password=password,
        networks=[lippe(room)],
        data_dir=tmp_path / "bot" / "data",
    )
    text = path.read_text(encoding="utf-8").replace(f"password = {json.dumps(password)}\n", "")
    path.write_text(text.replace("[bot]\n", '[bot]\nlog_format = "json"\n'), encoding="utf-8")
    assert password not in path.read_text(encoding="utf-8")
    secret = tmp_path / "secrets" / "password"
    secret.parent.mkdir(mode=0o700)
    secret.write_text(password + "\n", encoding="utf-8")

    bot = BotProcess(path, env={"IKZ_BOT_PASSWORD_FILE": str(secret)})
    bot.start()
    try:
        await erika.wait_for_member(room, user_id)
        reply = await erika.ask(room, "!hilfe")
    finally:
        bot.stop()

    assert reply.body.startswith("Alle Befehle")
    entries = [json.loads(line) for line in bot.log().splitlines() if line.strip()]
    assert f"ikz-bot is ready as {user_id}" in [e["message"] for e in entries]
    assert all({"time", "level", "logger", "message"} <= set(e) for e in entries)
    assert password not in bot.log()
