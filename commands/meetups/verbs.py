"""The sub-verbs of `!treffen` / `!meetup` and what they share: who may use them, how a
command is written back to the user, and the warning for a meet-up on a public holiday.

Both languages' verb words work in every network; replies show the words of the network's
language, so an example in a message can be copied as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError
from commands.parsing.holidays import holiday_name, next_working_day
from commands.parsing.text import fold
from commands.reply import Code, Inline, Paragraph
from commands.shared import zone
from commands.timefmt import format_date
from storage.records import NetworkRecord

COMMAND_NAMES = {"de": "treffen", "en": "meetup"}

VERB_WORDS: Mapping[str, Mapping[str, str]] = {
    "list": {"de": "liste", "en": "list"},
    "series": {"de": "serie", "en": "series"},
    "new": {"de": "neu", "en": "new"},
    "cancel": {"de": "absagen", "en": "cancel"},
    "move": {"de": "verschieben", "en": "move"},
    "ics": {"de": "kalender", "en": "ics"},
    "plan": {"de": "plan", "en": "plan"},
    "posts": {"de": "beiträge", "en": "posts"},
}
"""Each verb's canonical word per language, in the order the help lists them."""

_EXTRA_WORDS = {
    "calendar": "ics",
    "ical": "ics",
    "serien": "series",
    "termine": "list",
}

VERBS: Mapping[str, str] = {
    **{fold(word): verb for verb, words in VERB_WORDS.items() for word in words.values()},
    **_EXTRA_WORDS,
}
"""Typed word (folded) → verb."""

MODERATOR_VERBS = frozenset({"series", "new", "cancel", "move", "plan"})
"""Verbs that change the schedule or show its internals; `posts` only when switching."""

MOVE_WORD = {"de": "auf", "en": "to"}


def verb_of(word: str) -> str | None:
    """The verb a typed word stands for, in either language."""
    return VERBS.get(fold(word))


def command_text(ctx: Context, verb: str | None = None, *args: str) -> str:
    """`!treffen absagen 8.12.2026` in the asker's language, ready to copy."""
    lang = ctx.language if ctx.language in COMMAND_NAMES else "de"
    words = [ctx.prefix + COMMAND_NAMES[lang]]
    if verb is not None:
        words.append(VERB_WORDS[verb][lang])
    words.extend(args)
    return " ".join(words)


def require_moderator(ctx: Context, verb: str) -> None:
    """Refuse, before anything is parsed or stored, a verb only moderators may use."""
    if not ctx.is_moderator:
        raise CommandError(
            "meetups.moderators_only",
            command=command_text(ctx, verb),
            example=command_text(ctx, "list"),
        )


def typed_date(day: date) -> str:
    """A date the way people type it and the parser reads it: `25.12.2026`."""
    return f"{day.day}.{day.month}.{day.year}"


def typed_time(at: datetime) -> str:
    """`10:00`, as typed in commands."""
    return f"{at.hour:02d}:{at.minute:02d}"


def holiday_notice(
    ctx: Context, network: NetworkRecord, start: datetime, *, propose: bool
) -> Paragraph | None:
    """A warning if `start` falls on a public holiday; with `propose`, the command to move it."""
    if not network.holiday_region:
        return None
    local = start.astimezone(zone(network))
    name = holiday_name(local.date(), network.holiday_region, ctx.language)
    if name is None:
        return None
    day = format_date(local.date(), ctx.language)
    parts: list[Inline] = [t(ctx.language, "meetups.holiday", day=day, name=name)]
    if propose:
        other = next_working_day(local.date(), network.holiday_region)
        lang = ctx.language if ctx.language in MOVE_WORD else "de"
        proposal = command_text(
            ctx,
            "move",
            typed_date(local.date()),
            MOVE_WORD[lang],
            typed_date(other),
            typed_time(local),
        )
        parts += [" ", t(ctx.language, "meetups.holiday_proposal"), " ", Code(proposal)]
    return Paragraph(tuple(parts))


def see_also(ctx: Context) -> tuple[Inline, ...]:
    """`Alle Termine: !treffen liste · Kalenderdatei: !treffen ics`, the footer of answers."""
    lang = ctx.language
    return (
        t(lang, "meetups.see_list"),
        " ",
        Code(command_text(ctx, "list")),
        " · ",
        t(lang, "meetups.see_ics"),
        " ",
        Code(command_text(ctx, "ics")),
    )
