"""Fixtures for handler tests: the Lippe network on a real migrated database, a second
network, and a context builder. Plain helpers are in tests/commands/support.py."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

import pytest

from commands.context import Context
from storage import networks
from storage.bundled import bundled_municipalities
from storage.records import NetworkRecord
from tests.commands.support import NOW
from tests.support import store_network


@pytest.fixture
async def lippe(session) -> NetworkRecord:
    """The Lippe network with its 17 municipalities."""
    record = await store_network(session, "lippe", "IKZ Digitalisierung Lippe")
    await networks.seed_municipalities(session, record.id, bundled_municipalities("lippe"))
    await session.commit()
    return record


@pytest.fixture
async def owl(session) -> NetworkRecord:
    """A second network in its own room, to check that data never crosses."""
    return await store_network(session, "owl", "IKZ OWL")


@pytest.fixture
def make_ctx(session) -> Callable[..., Context]:
    def build(
        network: NetworkRecord | None = None,
        *,
        language: str = "de",
        moderator: bool = False,
        now: datetime = NOW,
        display_names: Mapping[str, str] | None = None,
    ) -> Context:
        return Context(
            session=session,
            network=network,
            language=language,
            prefix="!",
            is_moderator=moderator,
            now=lambda: now,
            display_names=display_names or {},
        )

    return build
