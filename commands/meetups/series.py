"""The moderators' `!treffen` verbs that add meet-ups: the series and single meet-ups.

Every verb reads and checks all of its input before it writes anything, so a refused or
mistyped command leaves the database as it was, even before the router rolls back.
Cancelling and moving are in `meetup_moves`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.meetups.common import location_line, when_line
from commands.meetups.declarations import MEETUP
from commands.meetups.verbs import holiday_notice, see_also, typed_date
from commands.parsing.dates import combine, split_when
from commands.parsing.recurrence import describe_series, parse_series, series_spans
from commands.parsing.text import fold, quote
from commands.posts.plan import HORIZON
from commands.reply import Block, Bold, BulletList, Code, Inline, Link, Paragraph, Reply
from commands.shared import network_of, zone
from commands.timefmt import format_date, format_datetime, format_time_range
from storage import meetups
from storage.records import MeetupRecord, NetworkRecord, SeriesRecord

DEFAULT_DURATION = timedelta(minutes=60)
SHOWN_DATES = 3
TITLE_LIMIT = 200
LOCATION_LIMIT = 500
_MANY = 10_000
"""More meet-ups than any network keeps ahead; a bound for "all upcoming" queries."""

END_WORDS = frozenset({"beenden", "ende", "end", "stop", "stoppen", "aufheben"})
DEFAULT_TITLES = {"de": "Monatstreffen", "en": "Monthly meet-up"}
EXTRA_TITLES = {"de": "Zusatztreffen", "en": "Extra meet-up"}
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


# --- series ------------------------------------------------------------------------------


async def series(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Set up the network's series, replacing the current one, or end it (`serie beenden`)."""
    network = network_of(ctx)
    text = rest.strip()
    if not text:
        raise UsageError("meetups.series_missing", example=_series_example(ctx))
    if fold(text) in END_WORDS:
        return await end_series(ctx)
    spec = parse_series(text)
    if spec.start.second or spec.duration.total_seconds() % 60:
        raise UsageError("meetups.whole_minutes", text=quote(text), example=_series_example(ctx))
    location = _checked_location(ctx, spec.rest, _series_example(ctx))
    tz = zone(network)
    now = ctx.now()
    today = now.astimezone(tz).date()
    # A start time already past today would let the scheduler (which looks a day back)
    # store a meet-up that was over before the series existed.
    first_day = today if combine(today, spec.start, tz) > now else today + timedelta(days=1)
    duration_minutes = int(spec.duration.total_seconds() // 60)

    old = await meetups.active_series(ctx.session, network.id)
    retired, kept = await _retire(ctx, old, today) if old is not None else ([], [])
    created = await meetups.create_series(
        ctx.session,
        network_id=network.id,
        title=DEFAULT_TITLES.get(ctx.language, DEFAULT_TITLES["de"]),
        rrule=spec.rrule,
        start_time=spec.start,
        duration_minutes=duration_minutes,
        timezone=network.timezone,
        location=location,
        first_day=first_day,
        created_by=inv.sender,
        created_at=now,
    )
    starts = await store_occurrences(ctx, created, now)

    lang = ctx.language
    described = describe_series(created.rrule, created.start_time, spec.duration, lang)
    blocks: list[Block] = [
        Paragraph((Bold(t(lang, "meetups.series_created", series=described)),)),
        Paragraph((t(lang, "meetups.title", title=created.title),)),
    ]
    if where := _where(created.location, lang):
        blocks.append(where)
    blocks += _first_dates(ctx, network, starts, timedelta(minutes=duration_minutes))
    blocks += retired
    kept_starts = {m.starts_at for m in kept}
    new_days = {s.astimezone(tz).date() for s in starts if s not in kept_starts}
    doubles = sorted({m.starts_at.astimezone(tz).date() for m in kept} & new_days)
    if doubles:
        days = ", ".join(format_date(day, lang) for day in doubles)
        blocks.append(Paragraph((t(lang, "meetups.series_double", days=days),)))
    blocks.append(Paragraph(see_also(ctx)))
    return Reply.of(*blocks)


async def store_occurrences(ctx: Context, created: SeriesRecord, now: datetime) -> list[datetime]:
    """Store the series' meet-ups of the next months now, so `!treffen` shows them at once.

    The scheduler stores the same instants later (add_occurrences skips known ones).
    """
    spans = series_spans(created, after=now, until=now + HORIZON)
    await meetups.add_occurrences(ctx.session, created, spans, created_at=now)
    return [start for start, _ in spans]


def _first_dates(
    ctx: Context, network: NetworkRecord, starts: list[datetime], duration: timedelta
) -> list[Block]:
    lang = ctx.language
    tz = zone(network)
    if not starts:
        days = HORIZON.days
        return [Paragraph((t(lang, "meetups.series_no_dates", count=days),))]
    shown = starts[:SHOWN_DATES]
    lines = tuple(
        (f"{format_date(s, lang, tz)}, {format_time_range(s, s + duration, lang, tz)}",)
        for s in shown
    )
    blocks: list[Block] = [Paragraph((t(lang, "meetups.next_dates"),)), BulletList(lines)]
    for start in shown:
        if notice := holiday_notice(ctx, network, start, propose=True):
            blocks.append(notice)
    return blocks


async def _retire(
    ctx: Context, old: SeriesRecord, today: date
) -> tuple[list[Block], list[MeetupRecord]]:
    """End `old` today and drop its untouched future meet-ups; say and return what was kept."""
    now = ctx.now()
    lang = ctx.language
    network = network_of(ctx)
    await meetups.end_series(ctx.session, old.id, ended_on=today)
    removed = await meetups.delete_untouched_after(ctx.session, old.id, now)
    kept = [
        m
        for m in await meetups.upcoming(ctx.session, network.id, after=now, limit=_MANY)
        if m.series_id == old.id and m.starts_at > now
    ]
    described = _describe(old, lang)
    blocks: list[Block] = [
        Paragraph((t(lang, "meetups.series_ended", series=described, removed=removed),))
    ]
    if kept:
        example = MEETUP.text(
            ctx, "cancel", typed_date(kept[0].starts_at.astimezone(zone(network)).date())
        )
        blocks.append(
            Paragraph((t(lang, "meetups.series_kept", count=len(kept), example=example),))
        )
        blocks.append(BulletList(tuple(when_line(m, network, lang) for m in kept)))
    return blocks, kept


async def end_series(ctx: Context) -> Reply:
    """End the series today; its untouched future meet-ups go, touched ones stay."""
    network = network_of(ctx)
    old = await meetups.active_series(ctx.session, network.id)
    if old is None:
        raise CommandError("meetups.no_series", example=_series_example(ctx))
    today = ctx.now().astimezone(zone(network)).date()
    blocks, _kept = await _retire(ctx, old, today)
    blocks.append(Paragraph((t(ctx.language, "meetups.series_restart"), " ", _series_code(ctx))))
    return Reply.of(*blocks)


def _describe(series_record: SeriesRecord, language: str) -> str:
    duration = timedelta(minutes=series_record.duration_minutes)
    return describe_series(series_record.rrule, series_record.start_time, duration, language)


def _series_example(ctx: Context) -> str:
    phrase = "jeden 2. Dienstag" if ctx.language == "de" else "every 2nd tuesday"
    return MEETUP.text(ctx, "series", phrase, "10:00-11:30", "https://meet.example.org/ikz")


def _series_code(ctx: Context) -> Code:
    return Code(_series_example(ctx))


# --- single meet-ups ---------------------------------------------------------------------


async def new(inv: Invocation, ctx: Context, rest: str) -> Reply:
    """Add a single meet-up outside the series: `neu 12.3.2027 14:00-16:00 Workshop E-Akte`."""
    network = network_of(ctx)
    now = ctx.now()
    tz = zone(network)
    example = _new_example(ctx)
    text = rest.strip()
    if not text:
        raise UsageError("meetups.new_missing", example=example)
    when, after = split_when(text, now=now, tz=tz, ask_past=True)
    if not when.has_time:
        raise UsageError(
            "meetups.new_needs_time", day=format_date(when.start, ctx.language), example=example
        )
    if when.start <= now:
        raise UsageError(
            "meetups.in_past", when=format_datetime(when.start, ctx.language, tz), example=example
        )
    end = when.end or when.start + DEFAULT_DURATION
    if end <= when.start:  # a range across the spring-forward gap, e.g. 02:30-03:00
        raise UsageError("dates.end_before_start", text=quote(text), example=example)
    title, location = _title_and_link(ctx, after, example)
    created = await meetups.create_meetup(
        ctx.session,
        network_id=network.id,
        starts_at=when.start.astimezone(UTC),
        ends_at=end.astimezone(UTC),
        title=title or EXTRA_TITLES.get(ctx.language, EXTRA_TITLES["de"]),
        location=location,
        created_by=inv.sender,
        created_at=now,
    )
    blocks: list[Block] = [
        Paragraph(
            (t(ctx.language, "meetups.created"), " ", *when_line(created, network, ctx.language))
        )
    ]
    if where := location_line(created, ctx.language):
        blocks.append(where)
    if notice := holiday_notice(ctx, network, created.starts_at, propose=True):
        blocks.append(notice)
    blocks.append(Paragraph(see_also(ctx)))
    return Reply.of(*blocks)


def _title_and_link(ctx: Context, text: str, example: str) -> tuple[str, str | None]:
    """The words after the time: a link anywhere among them is the place, the rest the title."""
    words = text.split()
    links = [w for w in words if _URL.match(w)]
    title = " ".join(w for w in words if not _URL.match(w))
    if len(title) > TITLE_LIMIT:
        raise UsageError(
            "meetups.title_too_long", length=len(title), limit=TITLE_LIMIT, example=example
        )
    location = _checked_location(ctx, " ".join(links), example)
    return title, location


def _checked_location(ctx: Context, text: str, example: str) -> str | None:
    location = text.strip()
    if len(location) > LOCATION_LIMIT:
        raise UsageError(
            "meetups.location_too_long", length=len(location), limit=LOCATION_LIMIT, example=example
        )
    return location or None


def _new_example(ctx: Context) -> str:
    day = ctx.now().date() + timedelta(days=14)
    return MEETUP.text(ctx, "new", typed_date(day), "14:00-15:30", "Workshop E-Akte")


def _where(location: str | None, language: str) -> Paragraph | None:
    """The series' place, shown like a meet-up's (`meetup_common.location_line`)."""
    if not location:
        return None
    is_link = location.startswith(("http://", "https://"))
    part: Inline = Link(location, location) if is_link else location
    return Paragraph((t(language, "meetup.where"), " ", part))
