"""What the `!treffen` / `!meetup` sub-commands share: dates and times typed back, the
warning for a meet-up on a public holiday, and the footer of answers.

The sub-commands themselves (words, usage, who may use them) are declared in
`declarations.py`; replies show the words of the network's language via `MEETUP.text`, so
an example in a message can be copied as it is.
"""

from __future__ import annotations

from datetime import datetime

from commands.catalogue import t
from commands.context import Context
from commands.meetups.declarations import MEETUP
from commands.parsing.dates import typed_date
from commands.parsing.holidays import holiday_name, next_working_day
from commands.reply import Code, Inline, Paragraph
from commands.shared import zone
from commands.timefmt import format_date
from storage.records import NetworkRecord

MOVE_WORD = {"de": "auf", "en": "to"}


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
        proposal = MEETUP.text(
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
        Code(MEETUP.text(ctx, "list")),
        " · ",
        t(lang, "meetups.see_ics"),
        " ",
        Code(MEETUP.text(ctx, "ics")),
    )
