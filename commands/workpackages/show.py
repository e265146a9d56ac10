"""`!ap <nr>`: one work package in full, with its action items and its history.

The owners are pills here (a look at a package is about them); the items' owners are
plain text, so showing a package with many items notifies only its owners.
"""

from __future__ import annotations

from collections.abc import Mapping

from commands.actions.common import (
    lang,
    number_or_error,
    package_option,
    package_or_error,
    today,
)
from commands.actions.declarations import ACTION, ACTIONS
from commands.actions.people import Person, people
from commands.actions.views import (
    history_lines,
    history_people,
    item_line,
    package_status,
    topics_text,
)
from commands.catalogue import t
from commands.context import Context
from commands.errors import UsageError
from commands.invocation import Invocation
from commands.parsing.text import quote
from commands.reply import Block, Bold, BulletList, Code, Inline, Paragraph, Reply
from commands.shared import network_of, zone
from commands.workpackages.declarations import WORKPACKAGE
from storage import action_history, actions
from storage.records import ActionItemRecord, WorkPackageRecord

ITEMS_SHOWN = 15
HISTORY_SHOWN = 10


async def show_package(inv: Invocation, ctx: Context, text: str) -> Reply:
    """One package: facts, owners as pills, its items and its history."""
    network = network_of(ctx)
    language = ctx.language
    number, extra = number_or_error(
        text,
        missing="workpackages.number_missing",
        not_a_number="workpackages.not_a_number",
        example=WORKPACKAGE.text(ctx, None, "3"),
    )
    if extra.strip():
        command = WORKPACKAGE.text(ctx, None, str(number))
        raise UsageError("args.unexpected", command=command, extra=quote(extra))
    package = await package_or_error(ctx, number, None)
    items = await actions.items(ctx.session, network.id, status=None, work_package_id=package.id)
    items.sort(key=lambda i: i.status != actions.OPEN)  # stable: open ones first, by due date
    changes = await action_history.work_package_history(ctx.session, network.id, package.id)
    recent = changes[-HISTORY_SHOWN:]
    users = {*package.owners, *(i.owner for i in items), *history_people(recent)}
    known = await people(ctx.session, network.id, users, ctx.display_names)
    title = t(language, "workpackages.detail_title", number=package.number, title=package.title)
    status = package_status(package.status, language)
    lead = package.lead or t(language, "history.none")
    facts = f"{t(language, 'workpackages.status')} {status}"
    facts += f" · {t(language, 'workpackages.lead')} {lead}"
    blocks: list[Block] = [
        Paragraph((Bold(title),)),
        Paragraph((facts,)),
        Paragraph(_owners_line(package, known, language)),
    ]
    if package.topics:
        topics = f"{t(language, 'workpackages.topics')} {topics_text(package.topics)}"
        blocks.append(Paragraph((topics,)))
    blocks += _items_blocks(ctx, package, items, known)
    blocks.append(Paragraph((Bold(t(language, "workpackages.history")),)))
    blocks.append(history_lines(recent, known, language, zone(network)))
    if len(recent) < len(changes):
        cut = t(language, "workpackages.history_cut", count=len(changes) - len(recent))
        blocks.append(Paragraph((cut,)))
    return Reply.of(*blocks)


def _items_blocks(
    ctx: Context,
    package: WorkPackageRecord,
    items: list[ActionItemRecord],
    known: Mapping[str, Person],
) -> list[Block]:
    """Heading with counts, the first items, and how to see the rest or add one."""
    language = ctx.language
    option = package_option(ctx, package.number)
    open_count = sum(1 for i in items if i.status == actions.OPEN)
    heading = t(language, "workpackages.items", open=open_count, done=len(items) - open_count)
    blocks: list[Block] = [Paragraph((Bold(heading),))]
    if not items:
        example = ACTION.text(ctx, "new", "<title>" if lang(ctx) == "en" else "<Titel>", option)
        blocks.append(Paragraph((t(language, "workpackages.no_items"), " ", Code(example))))
        return blocks
    day = today(ctx)
    shown = items[:ITEMS_SHOWN]
    blocks.append(
        BulletList(tuple(item_line(i, known, day, language, package=False) for i in shown))
    )
    if len(items) > len(shown):
        more = t(language, "workpackages.items_more", count=len(items) - len(shown))
        blocks.append(Paragraph((more, " ", Code(ACTIONS.text(ctx, None, option)))))
    return blocks


def _owners_line(
    package: WorkPackageRecord, known: Mapping[str, Person], language: str
) -> tuple[Inline, ...]:
    """`Verantwortlich: <pill> (Bad Salzuflen, …), <pill>`."""
    parts: list[Inline] = [t(language, "workpackages.owners"), " "]
    if not package.owners:
        return (*parts, t(language, "workpackages.nobody"))
    for index, owner in enumerate(package.owners):
        if index:
            parts.append(", ")
        person = known[owner]
        parts.append(person.mention())
        if person.reach():
            parts.append(f" ({person.reach()})")
    return tuple(parts)
