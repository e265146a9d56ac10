"""`!wer <stichwort>` / `!who <keyword>`: who owns that? One line per match.

Searches the titles and topics of work packages (and their lead municipality) and of
action items with the one tolerant matcher of `commands/parsing/fuzzy.py` (the same as
`!kontakt`), over an index kept in memory until the network's packages or items change
(storage.search_marks), best match first; work packages before items at equal scores, open
items before done ones. Each line names the
owners with municipality and how to reach them (from the contact directory where they have
an entry), as plain text: an answer about a topic must not notify everyone named in it.
"""

from __future__ import annotations

import asyncio
import heapq
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from commands.actions.common import today
from commands.actions.declarations import ACTIONS, WHO
from commands.actions.people import Person, people
from commands.actions.views import due_text, item_status, package_status
from commands.catalogue import t
from commands.contacts.declarations import CONTACT
from commands.context import Context
from commands.errors import UsageError
from commands.invocation import Invocation
from commands.parsing.fuzzy import Index, IndexCache, Text, query_words
from commands.reply import BulletList, Code, Inline, Line, Paragraph, Reply
from commands.shared import network_of
from commands.workpackages.declarations import WORKPACKAGE
from storage import actions, search_marks, workpackages
from storage.records import ActionItemRecord, ActionItemText, WorkPackageRecord

MAX_LINES = 10
"""One screen: more matches mean the keyword was too general."""


@dataclass(frozen=True, slots=True)
class _Hit:
    score: float
    rank: tuple[int, int, int]
    package: WorkPackageRecord | None = None
    item: ActionItemRecord | None = None


async def who(inv: Invocation, ctx: Context, args: str) -> Reply:
    """The owners of the work packages and items matching `args`, best first."""
    network = network_of(ctx)
    language = ctx.language
    query = query_words(args)
    if not query:
        example = WHO.text(ctx, None, "Serviceportal")
        raise UsageError("who.query_missing", example=example)
    shown_query = " ".join(args.split())[:60]
    top, total = await _search(ctx, query)
    if not top:
        return _nothing(ctx, shown_query)
    users = {o for h in top if h.package for o in h.package.owners}
    users |= {h.item.owner for h in top if h.item}
    known = await people(ctx.session, network.id, users, ctx.display_names)
    lines = tuple(_line(ctx, hit, known) for hit in top)
    blocks = [
        Paragraph((t(language, "who.heading", query=shown_query),)),
        BulletList(lines),
    ]
    if total > MAX_LINES:
        blocks.append(Paragraph((t(language, "who.more", count=total - MAX_LINES),)))
    return Reply.of(*blocks)


@dataclass(frozen=True, slots=True)
class _Entry:
    """A searchable package or item: its place among equal scores, and the package itself."""

    rank: tuple[int, int, int]
    package: WorkPackageRecord | None = None


@dataclass(frozen=True, slots=True)
class _Found:
    """A network's packages and items, indexed: entry key → _Entry."""

    index: Index
    entries: list[_Entry]


_CACHE: IndexCache[int, _Found] = IndexCache()
"""Per database engine and network id: the index and the mark it was built under."""


async def _search(ctx: Context, query: list[str]) -> tuple[list[_Hit], int]:
    """The best MAX_LINES hits, best first, and how many there are; only the shown items
    are read in full."""
    network = network_of(ctx)
    found = await _indexed(ctx.session, network.id)
    scores = found.index.rank(query)
    entries = found.entries
    best = heapq.nsmallest(
        MAX_LINES, scores.items(), key=lambda hit: (-hit[1], entries[hit[0]].rank)
    )
    wanted = [entries[key].rank[2] for key, _score in best if entries[key].package is None]
    full = await actions.items_numbered(ctx.session, network.id, wanted)
    hits = [
        _Hit(
            score,
            entries[key].rank,
            package=entries[key].package,
            item=None if entries[key].package else full[entries[key].rank[2]],
        )
        for key, score in best
    ]
    return hits, len(scores)


async def _indexed(session: AsyncSession, network_id: int) -> _Found:
    """The network's index: from memory while its mark holds, else read and built anew.

    The mark is read before the rows (storage.search_marks says why that order is safe).
    """
    database = session.get_bind()
    mark = await search_marks.current(session, search_marks.ACTIONS, network_id)
    held = _CACHE.get(database, network_id, mark)
    if held is None:
        packages = await workpackages.list_packages(session, network_id)
        items = await actions.texts(session, network_id)
        held = await asyncio.to_thread(_build, packages, items)  # 0.1–0.3 s at 10,000: off the loop
        _CACHE.put(database, network_id, mark, held)
    return held


def _build(packages: Sequence[WorkPackageRecord], items: Sequence[ActionItemText]) -> _Found:
    """Packages by title, topics and lead municipality; items by title and topics."""
    entries: list[_Entry] = []
    texts: defaultdict[str, list[int]] = defaultdict(list)
    for package in packages:
        done = package.status == workpackages.DONE
        for text in (package.title, *package.topics, package.lead or ""):
            texts[text].append(len(entries))
        entries.append(_Entry((0, int(done), package.number), package))
    for item in items:
        done = item.status != actions.OPEN
        for text in (item.title, *item.topics):
            texts[text].append(len(entries))
        entries.append(_Entry((1, int(done), item.number)))
    return _Found(Index([Text(text, 1.0, keys) for text, keys in texts.items()]), entries)


def _line(ctx: Context, hit: _Hit, known: Mapping[str, Person]) -> Line:
    language = ctx.language
    if hit.package is not None:
        package = hit.package
        head = f"{t(language, 'workpackages.short', number=package.number)} {package.title}"
        head += f" ({package_status(package.status, language)}): "
        parts: list[Inline] = [head, _people(package.owners, known, language)]
        if package.lead:
            parts.append(f" – {t(language, 'workpackages.lead_short', lead=package.lead)}")
        return tuple(parts)
    item = hit.item
    assert item is not None, "a hit is a package or an item"
    head = f"{t(language, 'who.item', number=item.number)} {item.title}"
    state = due_text(item, today(ctx), language) if item.status == actions.OPEN else None
    head += f" ({state or item_status(item.status, language)}): "
    parts = [head, _people((item.owner,), known, language)]
    if item.work_package_number is not None:
        parts.append(f" – {t(language, 'workpackages.short', number=item.work_package_number)}")
    return tuple(parts)


def _people(users: tuple[str, ...], known: Mapping[str, Person], language: str) -> str:
    """`Erika Musterfrau (Bad Salzuflen, erika@…, 05222 …)`, plain text, no pill."""
    if not users:
        return t(language, "workpackages.nobody")
    shown = []
    for user in users:
        person = known.get(user) or Person(user)
        reach = person.reach()
        name = person.shown
        shown.append(f"{name} ({reach})" if reach else name)
    return "; ".join(shown)


def _nothing(ctx: Context, query: str) -> Reply:
    language = ctx.language
    parts: list[Inline] = [
        t(language, "who.none", query=query),
        " ",
        t(language, "who.see"),
        " ",
        Code(WORKPACKAGE.text(ctx)),
        " · ",
        Code(ACTIONS.text(ctx)),
    ]
    parts += [" · ", t(language, "who.contacts"), " ", Code(CONTACT.text(ctx, None, query))]
    return Reply.text(*parts)


WHO_ENTRY = WHO.bind(who)
