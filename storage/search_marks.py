"""Change marks: a fresh random value per network and searched family at every write.

`!kontakt` and `!wer` keep an index of a network's searchable words in memory
(commands.parsing.fuzzy.IndexCache) and reuse it while the mark is the one it was built
under. The mark is written in the same transaction as the change it marks, by whichever
process writes (the bot, `ikz-bot contacts import`), so a committed change always shows as
a new mark; a rolled-back one takes its mark with it, and a random value never comes back,
so an index built inside that transaction is never reused. Kept in bot_state (one row per
network and family), read with one primary-key lookup per search.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from storage import state

CONTACTS = "contacts"
"""Contact names, municipalities, roles and topics (`!kontakt`)."""

ACTIONS = "actions"
"""Work packages and action items (`!wer`)."""


def _key(family: str, network_id: int) -> str:
    return f"search-mark:{family}:{network_id}"


async def touch(session: AsyncSession, family: str, network_id: int) -> None:
    """Mark that the network's `family` changed (call in the writing transaction)."""
    await state.set_value(session, _key(family, network_id), uuid.uuid4().hex)


async def current(session: AsyncSession, family: str, network_id: int) -> str | None:
    """The latest mark (None if never written). Read it before the data it vouches for:
    a change committed in between then shows as a newer mark next time, never the reverse."""
    return await state.read_value(session, _key(family, network_id))  # before every search
