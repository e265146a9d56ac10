"""The verbs that change a work package: status, lead, owners, topics.

Only the package's owners and moderators change it; everyone else is told who can. Every
check runs before the first write, so bad input changes nothing.
"""

from __future__ import annotations

from commands.actions.args import MAX_TOPICS, person_token, topic_of
from commands.actions.common import (
    PACKAGE_STATUS_WORDS,
    PACKAGE_STATUSES,
    lang,
    may_change_package,
    number_or_error,
    package_or_error,
    person_example,
)
from commands.actions.people import people, resolve
from commands.actions.views import owners_text, package_status, topics_text
from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.parsing.fuzzy import match_name
from commands.parsing.text import fold, quote
from commands.reply import Reply
from commands.shared import network_of
from commands.workpackages.declarations import WORKPACKAGE
from storage import networks, workpackages
from storage.records import WorkPackageRecord

MAX_OWNERS = 10
_NONE = frozenset({"keine", "keiner", "none", "-", "niemand"})


async def status(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """`!ap status 3 läuft`."""
    example_status = PACKAGE_STATUS_WORDS[workpackages.RUNNING][lang(ctx)]
    package, after, example = await _changeable(inv, ctx, rest, "status", example_status)
    choices = ", ".join(words[lang(ctx)] for words in PACKAGE_STATUS_WORDS.values())
    text = after.strip()
    if not text:
        raise UsageError("workpackages.status_missing", statuses=choices, example=example)
    new = PACKAGE_STATUSES.get(fold(text))
    if new is None:
        raise UsageError(
            "workpackages.status_unknown", text=quote(text), statuses=choices, example=example
        )
    changed = await workpackages.set_status(
        ctx.session, package.network_id, package.number, new, by=inv.sender, at=ctx.now()
    )
    shown = package_status(changed.status, ctx.language)
    return _confirmed(ctx, package, "workpackages.status_set", status=shown)


async def lead(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """`!ap federführung 3 Lemgo`, or `keine` for no lead."""
    network = network_of(ctx)
    package, after, example = await _changeable(inv, ctx, rest, "lead", "Lemgo")
    text = after.strip()
    municipalities = await networks.list_municipalities(ctx.session, network.id)
    if not text:
        raise UsageError("workpackages.lead_missing", example=example)
    if fold(text) in _NONE:
        municipality_id = None
    else:
        names = [m.name for m in municipalities]
        name = match_name(text, names)
        if name is None:
            raise CommandError(
                "workpackages.lead_unknown",
                text=quote(text),
                names=", ".join(names[:6]) + (" …" if len(names) > 6 else ""),
                example=example,
            )
        municipality_id = next(m.id for m in municipalities if m.name == name)
    changed = await workpackages.set_lead(
        ctx.session, network.id, package.number, municipality_id, by=inv.sender, at=ctx.now()
    )
    shown = changed.lead or t(ctx.language, "history.none")
    return _confirmed(ctx, package, "workpackages.lead_set", lead=shown)


async def owner(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """`!ap verantwortlich 3 +@max:… -@erika:…`; a name without sign is added."""
    network = network_of(ctx)
    someone = person_example(inv)
    package, after, example = await _changeable(inv, ctx, rest, "owner", f"+{someone}")
    words = after.split()
    if not words:
        raise UsageError("workpackages.owner_missing", example=example)
    add: list[str] = []
    remove: list[str] = []
    for word in words:
        sign, typed = ("-", word[1:]) if word[:1] in "-−" else ("+", word.removeprefix("+"))
        typed = person_token(typed)
        if not typed.startswith("@") or len(typed) < 2:
            raise UsageError("workpackages.owner_token", text=quote(word), example=example)

        def with_person(user_id: str, sign: str = sign) -> str:
            return WORKPACKAGE.text(ctx, "owner", str(package.number), sign + user_id)

        user = await resolve(ctx.session, network.id, typed, sender=inv.sender, example=with_person)
        (remove if sign == "-" else add).append(user)
    result = [o for o in package.owners if o not in remove] + [
        user for user in add if user not in package.owners
    ]
    if not result:
        raise CommandError("workpackages.owners_empty", number=package.number, example=example)
    if len(set(result)) > MAX_OWNERS:
        raise UsageError("workpackages.too_many_owners", limit=MAX_OWNERS, example=example)
    changed = await workpackages.change_owners(
        ctx.session, network.id, package.number, add=add, remove=remove, by=inv.sender, at=ctx.now()
    )
    known = await people(ctx.session, network.id, changed.owners, ctx.display_names)
    shown = owners_text(changed.owners, known, ctx.language)
    return _confirmed(ctx, package, "workpackages.owners_set", owners=shown)


async def topics(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """`!ap themen 3 #ozg #e-akte` replaces the topics; `keine` clears them."""
    network = network_of(ctx)
    package, after, example = await _changeable(
        inv, ctx, rest, "topics", "#ozg", example_tail="#ozg #serviceportal"
    )
    words = after.split()
    if not words:
        raise UsageError("workpackages.topics_missing", example=example)
    if len(words) == 1 and fold(words[0]) in _NONE:
        wanted: list[str] = []
    else:
        wanted = []
        for word in words:
            topic = topic_of(word)
            if topic is None:
                raise UsageError("workpackages.topic_token", text=quote(word), example=example)
            if topic not in wanted:
                wanted.append(topic)
        if len(wanted) > MAX_TOPICS:
            raise UsageError("actions.too_many_topics", limit=MAX_TOPICS, example=example)
    changed = await workpackages.set_topics(
        ctx.session, network.id, package.number, wanted, by=inv.sender, at=ctx.now()
    )
    shown = topics_text(changed.topics) or t(ctx.language, "history.none")
    return _confirmed(ctx, package, "workpackages.topics_set", topics=shown)


async def _changeable(
    inv: Invocation, ctx: Context, rest: str, verb: str, tail: str, *, example_tail: str = ""
) -> tuple[WorkPackageRecord, str, str]:
    """The package named first in `rest` if the sender may change it, the words after, and
    an example of the verb for this package (`tail`, or `example_tail` if given, after it)."""
    number, after = number_or_error(
        rest,
        missing="workpackages.number_missing",
        not_a_number="workpackages.not_a_number",
        example=WORKPACKAGE.text(ctx, verb, "3", tail),
    )
    package = await package_or_error(ctx, number, verb)
    if not may_change_package(inv, ctx, package):
        known = await people(ctx.session, package.network_id, package.owners, ctx.display_names)
        raise CommandError(
            "workpackages.not_allowed",
            number=package.number,
            owners=owners_text(package.owners, known, ctx.language),
            example=WORKPACKAGE.text(ctx, verb, str(package.number), tail),
        )
    example = WORKPACKAGE.text(ctx, verb, str(package.number), example_tail or tail)
    return package, after, example


def _confirmed(ctx: Context, package: WorkPackageRecord, key: str, **shown: str) -> Reply:
    """The answer `key` to a change of `package`, with what it shows now."""
    return Reply.text(t(ctx.language, key, number=package.number, title=package.title, **shown))
