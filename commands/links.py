"""Personal links to what the bot serves over HTTP: the calendar feed (`!treffen abo`) and
the overview page (`!netzwerk seite`).

Both work alike: the bare sub-command makes a link (or says one exists: only its hash is
stored, so it cannot be shown again), `neu` replaces it, `löschen` ends it. A new link is
sent in a direct chat only, never into the room. The paths are declared here, where the
links are built; bot/http_calendar.py and bot/http_page.py serve them.
"""

from __future__ import annotations

from dataclasses import dataclass

from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.parsing.text import fold
from commands.registry import Command
from commands.reply import Block, Code, Inline, Link, Paragraph, Reply
from commands.shared import network_of, zone
from commands.timefmt import format_datetime
from storage import subscriptions
from storage.records import NetworkRecord

CALENDAR_PATH = "/calendar/{token}.ics"
PAGE_PATH = "/page/{token}"
TOKEN_PATTERN = "[A-Za-z0-9_-]{43}"
"""What `secrets.token_urlsafe(32)` gives; anything else is refused before the database."""

NEW = {"de": "neu", "en": "new"}
DELETE = {"de": "löschen", "en": "delete"}
_NEW_WORDS = frozenset({"neu", "new", "erneuern", "renew"})
_DELETE_WORDS = frozenset({"loeschen", "delete", "beenden", "end", "kuendigen", "stop"})


@dataclass(frozen=True, slots=True)
class LinkKind:
    """Which link a command manages: its storage kind, its command and sub-command, its path."""

    kind: str
    command: Command
    sub: str
    path: str


def link_url(base: str, path: str, token: str) -> str:
    """The full https (or http) address of a link."""
    return base.rstrip("/") + path.format(token=token)


def webcal(url: str) -> str:
    """The `webcal://` form of a feed address, which calendar apps open as a subscription."""
    return "webcal://" + url.split("://", 1)[1]


async def manage_link(inv: Invocation, ctx: Context, rest: str, link: LinkKind) -> Reply:
    """`abo`, `abo neu`, `abo löschen` (and the same for `seite`)."""
    network = network_of(ctx)
    word = fold(rest.strip())
    if word in _DELETE_WORDS:
        return await _delete(inv, ctx, network, link)
    if word and word not in _NEW_WORDS:
        command = link.command.text(ctx, link.sub)
        choices = ", ".join(f"{command}{suffix}" for suffix in ("", *_word_suffixes(ctx)))
        raise UsageError("links.unknown", text=rest.strip(), command=command, choices=choices)
    if ctx.links_url is None:
        raise CommandError("links.unavailable")
    if not word:
        existing = await _existing(ctx, network, inv.sender, link.kind)
        if existing is not None:
            return _existing_reply(ctx, network, link, existing)
    token = await subscriptions.issue(ctx.session, network.id, inv.sender, link.kind, at=ctx.now())
    url = link_url(ctx.links_url, link.path, token)
    blocks: list[Block] = [
        Paragraph((t(ctx.language, f"links.{link.kind}.intro", network=network.name),))
    ]
    blocks.append(Paragraph((Link(url, url),)))
    if link.kind == subscriptions.CALENDAR:
        blocks.append(Paragraph((t(ctx.language, "links.calendar.how"),)))
        blocks.append(Paragraph((Code(webcal(url)),)))
    blocks.append(Paragraph((t(ctx.language, "links.personal"),)))
    blocks.append(Paragraph(_manage_line(ctx, link)))
    private = Reply.of(*blocks)
    if inv.is_direct:
        return private
    return Reply((Paragraph((t(ctx.language, "links.sent_directly"),)),), direct=private)


def _existing_reply(ctx: Context, network: NetworkRecord, link: LinkKind, since: str) -> Reply:
    """A link exists already: when it was made, and how to replace or end it."""
    text = t(ctx.language, f"links.{link.kind}.exists", network=network.name, since=since)
    return Reply.of(Paragraph((text,)), Paragraph(_manage_line(ctx, link)))


async def _existing(ctx: Context, network: NetworkRecord, user_id: str, kind: str) -> str | None:
    """When the person's link of `kind` was made, as shown; None if they have none."""
    for found in await subscriptions.of_person(ctx.session, network.id, user_id):
        if found.kind == kind:
            return format_datetime(found.created_at, ctx.language, zone(network))
    return None


async def _delete(inv: Invocation, ctx: Context, network: NetworkRecord, link: LinkKind) -> Reply:
    ended = await subscriptions.revoke(ctx.session, network.id, inv.sender, link.kind)
    if not ended:
        example = link.command.text(ctx, link.sub)
        raise CommandError(f"links.{link.kind}.none", network=network.name, example=example)
    return Reply.text(t(ctx.language, f"links.{link.kind}.deleted", network=network.name))


def _manage_line(ctx: Context, link: LinkKind) -> tuple[Inline, ...]:
    lang = ctx.language
    renew, delete = (link.command.text(ctx, link.sub, word) for word in _words(ctx))
    return (
        t(lang, "links.renew"),
        " ",
        Code(renew),
        " · ",
        t(lang, "links.delete"),
        " ",
        Code(delete),
    )


def _words(ctx: Context) -> tuple[str, str]:
    lang = "en" if ctx.language == "en" else "de"
    return NEW[lang], DELETE[lang]


def _word_suffixes(ctx: Context) -> tuple[str, ...]:
    return tuple(f" {word}" for word in _words(ctx))
