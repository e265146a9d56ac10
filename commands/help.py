"""`!hilfe` / `!help`: generated from the command table, never written twice.

Help is the one command that reads the table itself; `with_help` builds the registry and
hands it to help's handler, so no handler needs the registry through its context.
"""

from __future__ import annotations

from collections.abc import Iterable

from commands.catalogue import t
from commands.context import Context
from commands.invocation import Invocation
from commands.registry import Command, Entry, Registry
from commands.reply import Bold, BulletList, Code, Paragraph, Reply

HELP = Command(
    name="hilfe",
    english="help",
    aliases=("befehle",),
    summary={
        "de": "zeigt alle Befehle oder erklärt einen Befehl genauer",
        "en": "lists all commands or explains one command",
    },
    usage={"de": ("", "<befehl>"), "en": ("", "<command>")},
    reusable=True,
)


def with_help(entries: Iterable[Entry]) -> Registry:
    """The registry of `entries` and `!hilfe`, which lists them (itself last)."""

    async def show_help(inv: Invocation, ctx: Context, args: str) -> Reply:
        """All commands with one line each, or the details of one command."""
        topic = args.split()[0].removeprefix(ctx.prefix).lower() if args.strip() else ""
        if not topic:
            return _overview(ctx, registry)
        found = registry.find(topic)
        if found is None:
            return Reply.text(t(ctx.language, "help.unknown_topic", topic=ctx.prefix + topic))
        return _details(ctx, found.command)

    registry = Registry((*entries, HELP.bind(show_help)))
    return registry


def usage_lines(ctx: Context, usages: tuple[str, ...]) -> BulletList:
    """The usage forms of a command with the prefix, as a list."""
    return BulletList(tuple((Code(ctx.prefix + usage),) for usage in usages))


def _overview(ctx: Context, registry: Registry) -> Reply:
    lang = ctx.language
    items = tuple(
        (Code(ctx.prefix + command.display_name(lang)), " – " + command.summary[lang])
        for command in registry.commands()
    )
    second = next((c for c in registry.commands() if c is not HELP), HELP)
    return Reply.of(
        Paragraph((Bold(t(lang, "help.title")),)),
        BulletList(items),
        Paragraph(
            (t(lang, "help.footer", example=HELP.text(ctx, None, second.display_name(lang))),)
        ),
    )


def _details(ctx: Context, command: Command) -> Reply:
    lang = ctx.language
    blocks = [
        Paragraph((Code(ctx.prefix + command.display_name(lang)), " – " + command.summary[lang])),
        Paragraph((t(lang, "help.usage"),)),
        usage_lines(ctx, command.usage_lines(lang)),
    ]
    others = [n for n in command.names if n != command.display_name(lang)]
    if others:
        aliases = ", ".join(ctx.prefix + n for n in others)
        blocks.append(Paragraph((t(lang, "help.aliases", aliases=aliases),)))
    if command.moderators_only:
        blocks.append(Paragraph((t(lang, "help.moderators_only"),)))
    elif moderated := command.moderators_subs():
        shown = ", ".join(command.text(ctx, sub.key) for sub in moderated)
        blocks.append(Paragraph((t(lang, "help.moderators_only_subs", commands=shown),)))
    blocks.extend(Paragraph((t(lang, key, prefix=ctx.prefix),)) for key in command.help_keys)
    return Reply.of(*blocks)
