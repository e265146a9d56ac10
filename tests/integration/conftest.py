"""Fixtures for integration tests: the bot's account, Erika as a real client, and the bot
started as a separate process from a config file (tests/integration/support.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime

import pytest
from nio import AsyncClient, LoginResponse

from demo.botconfig import NetworkSpec, write_bot_config
from demo.chat import Member
from demo.synapse import LocalSynapse
from tests.integration.support import BotProcess


@pytest.fixture
def bot_account(user_factory) -> tuple[str, str]:
    """A fresh bot user per test, so every test starts with a new device and database."""
    return user_factory("ikz-bot")


@pytest.fixture
async def erika(synapse: LocalSynapse, user_factory, tmp_path) -> Member:
    """Erika Musterfrau, a CDO in Lippe, as a real logged-in nio client."""
    user_id, password = user_factory("erika")
    async with Member(synapse.url, user_id, password, tmp_path / "erika-store") as member:
        yield member


@pytest.fixture
async def bot_client(synapse: LocalSynapse, bot_account) -> AsyncIterator[AsyncClient]:
    """The bot's account as a bare nio client (no encryption) that syncs only when told to:
    to look at what the homeserver sends the bot, sync by sync."""
    user_id, password = bot_account
    client = AsyncClient(synapse.url, user_id)
    assert isinstance(await client.login(password), LoginResponse)
    yield client
    await client.close()


@pytest.fixture
def start_bot(synapse: LocalSynapse, bot_account, tmp_path) -> Iterator:
    """Start the bot for the given network rooms; stopped at the end of the test."""
    processes: list[BotProcess] = []

    def start(
        networks: list[NetworkSpec], *, pretend_now: datetime | None = None, **config: object
    ) -> BotProcess:
        user_id, password = bot_account
        path = write_bot_config(
            tmp_path / "bot" / "config.toml",
            homeserver=synapse.url,
            user_id=user_id,
            password=password,
            networks=networks,
            data_dir=tmp_path / "bot" / "data",
            **config,
        )
        bot = BotProcess(path)
        processes.append(bot)
        bot.start(pretend_now=pretend_now)
        return bot

    yield start
    for bot in processes:
        bot.resume()  # a test that paused the bot and failed must not leave it stopped
        bot.stop()
