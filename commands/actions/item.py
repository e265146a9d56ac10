"""`!aufgabe` / `!action`: create an action item, show one, and the verbs that change it.

Items are referred to by their number in the network (`!aufgabe 12`). Only the owner, the
creator and moderators change an item. Every check runs before the first write, so bad
input or a refusal changes nothing even where the caller keeps the session's changes.
The list (`!aufgaben`) lives in `commands/actions/listing.py`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from commands.actions import listing, verbs
from commands.actions.args import Options, parse_draft
from commands.actions.common import (
    ITEM_VERB_WORDS,
    item_command,
    item_or_error,
    item_verb,
    lang,
    new_item_example,
    package_or_error,
    person_example,
    retyped,
    split_number,
    today,
)
from commands.actions.people import Person, people, resolve
from commands.actions.verbs import item_number, no_extra
from commands.actions.views import history_lines, history_people, item_status, topics_text
from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.parsing.dates import example_for
from commands.parsing.text import quote
from commands.registry import Command
from commands.reply import Block, Bold, Code, Inline, Paragraph, Reply
from commands.shared import network_of, zone
from commands.timefmt import format_date
from storage import action_history, actions, meetups, workpackages
from storage.records import ActionItemRecord

Verb = Callable[[Invocation, Context, str], Awaitable[Reply]]

HISTORY_SHOWN = 30
"""History lines `verlauf` shows; the oldest (creation) and the newest matter most."""


async def handle_item(inv: Invocation, ctx: Context, args: str) -> Reply:
    """Dispatch on the first word: a verb in either language, a number, or nothing (list)."""
    network_of(ctx)
    words = args.split(maxsplit=1)
    if not words:
        return await listing.show_list(inv, ctx, "")
    verb, rest = item_verb(args)
    if verb is None:
        if split_number(args) is not None:
            return await show_item(inv, ctx, args)
        verbs = ", ".join(words[lang(ctx)] for words in ITEM_VERB_WORDS.values())
        raise UsageError(
            "actions.unknown_verb",
            text=quote(words[0]),
            command=item_command(ctx),
            verbs=verbs,
            example=item_command(ctx, "new", quote(args)),
        )
    return await VERBS[verb](inv, ctx, rest)


# --- creating -----------------------------------------------------------------------------


async def new_item(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Store an item owned by the named person (default: the sender)."""
    network = network_of(ctx)
    now = ctx.now()
    example = new_item_example(ctx)
    draft = parse_draft(
        rest,
        Options(due=True, work_package=True),
        now=now,
        tz=zone(network),
        example=example,
    )
    if len(draft.people) > 1:
        raise CommandError(
            "actions.one_owner", people=quote(", ".join(draft.people)), example=example
        )
    owner = inv.sender
    if draft.people:

        def with_person(user_id: str) -> str:
            return item_command(ctx, "new", retyped(rest, draft.people[0], user_id))

        owner = await resolve(
            ctx.session, network.id, draft.people[0], sender=inv.sender, example=with_person
        )
    if draft.due is not None and draft.due < today(ctx):
        raise CommandError(
            "actions.due_past", day=format_date(draft.due, ctx.language), example=example
        )
    package_id = None
    if draft.work_package is not None:
        package_id = (await package_or_error(ctx, draft.work_package, None)).id
    running = await meetups.upcoming(ctx.session, network.id, after=now, limit=1)
    meetup = running[0] if running and running[0].starts_at <= now else None
    item = await actions.create_item(
        ctx.session,
        network_id=network.id,
        title=draft.title,
        owner=owner,
        created_by=inv.sender,
        created_at=now,
        due_on=draft.due,
        work_package_id=package_id,
        meetup_id=meetup.id if meetup else None,
        topics=draft.topics,
    )
    known = await people(ctx.session, network.id, [owner])
    language = ctx.language
    blocks: list[Block] = [
        Paragraph((t(language, "actions.created", number=item.number, title=item.title),)),
        Paragraph(_facts(ctx, item, known[owner], pill=owner != inv.sender)),
    ]
    if meetup is not None:
        blocks.append(Paragraph((t(language, "actions.at_running_meetup"),)))
    blocks.append(
        Paragraph(
            (
                t(language, "actions.done_hint"),
                " ",
                Code(item_command(ctx, "done", str(item.number))),
            )
        )
    )
    return Reply.of(*blocks)


def _facts(
    ctx: Context, item: ActionItemRecord, owner: Person, *, pill: bool
) -> tuple[Inline, ...]:
    """`Verantwortlich: Erika · Frist: bis … · AP 3 · #ozg`."""
    language = ctx.language
    parts: list[Inline] = [
        t(language, "actions.owner"),
        " ",
        owner.mention() if pill else owner.label,
    ]
    if item.due_on is not None:
        parts.append(f" · {t(language, 'actions.due')} {format_date(item.due_on, language)}")
    if item.work_package_number is not None:
        parts.append(f" · {t(language, 'workpackages.short', number=item.work_package_number)}")
    if item.topics:
        parts.append(f" · {topics_text(item.topics)}")
    return tuple(parts)


# --- showing ------------------------------------------------------------------------------


async def show_item(inv: Invocation, ctx: Context, text: str) -> Reply:
    """One item in full; its owner as a pill, because a look at an item is about them."""
    network = network_of(ctx)
    language = ctx.language
    number, extra = item_number(ctx, text, None)
    no_extra(ctx, extra, item_command(ctx, None, str(number)))
    item = await item_or_error(ctx, number, "show")
    known = await people(ctx.session, network.id, [item.owner, item.created_by])
    tz = zone(network)
    blocks: list[Block] = [
        Paragraph(
            (Bold(t(language, "actions.detail_title", number=item.number, title=item.title)),)
        ),
    ]
    owner = known[item.owner]
    owner_line: list[Inline] = [t(language, "actions.owner"), " ", owner.mention()]
    if owner.reach():
        owner_line.append(f" ({owner.reach()})")
    blocks.append(Paragraph(tuple(owner_line)))
    status = item_status(item.status, language)
    if item.done_at is not None and item.status == actions.DONE:
        status += " " + t(language, "actions.done_on", day=format_date(item.done_at, language, tz))
    due = (
        format_date(item.due_on, language)
        if item.due_on is not None
        else t(language, "history.none")
    )
    if item.status == actions.OPEN and item.due_on is not None and item.due_on < today(ctx):
        due += " " + t(language, "actions.overdue_mark")
    blocks.append(
        Paragraph(
            (f"{t(language, 'actions.status')} {status} · {t(language, 'actions.due')} {due}",)
        )
    )
    if item.work_package_id is not None:
        package = await workpackages.get_by_id(ctx.session, network.id, item.work_package_id)
        if package is not None:
            short = t(language, "workpackages.short", number=package.number)
            blocks.append(Paragraph((f"{t(language, 'actions.package')} {short} {package.title}",)))
    if item.topics:
        blocks.append(Paragraph((f"{t(language, 'actions.topics')} {topics_text(item.topics)}",)))
    created = t(
        language,
        "actions.created_by",
        day=format_date(item.created_at, language, tz),
        who=known[item.created_by].label,
    )
    if item.meetup_id is not None:
        meetup = await meetups.get_meetup(ctx.session, network.id, item.meetup_id)
        if meetup is not None:
            day = format_date(meetup.starts_at, language, tz)
            created += " " + t(language, "actions.at_meetup", day=day)
    blocks.append(Paragraph((created,)))
    blocks.append(Paragraph(_change_hints(inv, ctx, item)))
    return Reply.of(*blocks)


def _change_hints(inv: Invocation, ctx: Context, item: ActionItemRecord) -> tuple[Inline, ...]:
    """The commands that change this item, ready to copy."""
    number = str(item.number)
    if item.status == actions.DONE:
        commands = [item_command(ctx, "reopen", number)]
    else:
        day = example_for(ctx.now(), with_time=False)
        commands = [
            item_command(ctx, "done", number),
            item_command(ctx, "handover", number, person_example(inv)),
            item_command(ctx, "due", number, day),
        ]
    commands.append(item_command(ctx, "history", number))
    parts: list[Inline] = [t(ctx.language, "actions.change_hint")]
    for index, command in enumerate(commands):
        parts += [" · " if index else " ", Code(command)]
    return tuple(parts)


async def history(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Every change of the item: who, when, what (old → new)."""
    network = network_of(ctx)
    number, extra = item_number(ctx, rest, "history")
    no_extra(ctx, extra, item_command(ctx, "history", str(number)))
    item = await item_or_error(ctx, number, "history")
    changes = await action_history.item_history(ctx.session, network.id, item.id)
    shown = (
        changes if len(changes) <= HISTORY_SHOWN else changes[:1] + changes[-HISTORY_SHOWN + 1 :]
    )
    known = await people(ctx.session, network.id, history_people(shown))
    language = ctx.language
    blocks: list[Block] = [
        Paragraph((t(language, "actions.history_title", number=item.number, title=item.title),)),
        history_lines(shown, known, language, zone(network)),
    ]
    if len(shown) < len(changes):
        blocks.append(
            Paragraph((t(language, "actions.history_cut", count=len(changes) - len(shown)),))
        )
    return Reply.of(*blocks)


VERBS: dict[str, Verb] = {
    "new": new_item,
    "done": verbs.done,
    "reopen": verbs.reopen,
    "handover": verbs.handover,
    "due": verbs.due,
    "history": history,
    "list": listing.show_list,
}


ACTION = Command(
    name="aufgabe",
    english="action",
    aliases=("todo",),
    summary={
        "de": "legt Aufgaben an, zeigt, erledigt und übergibt sie, ändert Fristen, zeigt den "
        "Verlauf",
        "en": "creates, shows, finishes and hands over action items, changes due dates, shows "
        "the history",
    },
    usage={
        "de": (
            "aufgabe neu <Titel> [@person:server] [bis <datum>] [ap:<nr>] [#thema]",
            "aufgabe <nr>",
            "aufgabe erledigt <nr>",
            "aufgabe wieder öffnen <nr>",
            "aufgabe übergeben <nr> @person:server",
            "aufgabe frist <nr> <datum|keine>",
            "aufgabe verlauf <nr>",
        ),
        "en": (
            "action new <title> [@person:server] [by <date>] [wp:<no>] [#topic]",
            "action <no>",
            "action done <no>",
            "action reopen <no>",
            "action handover <no> @person:server",
            "action due <no> <date|none>",
            "action history <no>",
        ),
    },
    handler=handle_item,
)
