"""Helpers for command tests: the clock, the command table, and typing a line into a room.

A plain module, not a test module: test files import from here (and from their family's
`support.py`) instead of from each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from sqlalchemy import text

from commands.context import Context
from commands.invocation import Invocation
from commands.rendering import Rendered, render
from commands.router import Routed, route
from commands.table import default_registry
from storage.records import NetworkRecord

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
REGISTRY = default_registry()
"""The bot's command table, as the router gets it."""
LIPPE = NetworkRecord(
    id=1,
    key="lippe",
    room_id="!lippe:localhost",
    name="IKZ Digitalisierung Lippe",
    timezone="Europe/Berlin",
    language="de",
    holiday_region="DE-NW",
)
"""The Lippe network as a record, for tests that need no database."""
DISPLAY_NAMES = {
    "@erika:localhost": "Erika Musterfrau",
    "@max:localhost": "Max Mustermann",
    "@max_mustermann:localhost": "Max Mustermann",
    "@jana:localhost": "Jana Schmidt",
}
"""Display names in the network's room, as the bot hands them to a command."""
ERIKA = "@erika:localhost"
MAX = "@max:localhost"

MakeCtx = Callable[..., Context]
"""The `make_ctx` fixture: a context for a network, with language, moderator and clock."""


def invocation(
    text: str, *, sender: str = "@erika:localhost", room_id: str = "!lippe:localhost"
) -> Invocation:
    """An invocation as the transport would build it."""
    return Invocation(event_id="$ev1", room_id=room_id, sender=sender, text=text, sent_at=NOW)


async def run(
    make_ctx: MakeCtx, network: NetworkRecord | None, line: str, *, sender: str = ERIKA, **kwargs
) -> Routed:
    """Route `line` as `sender` typed it in the network's room (`kwargs` go to `make_ctx`)."""
    room = network.room_id if network else "!elsewhere:localhost"
    routed = await route(
        invocation(line, sender=sender, room_id=room), make_ctx(network, **kwargs), REGISTRY
    )
    assert routed is not None
    return routed


async def say(make_ctx: MakeCtx, network: NetworkRecord | None, line: str, **kwargs) -> str:
    """The plain body of the reply to `line`."""
    return render((await run(make_ctx, network, line, **kwargs)).reply).plain


async def rendered(
    make_ctx: MakeCtx, network: NetworkRecord | None, line: str, **kwargs
) -> Rendered:
    """The whole rendered reply (plain, HTML, mentions)."""
    return render((await run(make_ctx, network, line, **kwargs)).reply)


async def table_rows(session, tables: Iterable[str]) -> dict[str, list[tuple]]:
    """Every row of `tables` as stored now, to show that a refused command changed nothing."""
    session.expire_all()
    found = {}
    for table in tables:
        rows = await session.execute(text(f"SELECT * FROM {table} ORDER BY 1"))
        found[table] = [tuple(row) for row in rows]
    return found
