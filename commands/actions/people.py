"""People in action items and work packages: reading `@erika:…`, showing a name.

A command only sees the text, not the room's members, so a person is named by their full
Matrix id. A bare `@erika` is accepted when exactly one person the network's stored data
knows (owners and creators of items and packages, agenda owners, RSVPs, contacts with a
Matrix id, and the sender) has the localpart `erika`; otherwise the reply asks for the
full id. Two servers' `@erika` are different people, so a localpart alone never wins
against two candidates.

People are named by `commands.names.name_of`: the contact entry's name with its
municipality (`Erika Musterfrau (Bad Salzuflen)`), else the room's display name, else the
localpart. Lists show people as plain text; only posts that should reach a person (the
detail view, the due-day post, a handover) use a `Mention`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from commands.errors import CommandError
from commands.names import NO_NAMES, name_of, named_entries
from commands.parsing.text import quote
from commands.reply import Mention
from storage import actions

FULL_ID = re.compile(r"@[A-Za-z0-9._=\-/+]+:[A-Za-z0-9.\-]+(?::[0-9]{1,5})?")
MAX_USER_ID_CHARS = 255
"""The Matrix spec's limit for a user id."""
_LOCALPART = re.compile(r"@([A-Za-z0-9._=\-/+]+)")


@dataclass(frozen=True, slots=True)
class Person:
    """How to show one Matrix user: their name, and municipality and ways to reach them
    from the directory, if they have an entry."""

    user_id: str
    name: str | None = None
    """As `commands.names.name_of` gives it; None: not looked up, the localpart is shown."""
    municipality: str | None = None
    email: str | None = None
    phone: str | None = None

    @property
    def shown(self) -> str:
        """`Erika Musterfrau`: the name to show."""
        return name_of(self.user_id, NO_NAMES, self.name)

    @property
    def label(self) -> str:
        """`Erika Musterfrau (Bad Salzuflen)`, without a municipality just the name."""
        return f"{self.shown} ({self.municipality})" if self.municipality else self.shown

    def mention(self) -> Mention:
        """A pill that notifies the person."""
        return Mention(self.user_id, self.shown)

    def reach(self) -> str:
        """`Bad Salzuflen, erika@…, 05222 …`: where they work and how to reach them."""
        parts = [p for p in (self.municipality, self.email, self.phone) if p]
        return ", ".join(parts)


async def people(
    session: AsyncSession,
    network_id: int,
    user_ids: Iterable[str],
    display_names: Mapping[str, str] = NO_NAMES,
) -> dict[str, Person]:
    """Every given user as a Person, named by `name_of` (`display_names`: the room's), with
    directory data where the network has an entry."""
    result: dict[str, Person] = {}
    named = await named_entries(session, network_id, user_ids, display_names)
    for user_id, (name, entry) in named.items():
        if entry is None:
            result[user_id] = Person(user_id, name)
        else:
            result[user_id] = Person(user_id, name, entry.municipality, entry.email, entry.phone)
    return result


def label_of(user_id: str, known: Mapping[str, Person]) -> str:
    """The plain-text name of a user (no notification)."""
    return (known.get(user_id) or Person(user_id)).label


async def resolve(
    session: AsyncSession,
    network_id: int,
    typed: str,
    *,
    sender: str,
    example: Callable[[str], str],
) -> str:
    """The Matrix id meant by `typed` (`@erika:beispiel.de` or `@erika`); CommandError if unclear.

    `example(user_id)` is the command to show with a full id filled in.
    """
    if FULL_ID.fullmatch(typed) and len(typed) <= MAX_USER_ID_CHARS:
        return typed
    bare = _LOCALPART.fullmatch(typed) if len(typed) <= MAX_USER_ID_CHARS else None
    server = sender.partition(":")[2] or "beispiel.de"
    if bare is None:
        raise CommandError(
            "actions.person_invalid", text=quote(typed), example=example(f"@name:{server}")
        )
    localpart = bare[1].lower()
    candidates = sorted(
        user
        for user in await actions.network_users(session, network_id) | {sender}
        if user.partition(":")[0][1:].lower() == localpart
    )
    if len(candidates) == 1:
        return candidates[0]
    guess = f"@{bare[1]}:{server}"
    if candidates:
        raise CommandError(
            "actions.person_ambiguous",
            text=quote(typed),
            candidates=", ".join(candidates),
            example=example(candidates[0]),
        )
    raise CommandError("actions.person_unknown", text=quote(typed), example=example(guess))
