"""`!treffen` / `!meetup`: the next meet-up, the list of dates, the calendar file, and the
moderators' verbs (`meetup_series`, `meetup_moves`, `meetup_plan`).

`!treffen` alone answers the question asked most: when, where, what is on the agenda, who
comes. A date instead of a verb (`!treffen 9.12.`) shows that day's meet-up.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta

from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.meetups import ics, moves, plan, series
from commands.meetups.common import (
    agenda_lines,
    answers_block,
    location_line,
    meetup_on,
    next_meetup,
    open_agenda,
    when_line,
)
from commands.meetups.verbs import (
    MODERATOR_VERBS,
    VERB_WORDS,
    command_text,
    holiday_notice,
    require_moderator,
    see_also,
    verb_of,
)
from commands.parsing.dates import parse_date
from commands.parsing.recurrence import describe_series
from commands.registry import Command
from commands.reply import Block, Bold, BulletList, Code, FileAttachment, Inline, Paragraph, Reply
from commands.shared import network_of, zone
from commands.timefmt import format_datetime
from storage import meetups
from storage.records import MeetupRecord

_COUNT = re.compile(r"[0-9]{1,4}")
LIST_DEFAULT = 5
LIST_MAX = 20
ICS_LIMIT = 2_000
"""Meet-ups read for the calendar file; ten years of a weekly series fit."""

Verb = Callable[[Invocation, Context, str], Awaitable[Reply]]


async def handle_meetup(inv: Invocation, ctx: Context, args: str) -> Reply:
    """Dispatch on the first word: a verb in either language, a date, or nothing."""
    network_of(ctx)  # outside a network no verb makes sense; say so before anything else
    words = args.split(maxsplit=1)
    if not words:
        return await show(ctx, await next_meetup(ctx))
    verb = verb_of(words[0])
    rest = words[1] if len(words) > 1 else ""
    if verb is None:
        return await _show_day(ctx, args)
    if verb in MODERATOR_VERBS or (verb == "posts" and rest.strip()):
        require_moderator(ctx, verb)
    return await VERBS[verb](inv, ctx, rest)


async def _show_day(ctx: Context, text: str) -> Reply:
    """`!treffen 9.12.`; a word that is neither verb nor date gets the list of verbs."""
    try:
        parse_date(text, now=ctx.now(), tz=zone(network_of(ctx)))
    except UsageError:
        if text.strip()[:1].isdigit():
            raise
        lang = "en" if ctx.language == "en" else "de"
        verbs = ", ".join(words[lang] for words in VERB_WORDS.values())
        raise UsageError(
            "meetups.unknown_verb", text=text.split()[0], command=command_text(ctx), verbs=verbs
        ) from None
    return await show(ctx, await meetup_on(ctx, text, include_cancelled=True), asked_for=True)


async def show(ctx: Context, meetup: MeetupRecord, *, asked_for: bool = False) -> Reply:
    """One meet-up: when, where, agenda, answers, and how to answer.

    `asked_for` marks a meet-up picked by date, which need not be the next one.
    """
    network = network_of(ctx)
    lang = ctx.language
    now = ctx.now()
    if meetup.status != "scheduled":
        label = "meetups.label_cancelled"
    elif meetup.starts_at <= now < meetup.ends_at:
        label = "meetups.label_running"
    elif asked_for:
        label = "meetups.label_day"
    else:
        label = "meetups.label_next"
    blocks: list[Block] = [Paragraph((t(lang, label), " ", *when_line(meetup, network, lang)))]
    if where := location_line(meetup, lang):
        blocks.append(where)
    if moved := _moved_note(ctx, meetup):
        blocks.append(moved)
    if meetup.status == "scheduled" and (
        notice := holiday_notice(ctx, network, meetup.starts_at, propose=ctx.is_moderator)
    ):
        blocks.append(notice)
    blocks.append(Paragraph((Bold(t(lang, "meetups.agenda")),)))
    blocks.append(agenda_lines(await open_agenda(ctx, meetup), lang))
    blocks.append(await answers_block(ctx.session, meetup.network_id, meetup.id, lang))
    if meetup.status == "scheduled":
        blocks.append(Paragraph(_rsvp_hint(ctx)))
    blocks.append(Paragraph(see_also(ctx)))
    return Reply.of(*blocks)


def _rsvp_hint(ctx: Context) -> tuple[Inline, ...]:
    lang = ctx.language
    if lang == "en":
        commands = (Code(f"{ctx.prefix}rsvp yes"), ", ", Code(f"{ctx.prefix}rsvp no"), ", ")
        commands += (Code(f"{ctx.prefix}rsvp maybe"),)
    else:
        commands = (Code(f"{ctx.prefix}zusage"), ", ", Code(f"{ctx.prefix}absage"), ", ")
        commands += (Code(f"{ctx.prefix}vielleicht"),)
    return (
        t(lang, "meetups.rsvp_hint_start"),
        " ",
        *commands,
        " ",
        t(lang, "meetups.rsvp_hint_end"),
    )


def _moved_note(ctx: Context, meetup: MeetupRecord) -> Paragraph | None:
    if meetup.original_start is None or meetup.original_start == meetup.starts_at:
        return None
    before = format_datetime(meetup.original_start, ctx.language, zone(network_of(ctx)))
    return Paragraph((t(ctx.language, "meetups.moved_from", before=before),))


async def list_meetups(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """The next n meet-ups (default 5, at most 20), cancelled and moved ones marked."""
    network = network_of(ctx)
    lang = ctx.language
    count = _count(ctx, rest)
    found = await meetups.upcoming(
        ctx.session, network.id, after=ctx.now(), limit=count, include_cancelled=True
    )
    if not found:
        return Reply.text(t(lang, "meetup.none_planned", prefix=ctx.prefix))
    lines: list[tuple[Inline, ...]] = []
    for meetup in found:
        line: list[Inline] = list(when_line(meetup, network, lang))
        if meetup.status != "scheduled":
            line.append(t(lang, "meetups.mark_cancelled"))
        elif meetup.original_start is not None and meetup.original_start != meetup.starts_at:
            before = format_datetime(meetup.original_start, lang, zone(network))
            line.append(t(lang, "meetups.mark_moved", before=before))
        if meetup.status == "scheduled" and (
            notice := holiday_notice(ctx, network, meetup.starts_at, propose=False)
        ):
            line.append(" – ")
            line.extend(notice.parts)
        lines.append(tuple(line))
    return Reply.of(
        Paragraph((t(lang, "meetups.list_heading", count=len(found)),)),
        BulletList(tuple(lines)),
        Paragraph((t(lang, "meetups.see_one"), " ", Code(command_text(ctx)))),
    )


def _count(ctx: Context, rest: str) -> int:
    text = rest.strip()
    if not text:
        return LIST_DEFAULT
    if not _COUNT.fullmatch(text) or int(text) < 1:
        raise UsageError(
            "meetups.list_count", text=text, limit=LIST_MAX, example=command_text(ctx, "list", "10")
        )
    return min(int(text), LIST_MAX)


async def calendar(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """The series and upcoming meet-ups as an .ics file for Outlook and Thunderbird."""
    network = network_of(ctx)
    lang = ctx.language
    if rest.strip():
        raise UsageError("args.unexpected", command=command_text(ctx, "ics"), extra=rest.strip())
    now = ctx.now()
    series = await meetups.active_series(ctx.session, network.id)
    since = now
    if series is not None:
        since = min(now, datetime.combine(series.first_day, time(0), tzinfo=zone(network)))
    rows = await meetups.upcoming(
        ctx.session, network.id, after=since, limit=ICS_LIMIT, include_cancelled=True
    )
    shown = [m for m in rows if m.ends_at > now or (series and m.series_id == series.id)]
    if series is None and not any(m.status == "scheduled" for m in shown):
        raise CommandError("meetup.none_planned", prefix=ctx.prefix)
    note = t(lang, "meetups.ics.description", command=command_text(ctx))
    data = ics.calendar_file(network, series, shown, stamp=now, note=note)
    blocks: list[Block] = [Paragraph((t(lang, "meetups.ics_intro", name=network.name),))]
    if series is not None:
        duration = timedelta(minutes=series.duration_minutes)
        described = describe_series(series.rrule, series.start_time, duration, lang)
        blocks.append(Paragraph((t(lang, "meetups.ics_series", series=described),)))
    blocks.append(Paragraph((t(lang, "meetups.ics_import"),)))
    attachment = FileAttachment(ics.FILENAME, ics.MIMETYPE, data)
    return Reply.of(*blocks, files=(attachment,))


VERBS: dict[str, Verb] = {
    "list": list_meetups,
    "series": series.series,
    "new": series.new,
    "cancel": moves.cancel,
    "move": moves.move,
    "ics": calendar,
    "plan": plan.plan,
    "posts": plan.posts,
}


MEETUP = Command(
    name="treffen",
    english="meetup",
    aliases=("termin", "termine", "sitzung", "kalender"),
    summary={
        "de": (
            "zeigt das nächste Treffen, alle Treffen und die Kalenderdatei; "
            "die Moderation plant, sagt ab und verschiebt"
        ),
        "en": (
            "shows the next meet-up, all meet-ups and a calendar file; "
            "moderators schedule, cancel and move"
        ),
    },
    usage={
        "de": (
            "treffen",
            "treffen <datum>",
            "treffen liste [anzahl]",
            "treffen kalender",
            "treffen serie <wiederholung> <uhrzeit[-ende]> [link oder ort]",
            "treffen serie beenden",
            "treffen neu <datum> <uhrzeit[-ende]> [titel] [link]",
            "treffen absagen <datum>",
            "treffen verschieben <datum> auf <datum> [uhrzeit[-ende]]",
            "treffen plan",
            "treffen beiträge [aufruf|tagesordnung|erinnerung|nachbereitung|alle an|aus]",
        ),
        "en": (
            "meetup",
            "meetup <date>",
            "meetup list [count]",
            "meetup ics",
            "meetup series <repetition> <time[-end]> [link or place]",
            "meetup series end",
            "meetup new <date> <time[-end]> [title] [link]",
            "meetup cancel <date>",
            "meetup move <date> to <date> [time[-end]]",
            "meetup plan",
            "meetup posts [call|agenda|reminder|followup|all on|off]",
        ),
    },
    handler=handle_meetup,
)
