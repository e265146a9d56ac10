"""A standby answers /health with 200 and `"role": "standby"` (so Docker keeps it), serves
nothing else, and after taking over answers as the active bot on the same address."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp

from demo.botconfig import write_bot_config
from demo.synapse import free_port

from .support import READY_LINE, BotProcess, lippe

STANDING_BY = "standing by:"
WAIT_SECONDS = 90.0


async def _get(url: str) -> tuple[int, Any]:
    async with (
        aiohttp.ClientSession(trust_env=False) as http,
        http.get(url, timeout=aiohttp.ClientTimeout(total=10)) as response,
    ):
        body = await (response.json() if "json" in response.content_type else response.text())
        return response.status, body


async def _logged(bot: BotProcess, text: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while text not in bot.log():
        assert time.monotonic() < deadline, f"{text!r} not logged:\n{bot.log()}"
        await asyncio.sleep(0.2)


async def test_standby_answers_health_and_takes_over_the_address(
    erika, synapse, bot_account, tmp_path
):
    """Active on one port, standby on another: the standby's /health is 200/standby and it
    has no /metrics; once the active one stops, the same port reports the active bot."""
    bot_user, password = bot_account
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    spec = lippe(room)
    ports = (free_port(), free_port())
    bots = [
        BotProcess(
            write_bot_config(
                tmp_path / f"bot-{n}" / "config.toml",
                homeserver=synapse.url,
                user_id=bot_user,
                password=password,
                networks=[spec],
                data_dir=tmp_path / "data",  # one database, one device: one lock
                http_listen=f"127.0.0.1:{port}",
            )
        )
        for n, port in enumerate(ports)
    ]
    active, standby = bots
    base = f"http://127.0.0.1:{ports[1]}"
    try:
        active.start()
        await erika.wait_for_member(room, bot_user)
        standby.start(wait=False)
        await _logged(standby, STANDING_BY)
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                status, report = await _get(base + "/health")
                break
            except aiohttp.ClientConnectionError:
                assert time.monotonic() < deadline, "the standby never listened"
                await asyncio.sleep(0.2)
        assert status == 200
        assert report == {"status": "ok", "failing": [], "database": "ok", "role": "standby"}
        assert (await _get(base + "/metrics"))[0] == 404

        assert active.stop() == 0
        await _logged(standby, READY_LINE)
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            with_error = None
            try:
                status, report = await _get(base + "/health")
            except aiohttp.ClientConnectionError as err:
                with_error = err
            if with_error is None and report.get("role") == "active" and status == 200:
                break
            assert time.monotonic() < deadline, f"no active health on the standby's port: {report}"
            await asyncio.sleep(0.5)
        assert report["rooms"] == {spec.key: "joined"}
        assert (await _get(base + "/metrics"))[0] == 200
    finally:
        for bot in bots:
            bot.stop()
