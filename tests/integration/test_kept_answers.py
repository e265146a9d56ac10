"""Answers kept in memory on a real Synapse: a question asked again is answered alike from
memory, and a change written by another process (`ikz-bot contacts import`) shows at once."""

from __future__ import annotations

import asyncio
import sys

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from demo.synapse import free_port
from tests.integration.support import PROJECT, lippe

REUSED = "ikz_bot_answers_reused_total"


async def _reused(base: str) -> float:
    """How many answers the bot served from memory, from its /metrics."""
    async with (
        aiohttp.ClientSession(trust_env=False) as http,
        http.get(base + "/metrics", timeout=aiohttp.ClientTimeout(total=10)) as response,
    ):
        text = await response.text()
    samples = {s.name: s.value for f in text_string_to_metric_families(text) for s in f.samples}
    return samples[REUSED]


async def _import(config_path, network: str, table) -> None:
    """`ikz-bot contacts import` in a process of its own, as an operator runs it."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "bot", "contacts", "import", str(table), "--network", network),
        *("--config", str(config_path)),
        cwd=PROJECT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, output.decode()


async def test_an_import_by_another_process_shows_in_the_next_answer(
    erika, start_bot, bot_account, tmp_path
):
    """`!kontakt lemgo` twice: the same answer, the second from memory. Then the contacts
    import, a process of its own, adds an entry; the same question lists it at once."""
    room = await erika.create_room("IKZ Lippe", invite=[bot_account[0]])
    port = free_port()
    network = lippe(room)
    bot = start_bot([network], http_listen=f"127.0.0.1:{port}")
    await erika.wait_for_member(room, bot_account[0])
    base = f"http://127.0.0.1:{port}"
    table = tmp_path / "kontakte.csv"
    table.write_text("Name;Kommune;Rolle\nErika Musterfrau;Lemgo;CDO\n", encoding="utf-8")
    await _import(bot.config_path, network.key, table)

    first = await erika.ask(room, "!kontakt lemgo")
    again = await erika.ask(room, "!kontakt lemgo")
    assert "Erika Musterfrau" in first.body and "Max Mustermann" not in first.body
    assert again.body == first.body
    assert await _reused(base) == 1

    table.write_text(
        "Name;Kommune;Rolle\nErika Musterfrau;Lemgo;CDO\nMax Mustermann;Lemgo;Stellvertretung\n",
        encoding="utf-8",
    )
    await _import(bot.config_path, network.key, table)
    after = await erika.ask(room, "!kontakt lemgo")
    assert "Erika Musterfrau" in after.body and "Max Mustermann" in after.body
    assert await _reused(base) == 1
