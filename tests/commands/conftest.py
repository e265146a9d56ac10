"""A real migrated database and a context builder for handler tests."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

import pytest

from commands.context import Context
from commands.invocation import Invocation
from commands.table import default_registry
from storage import networks
from storage.bundled import bundled_municipalities
from storage.records import NetworkRecord

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
REGISTRY = default_registry()
"""The bot's command table, as the router gets it."""
DISPLAY_NAMES = {
    "@erika:localhost": "Erika Musterfrau",
    "@max:localhost": "Max Mustermann",
    "@max_mustermann:localhost": "Max Mustermann",
    "@jana:localhost": "Jana Schmidt",
}
"""Display names in the network's room, as the bot hands them to a command."""


@pytest.fixture
async def lippe(session) -> NetworkRecord:
    """The Lippe network with its 17 municipalities."""
    record = await networks.sync_network(
        session,
        key="lippe",
        room_id="!lippe:localhost",
        name="IKZ Digitalisierung Lippe",
        timezone="Europe/Berlin",
        language="de",
        holiday_region="DE-NW",
    )
    await networks.seed_municipalities(session, record.id, bundled_municipalities("lippe"))
    await session.commit()
    return record


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


def invocation(
    text: str, *, sender: str = "@erika:localhost", room_id: str = "!lippe:localhost"
) -> Invocation:
    """An invocation as the transport would build it."""
    return Invocation(event_id="$ev1", room_id=room_id, sender=sender, text=text, sent_at=NOW)
