"""From message text to a reply: find the command, run it, turn errors into answers.

User errors (`UsageError`, `CommandError`) become their message; any other exception is a
bug: it is logged with the event id and traceback, and the person gets a short apology.
`Routed.keep_changes` tells the caller whether the handler's database writes may be kept.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.reply import BulletList, Code, Paragraph, Reply

log = logging.getLogger(__name__)

_SURROGATE = re.compile("[\ud800-\udfff]")
_CLEAN = {
    **dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)]),
    **dict.fromkeys([0x00A0, 0x2007, 0x202F], " "),
}
"""Bidi embeddings, overrides and isolates go: stored in a title, U+202E would turn the rest
of a listing's line around (the owner's name after an item, say); LRM/RLM marks stay.
No-break spaces become spaces: the bot writes dates as `8.\\u00a0Dez.\\u00a02026`, and text
copied from its replies back into a command must parse like typed text."""

MAX_COMMAND_CHARS = 4000
"""Longer messages are refused before any handler sees them (DESIGN.md invariant 10)."""


@dataclass(frozen=True, slots=True)
class Routed:
    """The answer to a command and whether the handler's writes may be committed."""

    reply: Reply
    keep_changes: bool


def storable(text: str) -> str:
    """`text` without what no database keeps as text: NUL characters (PostgreSQL refuses
    them) and lone surrogates (JSON may carry them, UTF-8 cannot); without bidi controls,
    which could make a stored text reorder what the bot shows after it; and with plain
    spaces for no-break ones."""
    return _SURROGATE.sub("\ufffd", text.replace("\x00", "")).translate(_CLEAN)


def split_command(text: str, prefix: str) -> tuple[str, str] | None:
    """`("name", "rest")` if `text` is a command (prefix directly followed by a name)."""
    stripped = text.strip()
    if not stripped.startswith(prefix):
        return None
    after = stripped[len(prefix) :]
    if not after[:1].isalpha():
        return None
    words = after.split(maxsplit=1)
    return words[0].lower(), words[1] if len(words) > 1 else ""


def usage_lines(ctx: Context, usages: tuple[str, ...]) -> BulletList:
    """The usage forms of a command with the prefix, as a list."""
    return BulletList(tuple((Code(ctx.prefix + usage),) for usage in usages))


async def route(inv: Invocation, ctx: Context) -> Routed | None:
    """Answer `inv`, or None if its text is not a command."""
    inv = replace(inv, text=storable(inv.text))
    parsed = split_command(inv.text, ctx.prefix)
    if parsed is None:
        return None
    name, args = parsed
    lang = ctx.language
    if len(inv.text) > MAX_COMMAND_CHARS:
        text = t(lang, "router.too_long", length=len(inv.text), limit=MAX_COMMAND_CHARS)
        return Routed(Reply.text(text), keep_changes=False)
    command = ctx.registry.find(name)
    if command is None:
        return Routed(_unknown(ctx, name), keep_changes=False)
    try:
        reply = await command.handler(inv, ctx, args)
    except UsageError as err:
        usages = command.usage.get(lang) or command.usage["de"]
        message = Paragraph((t(lang, err.key, **err.params),))
        usage = Paragraph((t(lang, "router.usage"),))
        return Routed(Reply.of(message, usage, usage_lines(ctx, usages)), keep_changes=False)
    except CommandError as err:
        return Routed(Reply.text(t(lang, err.key, **err.params)), keep_changes=False)
    except Exception:
        log.exception("command %r failed for event %s in %s", name, inv.event_id, inv.room_id)
        return Routed(Reply.text(t(lang, "router.crash")), keep_changes=False)
    return Routed(reply, keep_changes=True)


def _unknown(ctx: Context, name: str) -> Reply:
    lang = ctx.language
    help_name = ctx.prefix + ("help" if lang == "en" else "hilfe")
    parts: list[str | Code] = [t(lang, "router.unknown", command=ctx.prefix + name), " "]
    near = ctx.registry.closest(name, lang)
    if near is not None:
        parts += [t(lang, "router.did_you_mean", suggestion=ctx.prefix + near[1]), " "]
    parts.append(t(lang, "router.see_help", help=help_name))
    return Reply.text(*parts)
