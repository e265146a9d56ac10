"""`!aufgaben` / `!actions`: the network's action items, narrowed by filters.

Filters may be combined and come in any order: `meine`, `offen`, `überfällig`, `erledigt`,
`alle`, `@person:server`, `#thema`, `ap:3` and a municipality (`Lemgo`, `bad salzuflen`).
A municipality is matched against the owners' entries in the contact directory, so it
finds the items of people from that municipality who have an entry with their Matrix id.

People are shown as plain text here, never as pills: a list of thirty items must not
notify thirty people. A long list is cut with the number left out and the filters to
narrow it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from commands.actions.args import topic_of
from commands.actions.common import (
    lang,
    new_item_example,
    package_option,
    package_or_error,
    split_number,
    today,
)
from commands.actions.declarations import ACTION, ACTIONS
from commands.actions.people import label_of, people, resolve
from commands.actions.views import item_line
from commands.catalogue import t
from commands.context import Context
from commands.errors import UsageError
from commands.invocation import Invocation
from commands.parsing.fuzzy import match_name
from commands.parsing.text import fold, quote
from commands.reply import Block, BulletList, Code, Inline, Paragraph, Reply
from commands.shared import network_of
from storage import actions, networks, workpackages
from storage.records import ActionItemRecord

LIST_LIMIT = 20
"""Lines a list shows before it is cut: what fits on a screen in Element."""

_WORDS = {
    "meine": "mine",
    "mine": "mine",
    "my": "mine",
    "ich": "mine",
    "offen": "open",
    "offene": "open",
    "open": "open",
    "ueberfaellig": "overdue",
    "ueberfaellige": "overdue",
    "overdue": "overdue",
    "erledigt": "done",
    "erledigte": "done",
    "done": "done",
    "alle": "all",
    "all": "all",
}
_SHOWN_WORDS = {
    "mine": {"de": "meine", "en": "mine"},
    "overdue": {"de": "überfällig", "en": "overdue"},
    "done": {"de": "erledigt", "en": "done"},
    "all": {"de": "alle", "en": "all"},
}
_PACKAGE_PREFIXES = ("ap:", "wp:")


@dataclass(slots=True)
class Filters:
    """What the list is narrowed to; `words` are the plain-language labels for the heading."""

    status: str | None = actions.OPEN
    owner: str | None = None
    overdue: bool = False
    topic: str | None = None
    package_number: int | None = None
    municipality: str | None = None
    words: list[str] = field(default_factory=list)


async def show_list(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """The filtered list, cut at LIST_LIMIT lines with a hint how to narrow it."""
    network = network_of(ctx)
    filters = await _filters(inv, ctx, rest)
    language = ctx.language
    package_id = None
    if filters.package_number is not None:
        package_id = (await package_or_error(ctx, filters.package_number, None)).id
    where: actions.ItemFilters = {
        "status": filters.status,
        "owner": filters.owner,
        "due_before": today(ctx) if filters.overdue else None,
        "work_package_id": package_id,
    }
    # The common case reads one screen, and counts the list only if the screen is full;
    # topic, municipality and the order of done items are applied here, so those lists are
    # read whole.
    python_side = filters.topic, filters.municipality
    one_screen = python_side == (None, None) and filters.status != actions.DONE
    limit = LIST_LIMIT if one_screen else None
    found = await actions.items(ctx.session, network.id, **where, limit=limit)
    total = len(found)
    if one_screen and total == LIST_LIMIT:  # a full screen: there may be more
        total = await actions.count(ctx.session, network.id, **where)
    if filters.topic is not None:
        found = await _with_topic(ctx, found, filters.topic)
    known = await people(ctx.session, network.id, {item.owner for item in found}, ctx.display_names)
    if filters.municipality is not None:
        found = [i for i in found if known[i.owner].municipality == filters.municipality]
    if filters.status == actions.DONE:
        found.sort(key=lambda i: i.done_at or datetime.min.replace(tzinfo=UTC), reverse=True)
    if not one_screen:
        total = len(found)  # narrowed here after reading
    what = t(
        language, "actions.list_done" if filters.status == actions.DONE else "actions.list_open"
    )
    if filters.status is None:
        what = t(language, "actions.list_all")
    if not found:
        return _empty(ctx, filters, what)
    heading = what + (f" – {', '.join(filters.words)}" if filters.words else "")
    shown = found[:LIST_LIMIT]
    day = today(ctx)
    blocks: list[Block] = [
        Paragraph((t(language, "actions.list_heading", what=heading, count=total),)),
        BulletList(tuple(item_line(item, known, day, language) for item in shown)),
    ]
    if total > len(shown):
        blocks.append(Paragraph(_narrow_hint(ctx, total - len(shown))))
    blocks.append(
        Paragraph(
            (
                t(language, "actions.list_details"),
                " ",
                Code(ACTION.text(ctx, None, str(shown[0].number))),
            )
        )
    )
    return Reply.of(*blocks)


async def _filters(inv: Invocation, ctx: Context, rest: str) -> Filters:
    """Read the filter words; the words no filter knows must name a municipality."""
    network = network_of(ctx)
    language = ctx.language
    filters = Filters()
    leftover: list[str] = []
    for word in rest.split():
        kind = _WORDS.get(fold(word.rstrip(",;")))
        if kind is not None:
            _apply_word(filters, kind, inv, language)
        elif word.startswith("@") and len(word) > 1:

            def with_person(user_id: str) -> str:
                return ACTIONS.text(ctx, None, user_id)

            owner = await resolve(
                ctx.session, network.id, word.rstrip(",;."), sender=inv.sender, example=with_person
            )
            filters.owner = owner
            known = await people(ctx.session, network.id, [owner], ctx.display_names)
            filters.words.append(
                t(language, "actions.filter_person", person=label_of(owner, known))
            )
        elif (topic := topic_of(word)) is not None:
            filters.topic = topic
            filters.words.append(f"#{topic}")
        elif word.lower().startswith(_PACKAGE_PREFIXES):
            number = split_number(word[3:])
            if number is None or number[1].strip(",;"):
                raise UsageError(
                    "actions.package_invalid",
                    text=quote(word),
                    example=ACTIONS.text(ctx, None, package_option(ctx, 3)),
                )
            filters.package_number = int(number[0][:7])
            filters.words.append(t(language, "workpackages.short", number=filters.package_number))
        else:
            leftover.append(word)
    if leftover:
        names = [m.name for m in await networks.list_municipalities(ctx.session, network.id)]
        text = " ".join(leftover)
        name = match_name(text, names)
        if name is None:
            choices = ", ".join(words[lang(ctx)] for words in _SHOWN_WORDS.values())
            raise UsageError(
                "actions.filter_unknown",
                text=quote(text),
                filters=choices,
                example=ACTIONS.text(ctx, None, _SHOWN_WORDS["overdue"][lang(ctx)]),
            )
        filters.municipality = name
        filters.words.append(t(language, "actions.filter_municipality", municipality=name))
    return filters


def _apply_word(filters: Filters, kind: str, inv: Invocation, language: str) -> None:
    if kind == "mine":
        filters.owner = inv.sender
    elif kind == "overdue":
        filters.overdue = True
        filters.status = actions.OPEN
    elif kind == "done":
        filters.status = actions.DONE
    elif kind == "all":
        filters.status = None
    elif kind == "open":
        filters.status = actions.OPEN
        return
    filters.words.append(t(language, f"actions.filter_{kind}"))


async def _with_topic(
    ctx: Context, found: Sequence[ActionItemRecord], topic: str
) -> list[ActionItemRecord]:
    """Items tagged with the topic, or belonging to a work package tagged with it."""
    wanted = fold(topic)
    packages = await workpackages.list_packages(ctx.session, network_of(ctx).id)
    tagged = {p.id for p in packages if wanted in {fold(x) for x in p.topics}}
    return [
        item
        for item in found
        if wanted in {fold(x) for x in item.topics} or item.work_package_id in tagged
    ]


def _empty(ctx: Context, filters: Filters, what: str) -> Reply:
    language = ctx.language
    if not filters.words and filters.status == actions.OPEN:
        return Reply.text(t(language, "actions.list_none", example=new_item_example(ctx)))
    text = t(language, "actions.list_empty", what=what, filters=", ".join(filters.words) or "–")
    blocks: list[Block] = [Paragraph((text,))]
    if filters.municipality is not None:
        blocks.append(Paragraph((t(language, "actions.list_municipality_note"),)))
    return Reply.of(*blocks)


def _narrow_hint(ctx: Context, hidden: int) -> tuple[Inline, ...]:
    """`… und 12 weitere. Eingrenzen: !aufgaben meine · !aufgaben überfällig · …`."""
    language = lang(ctx)
    examples = [
        ACTIONS.text(ctx, None, _SHOWN_WORDS["mine"][language]),
        ACTIONS.text(ctx, None, _SHOWN_WORDS["overdue"][language]),
        ACTIONS.text(ctx, None, "#ozg"),
        ACTIONS.text(ctx, None, package_option(ctx, 3)),
        ACTIONS.text(ctx, None, "Lemgo"),
    ]
    parts: list[Inline] = [t(ctx.language, "actions.list_more", count=hidden)]
    for index, example in enumerate(examples):
        parts += [" · " if index else " ", Code(example)]
    return tuple(parts)


ACTIONS_ENTRY = ACTIONS.bind(show_list)
