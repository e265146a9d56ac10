"""`!treffen` / `!meetup`: the next meet-up, the list of dates, the calendar file, and the
moderators' verbs (`meetup_series`, `meetup_moves`, `meetup_plan`).

`!treffen` alone answers the question asked most: when, where, what is on the agenda, who
comes. A date instead of a verb (`!treffen 9.12.`) shows that day's meet-up.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError, nothing_more
from commands.invocation import Invocation
from commands.links import CALENDAR_PATH, LinkKind, manage_link
from commands.meetups import feed, moves, plan, series
from commands.meetups.common import (
    agenda_lines,
    agenda_names,
    answers_line,
    load_answers,
    location_line,
    meetup_on,
    next_meetup,
    open_agenda,
    when_line,
)
from commands.meetups.declarations import MAYBE, MEETUP, NO, RSVP, YES
from commands.meetups.verbs import holiday_notice, see_also
from commands.parsing.dates import Span, parse_date, parse_span
from commands.parsing.recurrence import describe_series
from commands.reply import Block, Bold, BulletList, Code, FileAttachment, Inline, Paragraph, Reply
from commands.shared import network_of, zone
from commands.timefmt import format_date, format_datetime
from storage import meetups, subscriptions
from storage.records import MeetupRecord

_COUNT = re.compile(r"[0-9]{1,4}")
LIST_DEFAULT = 5
LIST_MAX = 20


async def handle_meetup(inv: Invocation, ctx: Context, args: str) -> Reply:
    """No sub-command: nothing shows the next meet-up, a date that day's."""
    if not args.split():
        return await show(ctx, await next_meetup(ctx))
    return await _show_day(ctx, args)


async def _show_day(ctx: Context, text: str) -> Reply:
    """`!treffen 9.12.` or `!treffen nächste Woche`; other words get the list of verbs."""
    span = parse_span(text, now=ctx.now(), tz=zone(network_of(ctx)))
    if span is not None:
        return await _show_span(ctx, text, span)
    try:
        parse_date(text, now=ctx.now(), tz=zone(network_of(ctx)))
    except UsageError:
        if text.strip()[:1].isdigit():
            raise
        raise UsageError(
            "meetups.unknown_verb",
            text=text.split()[0],
            command=MEETUP.text(ctx),
            verbs=MEETUP.sub_words(ctx.language),
        ) from None
    meetup = await meetup_on(
        ctx, text, include_cancelled=True, retyped=lambda day: MEETUP.text(ctx, None, day)
    )
    return await show(ctx, meetup, asked_for=True)


async def show(ctx: Context, meetup: MeetupRecord, *, asked_for: bool = False) -> Reply:
    """One meet-up: when, where, agenda, answers, and how to answer.

    `asked_for` marks a meet-up picked by date, which need not be the next one.
    """
    network = network_of(ctx)
    lang = ctx.language
    now = ctx.time_compared(meetup.starts_at, meetup.ends_at)
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
    items = await open_agenda(ctx, meetup)
    blocks.append(agenda_lines(items, lang, await agenda_names(ctx, items)))
    answers = await load_answers(ctx.session, meetup.network_id, meetup.id, ctx.display_names)
    blocks.append(answers_line(answers, lang))
    if meetup.status == "scheduled":
        blocks.append(Paragraph(_rsvp_hint(ctx)))
    blocks.append(Paragraph(see_also(ctx)))
    return Reply.of(*blocks)


def _rsvp_hint(ctx: Context) -> tuple[Inline, ...]:
    lang = ctx.language
    if lang == "en":
        shown = [RSVP.text(ctx, None, answer) for answer in ("yes", "no", "maybe")]
    else:
        shown = [answer.text(ctx) for answer in (YES, NO, MAYBE)]
    return (
        t(lang, "meetups.rsvp_hint_start"),
        " ",
        Code(shown[0]),
        ", ",
        Code(shown[1]),
        ", ",
        Code(shown[2]),
        " ",
        t(lang, "meetups.rsvp_hint_end"),
    )


def _moved_note(ctx: Context, meetup: MeetupRecord) -> Paragraph | None:
    if meetup.original_start is None or meetup.original_start == meetup.starts_at:
        return None
    before = format_datetime(meetup.original_start, ctx.language, zone(network_of(ctx)))
    return Paragraph((t(ctx.language, "meetups.moved_from", before=before),))


async def _show_span(ctx: Context, text: str, span: Span) -> Reply:
    """`!treffen nächste Woche`, `!treffen im Januar`: the meet-ups in that stretch of days."""
    network = network_of(ctx)
    lang = ctx.language
    tz = zone(network)
    start = datetime.combine(span.first, time(0), tzinfo=tz)
    end = datetime.combine(span.last + timedelta(days=1), time(0), tzinfo=tz)
    found = await meetups.upcoming(
        ctx.session, network.id, after=start, limit=LIST_MAX, include_cancelled=True
    )
    inside = [m for m in found if m.starts_at < end]
    shown = {"first": format_date(span.first, lang), "last": format_date(span.last, lang)}
    if not inside:
        return Reply.text(t(lang, "meetups.span_none", **shown, example=MEETUP.text(ctx, "list")))
    return Reply.of(
        Paragraph((t(lang, "meetups.span_heading", **shown, count=len(inside)),)),
        BulletList(_lines(ctx, inside)),
        Paragraph((t(lang, "meetups.see_one"), " ", Code(MEETUP.text(ctx)))),
    )


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
    return Reply.of(
        Paragraph((t(lang, "meetups.list_heading", count=len(found)),)),
        BulletList(_lines(ctx, found)),
        Paragraph((t(lang, "meetups.see_one"), " ", Code(MEETUP.text(ctx)))),
    )


def _lines(ctx: Context, found: list[MeetupRecord]) -> tuple[tuple[Inline, ...], ...]:
    """One line per meet-up, cancelled, moved and holiday ones marked."""
    network = network_of(ctx)
    lang = ctx.language
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
    return tuple(lines)


def _count(ctx: Context, rest: str) -> int:
    text = rest.strip()
    if not text:
        return LIST_DEFAULT
    if not _COUNT.fullmatch(text) or int(text) < 1:
        raise UsageError(
            "meetups.list_count", text=text, limit=LIST_MAX, example=MEETUP.text(ctx, "list", "10")
        )
    return min(int(text), LIST_MAX)


async def calendar(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """The series and upcoming meet-ups as an .ics file for Outlook and Thunderbird."""
    from commands.meetups import ics  # icalendar is loaded on the first `.ics`, not at start

    network = network_of(ctx)
    lang = ctx.language
    nothing_more(MEETUP.text(ctx, "ics"), rest)
    now = ctx.now()
    rows = await feed.calendar_rows(ctx.session, network, now)
    series, shown = rows.series, rows.meetups
    if series is None and not any(m.status == "scheduled" for m in shown):
        raise CommandError("meetup.none_planned", prefix=ctx.prefix)
    note = t(lang, "meetups.ics.description", command=MEETUP.text(ctx))
    data = ics.calendar_file(network, series, shown, stamp=now, note=note)
    blocks: list[Block] = [Paragraph((t(lang, "meetups.ics_intro", name=network.name),))]
    if series is not None:
        duration = timedelta(minutes=series.duration_minutes)
        described = describe_series(series.rrule, series.start_time, duration, lang)
        blocks.append(Paragraph((t(lang, "meetups.ics_series", series=described),)))
    blocks.append(Paragraph((t(lang, "meetups.ics_import"),)))
    attachment = FileAttachment(ics.FILENAME, ics.MIMETYPE, data)
    return Reply.of(*blocks, files=(attachment,))


CALENDAR_LINK = LinkKind(subscriptions.CALENDAR, MEETUP, "subscribe", CALENDAR_PATH)


async def subscribe(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """`!treffen abo [neu|löschen]`: the personal address of the network's calendar feed."""
    return await manage_link(inv, ctx, rest, CALENDAR_LINK)


MEETUP_ENTRY = MEETUP.bind(
    handle_meetup,
    list=list_meetups,
    series=series.series,
    new=series.new,
    cancel=moves.cancel,
    move=moves.move,
    ics=calendar,
    subscribe=subscribe,
    plan=plan.plan,
    posts=plan.posts,
)
