"""`!netzwerk` / `!network`: which network this room is, its municipalities, your role."""

from __future__ import annotations

from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.registry import Command
from commands.reply import Bold, BulletList, Paragraph, Reply
from storage.networks import list_municipalities

NETWORK = Command(
    name="netzwerk",
    english="network",
    summary={
        "de": "zeigt, zu welchem Netzwerk dieser Raum gehört, und seine Kommunen",
        "en": "shows which network this room belongs to, and its municipalities",
    },
    usage={"de": ("",), "en": ("",)},
)


async def show_network(inv: Invocation, ctx: Context, args: str) -> Reply:
    """Name, municipalities and the asker's role in the network."""
    lang = ctx.language
    if args.strip():
        raise UsageError("args.unexpected", command=NETWORK.text(ctx), extra=args.strip())
    if ctx.network is None:
        raise CommandError("network.none")
    municipalities = await list_municipalities(ctx.session, ctx.network.id)
    blocks: list[Paragraph | BulletList] = [
        Paragraph((Bold(t(lang, "network.title", name=ctx.network.name)),)),
    ]
    if municipalities:
        blocks.append(Paragraph((t(lang, "network.municipalities", count=len(municipalities)),)))
        blocks.append(BulletList(tuple((m.name,) for m in municipalities)))
    else:
        blocks.append(Paragraph((t(lang, "network.no_municipalities"),)))
    role = "network.you_moderate" if ctx.is_moderator else "network.you_member"
    blocks.append(Paragraph((t(lang, role),)))
    return Reply.of(*blocks)


NETWORK_ENTRY = NETWORK.bind(show_network)
