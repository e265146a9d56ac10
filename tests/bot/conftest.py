"""Fixtures for the bot tests: a config file of their own, the Lippe network with a meet-up."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import NetworkConfig
from storage import meetups
from tests.bot.support import BERLIN_MEETUP, ROOM
from tests.support import store_network

CONFIGS = Path(__file__).parent / "fixtures" / "config"


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """The minimal valid config, copied so its data directory lands in tmp_path."""
    return Path(shutil.copy(CONFIGS / "minimal.toml", tmp_path / "config.toml"))


@pytest.fixture
async def setup(sessions):
    """The Lippe network with one meet-up on 8 Dec 2026, 10:00–11:30, set up on 20 Nov."""
    async with sessions() as session, session.begin():
        network = await store_network(session, "lippe", "IKZ Digitalisierung Lippe")
        meetup = await meetups.create_meetup(
            session,
            network_id=network.id,
            starts_at=BERLIN_MEETUP,
            ends_at=BERLIN_MEETUP + timedelta(minutes=90),
            title="Monatstreffen",
            location="https://meet.example.org/ikz-lippe",
            created_by="@erika:localhost",
            created_at=datetime(2026, 11, 20, tzinfo=UTC),
        )
    config = NetworkConfig(key="lippe", room_id=ROOM, name="IKZ Digitalisierung Lippe")
    return {network.id: (network, config)}, meetup


@pytest.fixture
async def lippe(sessions):
    """The Lippe network, stored."""
    async with sessions() as session, session.begin():
        return await store_network(session, "lippe", "IKZ Digitalisierung Lippe")
