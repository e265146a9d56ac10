"""`!aufgabe` / `!action`: create an action item, show one, and the verbs that change it.

Items are referred to by their number in the network (`!aufgabe 12`). Only the owner, the
creator and moderators change an item. Every check runs before the first write, so bad
input or a refusal changes nothing even where the caller keeps the session's changes.
The list (`!aufgaben`) lives in `commands/actions/listing.py`.
"""

from __future__ import annotations

from commands.actions import listing, verbs
from commands.actions.args import Options, parse_draft
from commands.actions.common import (
    item_or_error,
    new_item_example,
    package_or_error,
    person_example,
    retyped,
    split_number,
    today,
    unknown_verb,
)
from commands.actions.declarations import ACTION
from commands.actions.people import Person, people, resolve
from commands.actions.verbs import item_number, no_extra
from commands.actions.views import (
    ItemDetail,
    detail_blocks,
    history_lines,
    history_people,
    topics_text,
)
from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError
from commands.invocation import Invocation
from commands.parsing.dates import example_for
from commands.parsing.text import quote
from commands.reply import Block, Code, Inline, Paragraph, Reply
from commands.shared import network_of, zone
from commands.timefmt import format_date
from storage import action_history, actions, meetups, workpackages
from storage.records import ActionItemRecord

HISTORY_SHOWN = 30
"""History lines `verlauf` shows; the oldest (creation) and the newest matter most."""


async def handle_item(inv: Invocation, ctx: Context, args: str) -> Reply:
    """No sub-command: nothing lists, a number shows an item, any other word is unknown."""
    words = args.split(maxsplit=1)
    if not words:
        return await listing.show_list(inv, ctx, "")
    if split_number(args) is not None:
        return await show_item(inv, ctx, args)
    raise unknown_verb(ctx, ACTION, "actions.unknown_verb", args)


# --- creating -----------------------------------------------------------------------------


MAX_OPEN_ITEMS = 2000
"""Open action items per network: far above what a network keeps open, low enough that
every listing and search over them stays cheap."""


async def new_item(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Store an item owned by the named person (default: the sender)."""
    network = network_of(ctx)
    if await actions.count(ctx.session, network.id) >= MAX_OPEN_ITEMS:
        raise CommandError("actions.too_many_open", limit=MAX_OPEN_ITEMS)
    now = ctx.now()
    example = new_item_example(ctx)
    draft = parse_draft(
        rest,
        Options(due=True, work_package=True, command=ACTION.text(ctx, "new")),
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
            return ACTION.text(ctx, "new", retyped(rest, draft.people[0], user_id))

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
    known = await people(ctx.session, network.id, [owner], ctx.display_names)
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
                Code(ACTION.text(ctx, "done", str(item.number))),
            )
        )
    )
    return Reply.of(*blocks, attention=owner != inv.sender)  # an item given to someone else


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
    number, extra = item_number(ctx, text, None)
    no_extra(ctx, extra, ACTION.text(ctx, None, str(number)))
    item = await item_or_error(ctx, number, "show")
    detail = await load_detail(ctx, network.id, item)
    blocks = detail_blocks(detail, ctx.language, zone(network), today(ctx))
    return Reply.of(*blocks, Paragraph(_change_hints(inv, ctx, item)))


async def load_detail(ctx: Context, network_id: int, item: ActionItemRecord) -> ItemDetail:
    """Everything `!aufgabe <nr>` shows about `item`, read before any text is built."""
    package = meetup = None
    if item.work_package_id is not None:
        package = await workpackages.get_by_id(ctx.session, network_id, item.work_package_id)
    if item.meetup_id is not None:
        meetup = await meetups.get_meetup(ctx.session, network_id, item.meetup_id)
    known = await people(ctx.session, network_id, [item.owner, item.created_by], ctx.display_names)
    return ItemDetail(item, known[item.owner], known[item.created_by], package, meetup)


def _change_hints(inv: Invocation, ctx: Context, item: ActionItemRecord) -> tuple[Inline, ...]:
    """The commands that change this item, ready to copy."""
    number = str(item.number)
    if item.status == actions.DONE:
        commands = [ACTION.text(ctx, "reopen", number)]
    else:
        day = example_for(ctx.now(), with_time=False)
        commands = [
            ACTION.text(ctx, "done", number),
            ACTION.text(ctx, "handover", number, person_example(inv)),
            ACTION.text(ctx, "due", number, day),
        ]
    commands.append(ACTION.text(ctx, "history", number))
    parts: list[Inline] = [t(ctx.language, "actions.change_hint")]
    for index, command in enumerate(commands):
        parts += [" · " if index else " ", Code(command)]
    return tuple(parts)


async def history(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Every change of the item: who, when, what (old → new)."""
    network = network_of(ctx)
    number, extra = item_number(ctx, rest, "history")
    no_extra(ctx, extra, ACTION.text(ctx, "history", str(number)))
    item = await item_or_error(ctx, number, "history")
    changes = await action_history.item_history(ctx.session, network.id, item.id)
    shown = (
        changes if len(changes) <= HISTORY_SHOWN else changes[:1] + changes[-HISTORY_SHOWN + 1 :]
    )
    known = await people(ctx.session, network.id, history_people(shown), ctx.display_names)
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


ACTION_ENTRY = ACTION.bind(
    handle_item,
    new=new_item,
    done=verbs.done,
    reopen=verbs.reopen,
    handover=verbs.handover,
    due=verbs.due,
    history=history,
    list=listing.show_list,
)
