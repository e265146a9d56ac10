"""What `!aufgabe`, `!aufgaben`, `!ap` and `!wer` share.

Item and package numbers (with "nearest numbers" for a wrong one), working examples, and
who may change what. The command words are declared in `declarations.py` (and
`commands/workpackages/declarations.py`); how items look is in `commands/actions/views.py`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from commands.actions.declarations import ACTION
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.parsing.text import fold, quote
from commands.registry import Command
from commands.shared import network_of, zone
from commands.workpackages.declarations import WORKPACKAGE
from storage import actions, workpackages
from storage.records import ActionItemRecord, WorkPackageRecord

PACKAGE_STATUS_WORDS: Mapping[str, Mapping[str, str]] = {
    workpackages.PLANNED: {"de": "geplant", "en": "planned"},
    workpackages.RUNNING: {"de": "läuft", "en": "running"},
    workpackages.PAUSED: {"de": "pausiert", "en": "paused"},
    workpackages.DONE: {"de": "abgeschlossen", "en": "done"},
}
PACKAGE_STATUSES: Mapping[str, str] = {
    **{fold(w): status for status, words in PACKAGE_STATUS_WORDS.items() for w in words.values()},
    "plan": workpackages.PLANNED,
    "laufend": workpackages.RUNNING,
    "aktiv": workpackages.RUNNING,
    "active": workpackages.RUNNING,
    "pause": workpackages.PAUSED,
    "erledigt": workpackages.DONE,
    "fertig": workpackages.DONE,
    "closed": workpackages.DONE,
    "finished": workpackages.DONE,
}

MAX_NUMBER_DIGITS = 6
_NUMBER = re.compile(
    r"\s*(?:nr\.?\s*|no\.?\s*|#|ap\s*|wp\s*)?([0-9]+)\.?(?=[\s,;]|\Z)", re.IGNORECASE
)
_NEAREST = 3


def lang(ctx: Context) -> str:
    """`en` or `de`: the language of words shown in examples."""
    return "en" if ctx.language == "en" else "de"


def package_option(ctx: Context, number: int) -> str:
    """`ap:3` (German) / `wp:3` (English): how an item names its work package."""
    return f"{'wp' if lang(ctx) == 'en' else 'ap'}:{number}"


def retyped(text: str, typed: str, replacement: str) -> str:
    """What the person typed with one part replaced (`@erika` → `@erika:server`), one line."""
    return " ".join(text.replace(typed, replacement, 1).split())


def person_example(inv: Invocation) -> str:
    """`@name:server` on the sender's server, for examples."""
    return "@name:" + (inv.sender.partition(":")[2] or "beispiel.de")


def today(ctx: Context) -> date:
    """Today in the network's zone: due dates are days there."""
    return ctx.today(zone(network_of(ctx)))


def unknown_verb(ctx: Context, command: Command, key: str, args: str) -> UsageError:
    """`key` for `args` whose first word is neither a number nor a sub-command: it names the
    sub-commands and offers to create one titled with what was typed."""
    return UsageError(
        key,
        text=quote(args.split(maxsplit=1)[0]),
        command=command.text(ctx),
        verbs=command.sub_words(ctx.language),
        example=command.text(ctx, "new", quote(args)),
    )


def split_number(text: str) -> tuple[str, str] | None:
    """The digits of a number at the start (`3`, `#3`, `Nr. 3`, `AP 3`) and what follows."""
    found = _NUMBER.match(text)
    if found is None:
        return None
    return found[1], text[found.end() :]


def number_or_error(text: str, *, missing: str, not_a_number: str, example: str) -> tuple[int, str]:
    """The number at the start of `text`, or a usage error that says what is wrong."""
    found = split_number(text)
    if found is None:
        if not text.strip():
            raise UsageError(missing, example=example)
        raise UsageError(not_a_number, text=quote(text.split()[0]), example=example)
    digits, rest = found
    if len(digits) > MAX_NUMBER_DIGITS:
        return 10**MAX_NUMBER_DIGITS, rest  # exists nowhere, so the "no such" message follows
    return int(digits), rest


def nearest(numbers: Sequence[int], wanted: int) -> list[int]:
    """The existing numbers closest to `wanted`, ascending."""
    return sorted(sorted(numbers, key=lambda n: (abs(n - wanted), n))[:_NEAREST])


def closest(numbers: Sequence[int], wanted: int) -> int:
    """The existing number most likely meant (the nearest; the lower one on a tie)."""
    return min(numbers, key=lambda n: (abs(n - wanted), n))


R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class _Numbered(Generic[R]):
    """How to look up one kind of numbered thing, and what to say when it is missing."""

    get: Callable[[AsyncSession, int, int], Awaitable[R | None]]
    numbers: Callable[[AsyncSession, int], Awaitable[Sequence[int]]]
    none_key: str
    missing_key: str


_ITEMS = _Numbered(actions.get_item, actions.numbers, "actions.no_items", "actions.no_item")
_PACKAGES = _Numbered(
    workpackages.get, workpackages.numbers, "workpackages.no_packages", "workpackages.no_package"
)


async def _numbered_or_error(
    ctx: Context,
    number: int,
    kind: _Numbered[R],
    new_example: Callable[[Context], str],
    command: Callable[[str], str],
) -> R:
    """The thing with this number; else "there is none" with the nearest numbers, or with
    how to create the first one."""
    network = network_of(ctx)
    found = await kind.get(ctx.session, network.id, number)
    if found is not None:
        return found
    existing = await kind.numbers(ctx.session, network.id)
    if not existing:
        raise CommandError(kind.none_key, example=new_example(ctx))
    close = nearest(existing, number)
    raise CommandError(
        kind.missing_key,
        number=number,
        numbers=", ".join(map(str, close)),
        example=command(str(closest(close, number))),
    )


async def item_or_error(ctx: Context, number: int, verb: str) -> ActionItemRecord:
    """The item with this number; else "no such item" with the nearest numbers."""
    shown_verb = None if verb == "show" else verb
    return await _numbered_or_error(
        ctx, number, _ITEMS, new_item_example, lambda n: ACTION.text(ctx, shown_verb, n)
    )


async def package_or_error(ctx: Context, number: int, verb: str | None) -> WorkPackageRecord:
    """The package with this number; else "no such package" with the nearest numbers."""
    return await _numbered_or_error(
        ctx, number, _PACKAGES, new_package_example, lambda n: WORKPACKAGE.text(ctx, verb, n)
    )


def new_item_example(ctx: Context) -> str:
    """A working `!aufgabe neu …` with a due date a week ahead."""
    day = today(ctx).toordinal() + 7
    due = date.fromordinal(day)
    if lang(ctx) == "en":
        return ACTION.text(ctx, "new", f"Agree on form catalogue by {due.day}.{due.month}.")
    return ACTION.text(ctx, "new", f"Formular-Katalog abstimmen bis {due.day}.{due.month}.")


def new_package_example(ctx: Context) -> str:
    """A working `!ap neu …`."""
    if lang(ctx) == "en":
        return WORKPACKAGE.text(ctx, "new", '"Single service portal" lead:Lemgo #ozg')
    return WORKPACKAGE.text(ctx, "new", '"Einheitliches Serviceportal" federführung:Lemgo #ozg')


def may_change_item(inv: Invocation, ctx: Context, item: ActionItemRecord) -> bool:
    """Owner, creator and moderators change an item."""
    return ctx.is_moderator or inv.sender in (item.owner, item.created_by)


def may_change_package(inv: Invocation, ctx: Context, package: WorkPackageRecord) -> bool:
    """Owners and moderators change a work package."""
    return ctx.is_moderator or inv.sender in package.owners
