"""How the bot names a person in what it writes: by name, not by Matrix id.

The one rule: the name of their contact entry, else their display name in the network's
room, else the localpart of their id (`erika` for `@erika:beispiel.de`). Display names are
room state, which only the transport knows; it hands them over as a plain mapping in the
context (`Context.display_names`), read once per command, so the handlers stay pure of
Matrix. A pill (`Mention`) is for messages meant to reach someone; lists use these names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from sqlalchemy.ext.asyncio import AsyncSession

from storage import contacts
from storage.records import ContactRecord

NO_NAMES: Mapping[str, str] = MappingProxyType({})
"""No display names known (a scheduled post, a test): entries and localparts name people."""


def localpart(user_id: str) -> str:
    """`erika` for `@erika:beispiel.de`; the text itself if it is no user id."""
    if not user_id.startswith("@"):
        return user_id
    return user_id[1:].partition(":")[0] or user_id


def name_of(user_id: str, display_names: Mapping[str, str], entry_name: str | None = None) -> str:
    """The name to show for `user_id`: `entry_name` (from the contact directory), else the
    room's display name, else the localpart."""
    if entry_name and entry_name.strip():
        return entry_name
    shown = display_names.get(user_id, "").strip()
    return shown or localpart(user_id)


async def named_entries(
    session: AsyncSession,
    network_id: int,
    user_ids: Iterable[str],
    display_names: Mapping[str, str] = NO_NAMES,
) -> dict[str, tuple[str, ContactRecord | None]]:
    """Each user's name (`name_of`) and contact entry (None: none), read in one query."""
    wanted = list(dict.fromkeys(user_ids))
    entries = await contacts.by_matrix_ids(session, network_id, wanted)
    named: dict[str, tuple[str, ContactRecord | None]] = {}
    for user in wanted:
        entry = entries.get(user)
        named[user] = (name_of(user, display_names, entry.name if entry else None), entry)
    return named


async def names(
    session: AsyncSession,
    network_id: int,
    user_ids: Iterable[str],
    display_names: Mapping[str, str] = NO_NAMES,
) -> dict[str, str]:
    """The name of each user (`name_of`), their contact entries read in one query."""
    named = await named_entries(session, network_id, user_ids, display_names)
    return {user: name for user, (name, _) in named.items()}
