"""`!wer <stichwort>` / `!who <keyword>`: who owns that? One line per match.

Searches the titles and topics of work packages (and their lead municipality) and of
action items with the tolerant matching of `commands/parsing/fuzzy.py`, best match first; work
packages before items at equal scores, open items before done ones. Each line names the
owners with municipality and how to reach them (from the contact directory where they have
an entry), as plain text: an answer about a topic must not notify everyone named in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from commands.actions.common import today
from commands.actions.declarations import ACTIONS, WHO
from commands.actions.people import Person, people
from commands.actions.views import due_text, item_status, package_status
from commands.catalogue import t
from commands.contacts.declarations import CONTACT
from commands.context import Context
from commands.errors import UsageError
from commands.invocation import Invocation
from commands.parsing.fuzzy import Haystack, Matcher, query_words
from commands.reply import BulletList, Code, Inline, Line, Paragraph, Reply
from commands.shared import network_of
from commands.workpackages.declarations import WORKPACKAGE
from storage import actions, workpackages
from storage.records import ActionItemRecord, WorkPackageRecord

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
    hits = await _search(ctx, query)
    if not hits:
        return _nothing(ctx, shown_query)
    top = hits[:MAX_LINES]
    users = {o for h in top if h.package for o in h.package.owners}
    users |= {h.item.owner for h in top if h.item}
    known = await people(ctx.session, network.id, users, ctx.display_names)
    lines = tuple(_line(ctx, hit, known) for hit in top)
    blocks = [
        Paragraph((t(language, "who.heading", query=shown_query),)),
        BulletList(lines),
    ]
    if len(hits) > MAX_LINES:
        blocks.append(Paragraph((t(language, "who.more", count=len(hits) - MAX_LINES),)))
    return Reply.of(*blocks)


async def _search(ctx: Context, query: list[str]) -> list[_Hit]:
    """All hits, best first; only the shown items are read in full."""
    network = network_of(ctx)
    matcher = Matcher(query)
    hits: list[_Hit] = []
    for package in await workpackages.list_packages(ctx.session, network.id):
        found = matcher.score(Haystack.of(package.title, *package.topics, package.lead or ""))
        if found:
            done = package.status == workpackages.DONE
            hits.append(_Hit(found, (0, int(done), package.number), package=package))
    for text in await actions.texts(ctx.session, network.id):
        found = matcher.score(Haystack.of(text.title, *text.topics))
        if found:
            done = text.status != actions.OPEN
            hits.append(_Hit(found, (1, int(done), text.number)))
    hits.sort(key=lambda hit: (-hit.score, hit.rank))
    wanted = [hit.rank[2] for hit in hits[:MAX_LINES] if hit.package is None]
    full = await actions.items_numbered(ctx.session, network.id, wanted)
    return [
        hit if hit.package is not None or i >= MAX_LINES else replace(hit, item=full[hit.rank[2]])
        for i, hit in enumerate(hits)
    ]


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
