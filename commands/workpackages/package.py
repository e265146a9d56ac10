"""`!ap` / `!workpackage`: the network's work packages (Arbeitspakete) and their verbs.

A package has a title, a lead municipality of the network, owners (Matrix users), topics
and a status (geplant, läuft, pausiert, abgeschlossen). Anyone in the network creates one
(owner: the named people, else the sender); its owners and moderators change it. The
changing verbs are in `commands/workpackages/verbs.py`.
"""

from __future__ import annotations

from commands.actions.args import Options, parse_draft, topic_of
from commands.actions.common import (
    lang,
    new_package_example,
    package_option,
    retyped,
    split_number,
    unknown_verb,
)
from commands.actions.declarations import ACTION
from commands.actions.people import people, resolve
from commands.actions.views import (
    mention_parts,
    owners_text,
    package_status,
    topics_text,
)
from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.parsing.fuzzy import match_name
from commands.parsing.text import fold, quote
from commands.reply import Block, BulletList, Code, Inline, Line, Paragraph, Reply
from commands.shared import network_of, zone
from commands.workpackages import verbs
from commands.workpackages.declarations import WORKPACKAGE
from commands.workpackages.show import show_package
from storage import actions, networks, workpackages

MAX_OWNERS = 10
MAX_PACKAGES = 500
"""Work packages per network (done ones included: numbers are never reused)."""
LIST_LIMIT = 20
ITEMS_SHOWN = 15
HISTORY_SHOWN = 10
_ALL = frozenset({"alle", "all"})


async def handle_package(inv: Invocation, ctx: Context, args: str) -> Reply:
    """No sub-command: nothing or `alle` or `#thema` lists, a number shows, else unknown."""
    words = args.split(maxsplit=1)
    if not words or fold(words[0]) in _ALL or topic_of(words[0]) is not None:
        return await list_packages(inv, ctx, args)
    if split_number(args) is not None:
        return await show_package(inv, ctx, args)
    raise unknown_verb(ctx, WORKPACKAGE, "workpackages.unknown_verb", args)


# --- listing ------------------------------------------------------------------------------


async def list_packages(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Packages by number: status, lead, owners, open items; finished ones only with `alle`."""
    network = network_of(ctx)
    language = ctx.language
    show_all = False
    topic: str | None = None
    for word in rest.split():
        if fold(word) in _ALL:
            show_all = True
        elif (found := topic_of(word)) is not None:
            topic = found
        else:
            raise UsageError(
                "workpackages.list_filter",
                text=quote(word),
                example=WORKPACKAGE.text(ctx, None, "#ozg"),
            )
    packages = await workpackages.list_packages(ctx.session, network.id)
    if not packages:
        return Reply.text(t(language, "workpackages.none", example=new_package_example(ctx)))
    if topic is not None:
        wanted = fold(topic)
        packages = [p for p in packages if wanted in {fold(x) for x in p.topics}]
    hidden = [] if show_all else [p for p in packages if p.status == workpackages.DONE]
    shown = [p for p in packages if p not in hidden]
    counts = await actions.counts_by_work_package(ctx.session, network.id)
    known = await people(
        ctx.session, network.id, {o for p in shown for o in p.owners}, ctx.display_names
    )
    lines: list[Line] = []
    for package in shown[:LIST_LIMIT]:
        open_count = counts.get(package.id, {}).get(actions.OPEN, 0)
        line = f"{t(language, 'workpackages.short', number=package.number)} {package.title}"
        line += f" – {package_status(package.status, language)}"
        if package.lead:
            line += f" – {t(language, 'workpackages.lead_short', lead=package.lead)}"
        line += f" – {owners_text(package.owners, known, language)}"
        line += f" – {t(language, 'workpackages.open_count', count=open_count)}"
        lines.append((line,))
    heading = t(language, "workpackages.list_heading", count=len(shown))
    if topic is not None:
        heading = t(language, "workpackages.list_heading_topic", topic=topic, count=len(shown))
    blocks: list[Block] = [Paragraph((heading,))]
    blocks.append(
        BulletList(tuple(lines)) if lines else Paragraph((t(language, "workpackages.none_match"),))
    )
    if len(shown) > LIST_LIMIT:
        more = t(language, "workpackages.list_more", count=len(shown) - LIST_LIMIT)
        blocks.append(Paragraph((more, " ", Code(WORKPACKAGE.text(ctx, None, "#ozg")))))
    if hidden:
        all_word = "all" if lang(ctx) == "en" else "alle"
        text = t(language, "workpackages.done_hidden", count=len(hidden))
        blocks.append(Paragraph((text, " ", Code(WORKPACKAGE.text(ctx, None, all_word)))))
    if shown:
        number = str(shown[0].number)
        details = t(language, "workpackages.details")
        blocks.append(Paragraph((details, " ", Code(WORKPACKAGE.text(ctx, None, number)))))
    return Reply.of(*blocks)


# --- creating -----------------------------------------------------------------------------


async def new_package(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Store a package; owners default to the sender."""
    network = network_of(ctx)
    if len(await workpackages.numbers(ctx.session, network.id)) >= MAX_PACKAGES:
        raise CommandError("workpackages.too_many", limit=MAX_PACKAGES)
    example = new_package_example(ctx)
    municipalities = await networks.list_municipalities(ctx.session, network.id)
    names = [m.name for m in municipalities]
    draft = parse_draft(
        rest,
        Options(lead=lambda text: match_name(text, names)),
        now=ctx.now(),
        tz=zone(network),
        example=example,
    )
    if draft.lead_text is not None:
        raise _lead_error(ctx, draft.lead_text, names, example)
    if len(draft.people) > MAX_OWNERS:
        raise UsageError("workpackages.too_many_owners", limit=MAX_OWNERS, example=example)
    owners: list[str] = []
    for typed in draft.people:

        def with_person(user_id: str, typed: str = typed) -> str:
            return WORKPACKAGE.text(ctx, "new", retyped(rest, typed, user_id))

        owners.append(
            await resolve(ctx.session, network.id, typed, sender=inv.sender, example=with_person)
        )
    owners = list(dict.fromkeys(owners)) or [inv.sender]
    lead_id = next((m.id for m in municipalities if m.name == draft.lead), None)
    package = await workpackages.create(
        ctx.session,
        network_id=network.id,
        title=draft.title,
        lead_municipality_id=lead_id,
        owners=owners,
        topics=draft.topics,
        created_by=inv.sender,
        created_at=ctx.now(),
    )
    known = await people(ctx.session, network.id, package.owners, ctx.display_names)
    language = ctx.language
    facts: list[Inline] = [t(language, "workpackages.owners"), " "]
    others = [o for o in package.owners if o != inv.sender]
    facts += (
        mention_parts(package.owners, known)
        if others
        else [owners_text(package.owners, known, language)]
    )
    facts.append(
        f" · {t(language, 'workpackages.lead')} {package.lead or t(language, 'history.none')}"
    )
    if package.topics:
        facts.append(f" · {topics_text(package.topics)}")
    title = t(language, "workpackages.created", number=package.number, title=package.title)
    placeholder = "<title>" if lang(ctx) == "en" else "<Titel>"
    item_example = ACTION.text(ctx, "new", placeholder, package_option(ctx, package.number))
    return Reply.of(
        Paragraph((title,)),
        Paragraph(tuple(facts)),
        Paragraph((t(language, "workpackages.add_item"), " ", Code(item_example))),
        attention=bool(others),  # a package given to others reaches them
    )


def _lead_error(ctx: Context, text: str, names: list[str], example: str) -> CommandError:
    if not text.strip():
        return UsageError("workpackages.lead_missing", example=example)
    return CommandError(
        "workpackages.lead_unknown",
        text=quote(text),
        names=", ".join(names[:6]) + (" …" if len(names) > 6 else ""),
        example=example,
    )


WORKPACKAGE_ENTRY = WORKPACKAGE.bind(
    handle_package,
    new=new_package,
    list=list_packages,
    status=verbs.status,
    lead=verbs.lead,
    owner=verbs.owner,
    topics=verbs.topics,
)
