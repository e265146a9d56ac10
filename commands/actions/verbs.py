"""The verbs that change an action item: done, reopen, hand over, due date.

Only the owner, the creator and moderators change an item; everyone else is told who can.
Every check runs before the first write, so bad input or a refusal changes nothing.
"""

from __future__ import annotations

import re

from commands.actions.args import person_token
from commands.actions.common import (
    item_or_error,
    may_change_item,
    number_or_error,
    person_example,
    today,
)
from commands.actions.declarations import ACTION
from commands.actions.people import people, resolve
from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.parsing.dates import example_for, parse_deadline
from commands.parsing.text import fold, quote
from commands.reply import Reply
from commands.shared import network_of, zone
from commands.timefmt import format_date
from storage import actions
from storage.records import ActionItemRecord

_TO_WORD = re.compile(r"\s*(?:an|to|auf)(?=\s)", re.IGNORECASE)
_NO_DUE = frozenset({"keine", "keiner", "none", "-", "ohne", "no"})


# --- changing -----------------------------------------------------------------------------


async def done(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Close an item."""
    item = await _changeable(inv, ctx, rest, "done", tail="")
    language = ctx.language
    if item.status == actions.DONE:
        example = ACTION.text(ctx, "reopen", str(item.number))
        raise CommandError(
            "actions.already_done", number=item.number, title=item.title, example=example
        )
    await actions.mark_done(ctx.session, item.network_id, item.number, by=inv.sender, at=ctx.now())
    return Reply.text(t(language, "actions.done", number=item.number, title=item.title))


async def reopen(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Open a closed item again."""
    item = await _changeable(inv, ctx, rest, "reopen", tail="")
    if item.status == actions.OPEN:
        raise CommandError("actions.already_open", number=item.number, title=item.title)
    await actions.reopen(ctx.session, item.network_id, item.number, by=inv.sender, at=ctx.now())
    return Reply.text(t(ctx.language, "actions.reopened", number=item.number, title=item.title))


async def handover(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Give an item to someone else; the new owner is mentioned so they notice."""
    network = network_of(ctx)
    number, after = item_number(ctx, rest, "handover", tail=" " + person_example(inv))
    item = await _changeable_number(inv, ctx, number, "handover", tail=" " + person_example(inv))
    _open_or_error(ctx, item)
    lead = _TO_WORD.match(after)
    if lead is not None:
        after = after[lead.end() :]
    typed = [person_token(word) for word in after.split()]
    example = ACTION.text(ctx, "handover", str(item.number), person_example(inv))
    if not typed:
        raise UsageError("actions.handover_missing", example=example)
    if len(typed) > 1 or not typed[0].startswith("@"):
        raise UsageError("actions.handover_one", text=quote(after), example=example)

    def with_person(user_id: str) -> str:
        return ACTION.text(ctx, "handover", str(item.number), user_id)

    owner = await resolve(ctx.session, network.id, typed[0], sender=inv.sender, example=with_person)
    known = await people(ctx.session, network.id, [owner, item.owner], ctx.display_names)
    if owner == item.owner:
        raise CommandError("actions.handover_same", number=item.number, owner=known[owner].label)
    await actions.hand_over(
        ctx.session, network.id, item.number, owner, by=inv.sender, at=ctx.now()
    )
    text = t(ctx.language, "actions.handed_over", number=item.number, title=item.title)
    return Reply.text(text, " ", known[owner].mention(), ".", attention=True)


async def due(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Set, move or clear (`keine`) an item's due date."""
    network = network_of(ctx)
    now = ctx.now()
    day_example = example_for(now, with_time=False)
    number, after = item_number(ctx, rest, "due", tail=" " + day_example)
    item = await _changeable_number(inv, ctx, number, "due", tail=" " + day_example)
    _open_or_error(ctx, item)
    example = ACTION.text(ctx, "due", str(item.number), day_example)
    text = after.strip()
    if not text:
        raise UsageError("actions.due_missing", example=example)
    language = ctx.language
    if fold(text) in _NO_DUE:
        await actions.set_due(ctx.session, network.id, item.number, None, by=inv.sender, at=now)
        return Reply.text(t(language, "actions.due_cleared", number=item.number, title=item.title))
    day = parse_deadline(text, now=now, tz=zone(network))
    if day < today(ctx):
        raise CommandError("actions.due_past", day=format_date(day, language), example=example)
    await actions.set_due(ctx.session, network.id, item.number, day, by=inv.sender, at=now)
    shown = format_date(day, language)
    return Reply.text(
        t(language, "actions.due_set", number=item.number, title=item.title, day=shown)
    )


# --- shared checks ------------------------------------------------------------------------


def item_number(ctx: Context, text: str, verb: str | None, *, tail: str = "") -> tuple[int, str]:
    """The item number at the start of `text` and what follows, or a usage error."""
    return number_or_error(
        text,
        missing="actions.number_missing",
        not_a_number="actions.not_a_number",
        example=ACTION.text(ctx, verb, "12") + tail,
    )


def no_extra(ctx: Context, extra: str, command: str) -> None:
    """Refuse words after a command that takes none, so nothing typed is silently dropped."""
    if extra.strip():
        raise UsageError("args.unexpected", command=command, extra=quote(extra))


async def _changeable(
    inv: Invocation, ctx: Context, rest: str, verb: str, *, tail: str
) -> ActionItemRecord:
    """The item named by the number in `rest`, if the sender may change it; nothing after."""
    number, extra = item_number(ctx, rest, verb, tail=tail)
    no_extra(ctx, extra, ACTION.text(ctx, verb, str(number)))
    return await _changeable_number(inv, ctx, number, verb, tail=tail)


async def _changeable_number(
    inv: Invocation, ctx: Context, number: int, verb: str, *, tail: str
) -> ActionItemRecord:
    item = await item_or_error(ctx, number, verb)
    if not may_change_item(inv, ctx, item):
        known = await people(
            ctx.session, item.network_id, [item.owner, item.created_by], ctx.display_names
        )
        raise CommandError(
            "actions.not_allowed",
            number=item.number,
            owner=known[item.owner].label,
            creator=known[item.created_by].label,
            example=ACTION.text(ctx, verb, str(item.number)) + tail,
        )
    return item


def _open_or_error(ctx: Context, item: ActionItemRecord) -> None:
    if item.status != actions.OPEN:
        raise CommandError(
            "actions.is_done",
            number=item.number,
            example=ACTION.text(ctx, "reopen", str(item.number)),
        )
