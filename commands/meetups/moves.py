"""The moderators' `!treffen absagen` and `!treffen verschieben`: one meet-up at a time.

Both check all input before writing. Cancelling or moving withdraws the meet-up's pending
posts; the scheduler plans new ones from the stored rows (DESIGN.md invariants 3–5), edits
the posts already sent to say what happened, and announces the change if the meet-up is
near (`storage.meetup_changes`). The row of a cancelled or moved series occurrence stays
with its original start, so the series never brings it back.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.meetups.common import when_line
from commands.meetups.declarations import MEETUP
from commands.meetups.verbs import MOVE_WORD, holiday_notice, typed_date, typed_time
from commands.parsing.dates import Cursor, combine, parse_time_range, parse_when
from commands.parsing.text import quote
from commands.posts.plan import PostKind
from commands.reply import Block, Paragraph, Reply
from commands.shared import network_of, zone
from commands.timefmt import format_date, format_datetime, format_time_range
from storage import deliveries, meetup_changes, meetups
from storage.meetup_changes import MeetupChange
from storage.records import MeetupRecord

CANCELLED_REASON = "meet-up cancelled"
MOVED_REASON = "meet-up moved"

_MOVE_SPLIT = re.compile(r"\s+(?:auf|nach|to|->|→)\s+", re.IGNORECASE)
_TRAILING = " .!"


async def cancel(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Cancel one meet-up and withdraw its pending posts; the row stays, so nothing refills it."""
    network = network_of(ctx)
    now = ctx.now()
    example = MEETUP.text(ctx, "cancel", await _example_day(ctx))
    if not rest.strip():
        raise UsageError("meetups.cancel_missing", example=example)
    meetup = await pick_meetup(ctx, rest, example)
    if meetup.ends_at <= now:
        raise CommandError("meetups.over", day=_day(ctx, meetup), example=example)
    await meetups.cancel(ctx.session, network.id, meetup.id, at=now)
    # Posts not yet stored as deliveries simply stop being planned (plan_posts skips
    # cancelled meet-ups); stored but unsent ones are withdrawn here.
    await _withdraw_and_record(ctx, meetup, None, CANCELLED_REASON)
    lang = ctx.language
    return Reply.of(
        Paragraph((t(lang, "meetups.cancelled"), " ", *when_line(meetup, network, lang))),
        Paragraph((t(lang, "meetups.cancel_kept"),)),
    )


async def move(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Move one meet-up (`verschieben 9.12. auf 10.12. 14:00`); it keeps agenda and answers."""
    network = network_of(ctx)
    now = ctx.now()
    tz = zone(network)
    example = await _move_example(ctx)
    parts = _MOVE_SPLIT.split(rest.strip(), maxsplit=1)
    if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
        raise UsageError("meetups.move_missing", example=example)
    source, target = parts
    meetup = await pick_meetup(ctx, source, example)
    if meetup.starts_at <= now:
        raise CommandError("meetups.move_started", day=_day(ctx, meetup), example=example)
    start, end = _target(meetup, target, now, tz, example)
    if end <= start:  # a range across the spring-forward gap, e.g. 02:30-03:00
        raise UsageError("dates.end_before_start", text=quote(target), example=example)
    if start <= now:
        raise UsageError(
            "meetups.in_past", when=format_datetime(start, ctx.language, tz), example=example
        )
    if start == meetup.starts_at and end == meetup.ends_at:
        raise CommandError("meetups.move_same", example=example)
    moved = await meetups.move(
        ctx.session,
        network.id,
        meetup.id,
        starts_at=start.astimezone(UTC),
        ends_at=end.astimezone(UTC),
        at=now,
    )
    await _withdraw_and_record(ctx, meetup, moved.starts_at, MOVED_REASON)
    lang = ctx.language
    before = f"{format_date(meetup.starts_at, lang, tz)}, "
    before += format_time_range(meetup.starts_at, meetup.ends_at, lang, tz)
    blocks: list[Block] = [
        Paragraph((t(lang, "meetups.moved", before=before), " ", *when_line(moved, network, lang))),
        Paragraph((t(lang, "meetups.move_kept"),)),
    ]
    if notice := holiday_notice(ctx, network, moved.starts_at, propose=True):
        blocks.append(notice)
    return Reply.of(*blocks)


async def _withdraw_and_record(
    ctx: Context, meetup: MeetupRecord, after: datetime | None, reason: str
) -> None:
    """Withdraw the unsent posts of the meet-up's old time and queue the change for the
    scheduler (edits of the sent posts, an announcement if near)."""
    kinds = [str(kind) for kind in PostKind]
    await deliveries.withdraw_pending(ctx.session, meetup.id, reason=reason, kinds=kinds)
    change = MeetupChange(
        network_id=meetup.network_id,
        meetup_id=meetup.id,
        before=(meetup.starts_at, meetup.ends_at),
        after=after,
        at=ctx.now(),
    )
    await meetup_changes.record(ctx.session, change)


def _target(
    meetup: MeetupRecord, text: str, now: datetime, tz: ZoneInfo, example: str
) -> tuple[datetime, datetime]:
    """The new start and end: a time alone keeps the day, a day alone keeps the time."""
    duration = meetup.ends_at - meetup.starts_at
    local = meetup.starts_at.astimezone(tz)
    cursor = Cursor(text)
    times = parse_time_range(cursor, loose=False, example=example)
    if times is not None and not text[cursor.pos :].strip(_TRAILING):
        start = combine(local.date(), times.start, tz)
        end = combine(local.date(), times.end, tz) if times.end else start + duration
        return start, end
    when = parse_when(
        text, now=now, tz=tz, default_time=local.time().replace(tzinfo=None), ask_past=True
    )
    return when.start, when.end or when.start + duration


async def pick_meetup(ctx: Context, text: str, example: str) -> MeetupRecord:
    """The meet-up the user means by `9.12.` or `9.12. 14:00` (the time picks among several).

    A scheduled meet-up wins over a cancelled one on the same day; only a cancelled one is
    an error that says so, since the user may not know it was cancelled.
    """
    network = network_of(ctx)
    tz = zone(network)
    when = parse_when(text.strip(), now=ctx.now(), tz=tz)
    day = when.start.date()
    on_day = await meetups.on_local_day(ctx.session, network.id, day, tz, include_cancelled=True)
    found = on_day
    if when.has_time:
        found = [m for m in on_day if m.starts_at.astimezone(tz).time() == when.start.time()]
    scheduled = [m for m in found if m.status == "scheduled"]
    if scheduled:
        return scheduled[0]
    shown = format_date(day, ctx.language)
    if on_day and not found:
        times = ", ".join(typed_time(m.starts_at.astimezone(tz)) for m in on_day)
        raise CommandError("meetups.none_at_time", day=shown, times=times, example=example)
    if found:
        raise CommandError("meetups.already_cancelled", day=shown, example=example)
    listing = MEETUP.text(ctx, "list")
    raise CommandError("meetups.none_on_day", day=shown, list=listing, example=example)


async def _example_day(ctx: Context) -> str:
    """The next meet-up's date, so the example in an error names a real one."""
    network = network_of(ctx)
    found = await meetups.upcoming(ctx.session, network.id, after=ctx.now(), limit=1)
    day = found[0].starts_at if found else ctx.now() + timedelta(days=7)
    return typed_date(day.astimezone(zone(network)).date())


async def _move_example(ctx: Context) -> str:
    network = network_of(ctx)
    tz = zone(network)
    found = await meetups.upcoming(ctx.session, network.id, after=ctx.now(), limit=1)
    start = found[0].starts_at if found else ctx.now() + timedelta(days=7)
    local = start.astimezone(tz)
    lang = ctx.language if ctx.language in MOVE_WORD else "de"
    target = local + timedelta(days=1)
    return MEETUP.text(
        ctx,
        "move",
        typed_date(local.date()),
        MOVE_WORD[lang],
        typed_date(target.date()),
        typed_time(combine(target.date(), time(14), tz)),
    )


def _day(ctx: Context, meetup: MeetupRecord) -> str:
    return format_date(meetup.starts_at, ctx.language, zone(network_of(ctx)))
