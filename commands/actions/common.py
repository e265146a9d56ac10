"""What `!aufgabe`, `!aufgaben`, `!ap` and `!wer` share.

Command words in both languages and how a command is written back ready to copy, item and
package numbers (with "nearest numbers" for a wrong one), and who may change what. How
items look is in `commands/actions/views.py`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.parsing.text import fold, quote
from commands.shared import network_of, zone
from storage import actions, workpackages
from storage.records import ActionItemRecord, WorkPackageRecord

ITEM = {"de": "aufgabe", "en": "action"}
ITEMS = {"de": "aufgaben", "en": "actions"}
PACKAGE = {"de": "ap", "en": "workpackage"}

ITEM_VERB_WORDS: Mapping[str, Mapping[str, str]] = {
    "new": {"de": "neu", "en": "new"},
    "done": {"de": "erledigt", "en": "done"},
    "reopen": {"de": "wieder öffnen", "en": "reopen"},
    "handover": {"de": "übergeben", "en": "handover"},
    "due": {"de": "frist", "en": "due"},
    "history": {"de": "verlauf", "en": "history"},
    "list": {"de": "liste", "en": "list"},
}
PACKAGE_VERB_WORDS: Mapping[str, Mapping[str, str]] = {
    "new": {"de": "neu", "en": "new"},
    "list": {"de": "liste", "en": "list"},
    "status": {"de": "status", "en": "status"},
    "lead": {"de": "federführung", "en": "lead"},
    "owner": {"de": "verantwortlich", "en": "owner"},
    "topics": {"de": "themen", "en": "topics"},
}
"""Each verb's word per language, in the order the help lists them."""

ITEM_VERBS: Mapping[str, str] = {
    **{fold(w): verb for verb, words in ITEM_VERB_WORDS.items() for w in words.values()},
    "add": "new",
    "anlegen": "new",
    "fertig": "done",
    "erledigen": "done",
    "close": "done",
    "oeffnen": "reopen",
    "oeffne": "reopen",
    "wiedereroeffnen": "reopen",
    "uebergabe": "handover",
    "zuweisen": "handover",
    "assign": "handover",
    "deadline": "due",
    "historie": "history",
    "log": "history",
}
PACKAGE_VERBS: Mapping[str, str] = {
    **{fold(w): verb for verb, words in PACKAGE_VERB_WORDS.items() for w in words.values()},
    "add": "new",
    "anlegen": "new",
    "ff": "lead",
    "verantwortliche": "owner",
    "owners": "owner",
    "thema": "topics",
    "topic": "topics",
    "tags": "topics",
}
"""Typed word (folded) → verb; both languages work everywhere."""


def item_verb(args: str) -> tuple[str | None, str]:
    """The item verb at the start of `args` – one word, or two (`wieder öffnen`) – and the
    text after it; `(None, args)` if `args` starts with no verb."""
    words = args.split(maxsplit=2)
    if len(words) > 1 and (verb := ITEM_VERBS.get(fold(" ".join(words[:2])))):
        return verb, words[2] if len(words) > 2 else ""
    first = args.split(maxsplit=1)
    verb = ITEM_VERBS.get(fold(first[0])) if first else None
    if verb is None:
        return None, args
    return verb, first[1] if len(first) > 1 else ""


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


def item_command(ctx: Context, verb: str | None = None, *args: str) -> str:
    """`!aufgabe erledigt 3` in the reader's language, ready to copy."""
    words = [ctx.prefix + ITEM[lang(ctx)]]
    if verb is not None:
        words.append(ITEM_VERB_WORDS[verb][lang(ctx)])
    return " ".join([*words, *args])


def list_command(ctx: Context, *args: str) -> str:
    """`!aufgaben überfällig`."""
    return " ".join([ctx.prefix + ITEMS[lang(ctx)], *args])


def package_command(ctx: Context, verb: str | None = None, *args: str) -> str:
    """`!ap status 3 läuft`."""
    words = [ctx.prefix + PACKAGE[lang(ctx)]]
    if verb is not None:
        words.append(PACKAGE_VERB_WORDS[verb][lang(ctx)])
    return " ".join([*words, *args])


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
    return ctx.now().astimezone(zone(network_of(ctx))).date()


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


async def item_or_error(ctx: Context, number: int, verb: str) -> ActionItemRecord:
    """The item with this number; else "no such item" with the nearest numbers."""
    network = network_of(ctx)
    item = await actions.get_item(ctx.session, network.id, number)
    if item is not None:
        return item
    existing = await actions.numbers(ctx.session, network.id)
    if not existing:
        raise CommandError("actions.no_items", example=new_item_example(ctx))
    close = nearest(existing, number)
    raise CommandError(
        "actions.no_item",
        number=number,
        numbers=", ".join(map(str, close)),
        example=item_command(ctx, None if verb == "show" else verb, str(closest(close, number))),
    )


async def package_or_error(ctx: Context, number: int, verb: str | None) -> WorkPackageRecord:
    """The package with this number; else "no such package" with the nearest numbers."""
    network = network_of(ctx)
    package = await workpackages.get(ctx.session, network.id, number)
    if package is not None:
        return package
    existing = await workpackages.numbers(ctx.session, network.id)
    if not existing:
        raise CommandError("workpackages.no_packages", example=new_package_example(ctx))
    close = nearest(existing, number)
    raise CommandError(
        "workpackages.no_package",
        number=number,
        numbers=", ".join(map(str, close)),
        example=package_command(ctx, verb, str(closest(close, number))),
    )


def new_item_example(ctx: Context) -> str:
    """A working `!aufgabe neu …` with a due date a week ahead."""
    day = today(ctx).toordinal() + 7
    due = date.fromordinal(day)
    if lang(ctx) == "en":
        return item_command(ctx, "new", f"Agree on form catalogue by {due.day}.{due.month}.")
    return item_command(ctx, "new", f"Formular-Katalog abstimmen bis {due.day}.{due.month}.")


def new_package_example(ctx: Context) -> str:
    """A working `!ap neu …`."""
    if lang(ctx) == "en":
        return package_command(ctx, "new", '"Single service portal" lead:Lemgo #ozg')
    return package_command(ctx, "new", '"Einheitliches Serviceportal" federführung:Lemgo #ozg')


def may_change_item(inv: Invocation, ctx: Context, item: ActionItemRecord) -> bool:
    """Owner, creator and moderators change an item."""
    return ctx.is_moderator or inv.sender in (item.owner, item.created_by)


def may_change_package(inv: Invocation, ctx: Context, package: WorkPackageRecord) -> bool:
    """Owners and moderators change a work package."""
    return ctx.is_moderator or inv.sender in package.owners
