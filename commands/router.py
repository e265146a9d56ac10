"""From message text to a reply: find the command, run it, turn errors into answers.

User errors (`UsageError`, `CommandError`) become their message; any other exception is a
bug: it is logged with the event id and traceback, and the person gets a short apology.
`Routed.keep_changes` tells the caller whether the handler's database writes may be kept,
`Routed.changes_plan` whether they may have changed what the scheduler plans (declared per
command and sub-command in the registry). The router dispatches sub-commands and enforces
"moderators only" in one place, from the declarations.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.help import HELP, usage_lines
from commands.invocation import Invocation
from commands.registry import Command, Entry, Handler, Registry, Sub
from commands.reply import Block, Code, Paragraph, Reply
from commands.shared import network_of

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

_NAME_END = "?!.,:;"
"""Punctuation people type after a command name (`!hilfe?`); it is not part of the name."""

MAX_COMMAND_CHARS = 4000
"""Longer messages are refused before any handler sees them (DESIGN.md invariant 10)."""


@dataclass(frozen=True, slots=True)
class Routed:
    """The answer to a command, whether the handler's writes may be committed, and whether
    they may have changed what the scheduler plans."""

    reply: Reply
    keep_changes: bool
    changes_plan: bool = False
    changes_posts: bool = False
    outcome: str = "ok"
    """ok, usage (wrong form), refused (CommandError), crash, unknown or too_long."""


@dataclass(frozen=True, slots=True)
class Split:
    """A message read as a command: its name, the rest, and whether a space followed the
    prefix (`! treffen`), which makes it a command only if the name is a known one."""

    name: str
    rest: str
    spaced: bool = False


def storable(text: str) -> str:
    """`text` without what no database keeps as text: NUL characters (PostgreSQL refuses
    them) and lone surrogates (JSON may carry them, UTF-8 cannot); without bidi controls,
    which could make a stored text reorder what the bot shows after it; and with plain
    spaces for no-break ones."""
    return _SURROGATE.sub("\ufffd", text.replace("\x00", "")).translate(_CLEAN)


def split_command(text: str, prefix: str) -> Split | None:
    """The command in `text`: the prefix, maybe a space, a name (punctuation after it
    dropped: `!hilfe?`, `!hilfe ?`), the rest; None if `text` does not start so."""
    stripped = text.strip()
    if not stripped.startswith(prefix):
        return None
    after = stripped[len(prefix) :]
    spaced = after[:1].isspace()
    after = after.lstrip()
    if not after[:1].isalpha():
        return None
    words = after.split(maxsplit=1)
    name = words[0].rstrip(_NAME_END).lower()
    rest = words[1] if len(words) > 1 else ""
    return Split(name, "" if not rest.strip(_NAME_END + " ") else rest, spaced)


async def route(inv: Invocation, ctx: Context, registry: Registry) -> Routed | None:
    """Answer `inv`, or None if its text is not a command."""
    inv = replace(inv, text=storable(inv.text))
    parsed = split_command(inv.text, ctx.prefix)
    if parsed is None:
        return None
    entry = registry.find(parsed.name)
    if entry is None and parsed.spaced:
        return None  # `! Achtung` is chat; only a known name makes it a command
    lang = ctx.language
    if len(inv.text) > MAX_COMMAND_CHARS:
        text = t(lang, "router.too_long", length=len(inv.text), limit=MAX_COMMAND_CHARS)
        return Routed(Reply.text(text), keep_changes=False, outcome="too_long")
    if entry is None:
        return Routed(_unknown(ctx, registry, parsed.name), keep_changes=False, outcome="unknown")
    command = entry.command
    sub, handler, args = _dispatch(entry, parsed.rest)
    try:
        _check_rights(ctx, command, sub, args)
        reply = await handler(inv, ctx, args)
    except UsageError as err:
        blocks: list[Block] = [Paragraph((t(lang, err.key, **err.params),))]
        blocks += _did_you_mean(ctx, command, sub, parsed.rest)
        blocks += [
            Paragraph((t(lang, "router.usage"),)),
            usage_lines(ctx, command.usage_lines(lang)),
        ]
        return Routed(Reply.of(*blocks), keep_changes=False, outcome="usage")
    except CommandError as err:
        message = Paragraph((t(lang, err.key, **err.params),))
        near = _did_you_mean(ctx, command, sub, parsed.rest)
        return Routed(Reply.of(message, *near), keep_changes=False, outcome="refused")
    except Exception:
        log.exception(
            "command %r failed for event %s in %s", parsed.name, inv.event_id, inv.room_id
        )
        return Routed(Reply.text(t(lang, "router.crash")), keep_changes=False, outcome="crash")
    replans = sub.replans(args) if sub is not None else command.changes_plan
    shown = sub.changes_posts if sub is not None else command.changes_posts
    return Routed(reply, keep_changes=True, changes_plan=replans, changes_posts=shown)


def reusable(text: str, prefix: str, registry: Registry) -> bool:
    """Whether `text` runs a command declared `reusable` itself, no sub-command: only then
    may its answer be served again from memory (bot/answers.py)."""
    parsed = split_command(storable(text), prefix)
    entry = registry.find(parsed.name) if parsed is not None else None
    if parsed is None or entry is None or not entry.command.reusable:
        return False
    return _dispatch(entry, parsed.rest)[0] is None


def _dispatch(entry: Entry, rest: str) -> tuple[Sub | None, Handler, str]:
    """The sub-command the first word selects with its handler and arguments; else the
    command's own handler with everything after the name."""
    words = rest.split(maxsplit=2)
    if len(words) > 1 and (sub := entry.command.sub(" ".join(words[:2]))) is not None:
        return sub, entry.subs[sub.key], words[2] if len(words) > 2 else ""  # `wieder öffnen`
    words = rest.split(maxsplit=1)
    sub = entry.command.sub(words[0]) if words else None
    if sub is None:
        return _number_first(entry, rest) or (None, entry.handler, rest)
    return sub, entry.subs[sub.key], words[1] if len(words) > 1 else ""


def _number_first(entry: Entry, rest: str) -> tuple[Sub, Handler, str] | None:
    """`!aufgabe 3 erledigt` as `!aufgabe erledigt 3`: people say it in either order."""
    words = rest.split(maxsplit=2)
    if len(words) < 2 or not (words[0].isascii() and words[0].isdigit()):
        return None
    sub = entry.command.sub(words[1])
    if sub is None or not sub.takes_number_first():
        return None
    return sub, entry.subs[sub.key], " ".join([words[0], *words[2:]])


def _check_rights(ctx: Context, command: Command, sub: Sub | None, args: str) -> None:
    """Refuse, before anything is parsed or stored, what the declarations keep from the
    asker: anything outside a network where the command needs one, and a moderators' use
    to members (moderators are a network's, so outside one that is said first)."""
    if command.needs_network:
        network_of(ctx)
    restricted = sub.restricted(args) if sub is not None else command.moderators_only
    if not restricted or ctx.is_moderator:
        return
    network_of(ctx)
    refusal = command.refusal
    assert refusal is not None, "the registry refuses a moderated command without one"
    raise CommandError(
        refusal.key,
        command=command.text(ctx, sub.key if sub is not None else None),
        example=command.example(ctx, refusal.example),
    )


def _did_you_mean(ctx: Context, command: Command, sub: Sub | None, rest: str) -> list[Block]:
    """ "Meinten Sie !aufgabe erledigt?" when the first word was no sub-command but nearly."""
    words = rest.split(maxsplit=1)
    if sub is not None or not words:
        return []
    near = command.closest_sub(words[0])
    if near is None:
        return []
    suggestion = command.text(ctx, near.key)
    return [Paragraph((t(ctx.language, "router.did_you_mean", suggestion=suggestion),))]


def _unknown(ctx: Context, registry: Registry, name: str) -> Reply:
    lang = ctx.language
    parts: list[str | Code] = [t(lang, "router.unknown", command=ctx.prefix + name), " "]
    near = registry.closest(name, lang)
    if near is not None:
        parts += [t(lang, "router.did_you_mean", suggestion=ctx.prefix + near[1]), " "]
    parts.append(t(lang, "router.see_help", help=HELP.text(ctx)))
    return Reply.text(*parts)
