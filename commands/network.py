"""`!netzwerk` / `!network`: which network this room is, its municipalities, your role.

In a direct chat of a person in several networks it also chooses the network the chat is
about (`!netzwerk herford`); without a word it shows the current one and the choices.
"""

from __future__ import annotations

from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.links import PAGE_PATH, LinkKind, manage_link
from commands.parsing.text import fold
from commands.registry import Command, Sub
from commands.reply import Bold, BulletList, Paragraph, Reply
from commands.shared import choose_network_first, network_choices
from storage import subscriptions
from storage.direct_chats import choose_network
from storage.networks import list_municipalities
from storage.records import NetworkRecord

NETWORK = Command(
    name="netzwerk",
    english="network",
    summary={
        "de": (
            "zeigt, zu welchem Netzwerk dieser Raum gehört; im Direktchat: Netzwerk wählen; "
            "persönlicher Link zur Übersichtsseite"
        ),
        "en": (
            "shows which network this room belongs to; in a direct chat: choose the network; "
            "a personal link to the overview page"
        ),
    },
    usage={"de": ("", "<name>"), "en": ("", "<name>")},
    subs=(
        Sub(
            "page",
            {"de": "seite", "en": "page"},
            usage={"de": ("", "neu", "löschen"), "en": ("", "new", "delete")},
            aliases=("übersicht", "overview", "webseite"),
        ),
    ),
)
PAGE_LINK = LinkKind(subscriptions.PAGE, NETWORK, "page", PAGE_PATH)


async def show_network(inv: Invocation, ctx: Context, args: str) -> Reply:
    """Name, municipalities and the asker's role; in a direct chat, choose the network."""
    lang = ctx.language
    wanted = args.strip()
    if wanted and inv.is_direct and ctx.member_of:
        return await _choose(inv, ctx, wanted)
    if wanted and ctx.network is not None and len(ctx.member_of) > 1:
        raise CommandError("network.choose_in_direct_chat", name=ctx.network.name)
    if wanted:
        raise UsageError("args.unexpected", command=NETWORK.text(ctx), extra=wanted)
    if ctx.network is None:
        if len(ctx.member_of) > 1:
            raise choose_network_first(ctx)
        raise CommandError("network.none")
    reply = await _describe(ctx, ctx.network)
    if inv.is_direct and len(ctx.member_of) > 1:
        command = NETWORK.text(ctx)
        choices = network_choices(ctx.member_of)
        reply = Reply.of(
            Paragraph((t(lang, "network.dm_current", name=ctx.network.name),)),
            *reply.blocks,
            Paragraph((t(lang, "network.dm_choices", command=command, choices=choices),)),
        )
    return reply


async def _choose(inv: Invocation, ctx: Context, wanted: str) -> Reply:
    """Remember the network `wanted` (its key or name) for the asker's direct chat."""
    folded = fold(wanted)
    found = [n for n in ctx.member_of if folded in (fold(n.key), fold(n.name))] or [
        n for n in ctx.member_of if folded in fold(n.name)
    ]
    if len(found) != 1:
        raise CommandError(
            "network.unknown_choice", name=wanted, choices=network_choices(ctx.member_of)
        )
    [network] = found
    await choose_network(ctx.session, inv.sender, network.id, at=ctx.now())
    return Reply.text(t(ctx.language, "network.chosen", name=network.name))


async def _describe(ctx: Context, network: NetworkRecord) -> Reply:
    lang = ctx.language
    municipalities = await list_municipalities(ctx.session, network.id)
    blocks: list[Paragraph | BulletList] = [
        Paragraph((Bold(t(lang, "network.title", name=network.name)),)),
    ]
    if municipalities:
        blocks.append(Paragraph((t(lang, "network.municipalities", count=len(municipalities)),)))
        blocks.append(BulletList(tuple((m.name,) for m in municipalities)))
    else:
        blocks.append(Paragraph((t(lang, "network.no_municipalities"),)))
    role = "network.you_moderate" if ctx.is_moderator else "network.you_member"
    blocks.append(Paragraph((t(lang, role),)))
    return Reply.of(*blocks)


async def overview_page(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """`!netzwerk seite [neu|löschen]`: the personal link to the network's overview page."""
    return await manage_link(inv, ctx, rest, PAGE_LINK)


NETWORK_ENTRY = NETWORK.bind(show_network, page=overview_page)
