"""`!hilfe` / `!help`: generated from the command table, never written twice."""

from __future__ import annotations

from commands.catalogue import t
from commands.context import Context
from commands.invocation import Invocation
from commands.registry import Command
from commands.reply import Bold, BulletList, Code, Paragraph, Reply
from commands.router import usage_lines


async def show_help(inv: Invocation, ctx: Context, args: str) -> Reply:
    """All commands with one line each, or the details of one command."""
    topic = args.split()[0].removeprefix(ctx.prefix).lower() if args.strip() else ""
    if not topic:
        return _overview(ctx)
    command = ctx.registry.find(topic)
    if command is None:
        return Reply.text(t(ctx.language, "help.unknown_topic", topic=ctx.prefix + topic))
    return _details(ctx, command)


def _overview(ctx: Context) -> Reply:
    lang = ctx.language
    items = tuple(
        (Code(ctx.prefix + command.display_name(lang)), " – " + command.summary[lang])
        for command in ctx.registry
    )
    example = ctx.prefix + HELP.display_name(lang) + " " + _second_command(ctx).display_name(lang)
    return Reply.of(
        Paragraph((Bold(t(lang, "help.title")),)),
        BulletList(items),
        Paragraph((t(lang, "help.footer", example=example),)),
    )


def _second_command(ctx: Context) -> Command:
    """A command other than help itself, for the example in the footer."""
    return next((c for c in ctx.registry if c is not HELP), HELP)


def _details(ctx: Context, command: Command) -> Reply:
    lang = ctx.language
    blocks = [
        Paragraph((Code(ctx.prefix + command.display_name(lang)), " – " + command.summary[lang])),
        Paragraph((t(lang, "help.usage"),)),
        usage_lines(ctx, command.usage[lang]),
    ]
    others = [n for n in command.names if n != command.display_name(lang)]
    if others:
        aliases = ", ".join(ctx.prefix + n for n in others)
        blocks.append(Paragraph((t(lang, "help.aliases", aliases=aliases),)))
    if command.moderators_only:
        blocks.append(Paragraph((t(lang, "help.moderators_only"),)))
    blocks.extend(Paragraph((t(lang, key, prefix=ctx.prefix),)) for key in command.help_keys)
    return Reply.of(*blocks)


HELP = Command(
    name="hilfe",
    english="help",
    aliases=("befehle",),
    summary={
        "de": "zeigt alle Befehle oder erklärt einen Befehl genauer",
        "en": "lists all commands or explains one command",
    },
    usage={"de": ("hilfe", "hilfe <befehl>"), "en": ("help", "help <command>")},
    handler=show_help,
)
