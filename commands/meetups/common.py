"""What the meet-up, agenda, RSVP and minutes commands share: finding a meet-up, showing one.

"The next meet-up" is the default target of most commands; a date picks another one. The
blocks here are the one way a meet-up, its agenda and its answers look, in replies and in
the scheduled posts alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy.ext.asyncio import AsyncSession

from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError
from commands.names import NO_NAMES, name_of, names
from commands.parsing.dates import parse_date, typed_date
from commands.reply import Bold, BulletList, Inline, Link, Paragraph
from commands.shared import network_of, zone
from commands.timefmt import format_date, format_time_range
from storage import agenda, contacts, meetups, rsvps
from storage.collation import german_key
from storage.records import (
    AgendaItemRecord,
    ContactRecord,
    MeetupRecord,
    NetworkRecord,
    RsvpRecord,
)

ANSWER_ORDER = ("yes", "maybe", "no")


async def next_meetup(ctx: Context) -> MeetupRecord:
    """The running or next scheduled meet-up of the asker's network."""
    network = network_of(ctx)
    found = await meetups.upcoming(ctx.session, network.id, after=ctx.time_compared(), limit=1)
    if not found:
        raise CommandError("meetup.none_planned", prefix=ctx.prefix)
    ctx.changes_at(found[0].ends_at)  # then the one after it is next
    return found[0]


async def meetup_on(
    ctx: Context,
    day_text: str,
    *,
    include_cancelled: bool = False,
    retyped: Callable[[str], str] = str,
) -> MeetupRecord:
    """The meet-up on the day the user typed (`9.12.`, `am 9.12.`, `nächsten Dienstag`).

    `retyped` builds the command as typed with another day, for the error's example.
    """
    network = network_of(ctx)
    day = parse_date(day_text, now=ctx.now(), tz=zone(network))
    found = await meetups.on_local_day(
        ctx.session, network.id, day, zone(network), include_cancelled=include_cancelled
    )
    if not found:
        raise await none_on_day(ctx, day, retyped)
    return found[0]


async def none_on_day(ctx: Context, day: date, retyped: Callable[[str], str] = str) -> CommandError:
    """No meet-up on `day`: the error names the nearest one before or after, if any."""
    network = network_of(ctx)
    tz = zone(network)
    midnight = datetime.combine(day, time(0), tzinfo=tz)
    after = await meetups.upcoming(ctx.session, network.id, after=midnight, limit=1)
    before = await meetups.latest_started(ctx.session, network.id, before=midnight)
    candidates = [*after, *([before] if before else [])]
    shown = format_date(day, ctx.language)
    if not candidates:
        return CommandError("meetup.none_on_day", day=shown)
    nearest = min(candidates, key=lambda m: abs(m.starts_at - midnight))
    local = nearest.starts_at.astimezone(tz).date()
    return CommandError(
        "meetup.none_on_day_nearest",
        day=shown,
        nearest=format_date(nearest.starts_at, ctx.language, tz),
        example=retyped(typed_date(local)),
    )


async def target_meetup(
    ctx: Context, day_text: str, retyped: Callable[[str], str] = str
) -> MeetupRecord:
    """The meet-up on `day_text`, or the next one when no day was given."""
    if not day_text.strip():
        return await next_meetup(ctx)
    return await meetup_on(ctx, day_text, retyped=retyped)


def when_line(meetup: MeetupRecord, network: NetworkRecord, language: str) -> tuple[Inline, ...]:
    """`Di., 8. Dez. 2026, 10:00–11:30 Uhr – Monatstreffen`, bold date."""
    tz = zone(network)
    when = f"{format_date(meetup.starts_at, language, tz)}, "
    when += format_time_range(meetup.starts_at, meetup.ends_at, language, tz)
    return (Bold(when), f" – {meetup.title}")


def location_line(meetup: MeetupRecord, language: str) -> Paragraph | None:
    """Where to go: a clickable link or a place; None if nothing is stored."""
    if not meetup.location:
        return None
    where = meetup.location
    part: Inline = Link(where, where) if where.startswith(("http://", "https://")) else where
    return Paragraph((t(language, "meetup.where"), " ", part))


def duration_text(minutes: int | None, language: str) -> str:
    """` (20 min)` after an agenda topic, with a no-break space; empty without a duration."""
    return f" ({t(language, 'meetup.minutes', minutes=minutes)})" if minutes else ""


def agenda_lines(
    items: list[AgendaItemRecord], language: str, names: Mapping[str, str] = NO_NAMES
) -> BulletList | Paragraph:
    """The numbered agenda: `1. Serviceportal (20 min) – Erika Musterfrau`; `names` as
    `commands.names.names` gives them (missing: the localpart)."""
    if not items:
        return Paragraph((t(language, "agenda.empty"),))
    lines = []
    for item in items:
        minutes = duration_text(item.duration_minutes, language)
        owner = name_of(item.owner, names)
        lines.append((f"{item.position}. {item.title}{minutes} – {owner}",))
    return BulletList(tuple(lines))


async def agenda_names(ctx: Context, items: list[AgendaItemRecord]) -> dict[str, str]:
    """The names of the agenda items' owners, for `agenda_lines`."""
    return await names(ctx.session, network_of(ctx).id, [i.owner for i in items], ctx.display_names)


@dataclass(frozen=True, slots=True)
class Answers:
    """A meet-up's answers, the directory entries of those who answered and the room's
    display names (`Context.display_names`)."""

    answers: list[RsvpRecord]
    people: Mapping[str, ContactRecord]
    display_names: Mapping[str, str] = field(default_factory=dict)


async def load_answers(
    session: AsyncSession,
    network_id: int,
    meetup_id: int,
    display_names: Mapping[str, str] = NO_NAMES,
) -> Answers:
    """The meet-up's answers, with the contact entries that name the people."""
    answers = await rsvps.answers(session, network_id, meetup_id)
    people = await contacts.by_matrix_ids(session, network_id, [a.user_id for a in answers])
    return Answers(answers, people, display_names)


def answers_line(loaded: Answers, language: str) -> Paragraph:
    """`Zusagen (2): Max Mustermann (Detmold), Erika Musterfrau (Lemgo); Vielleicht (0); …`.

    People with a directory entry and municipality are named with it and sorted by it, the
    others (by `name_of`) after them; nobody is pinged.
    """
    answers, known = loaded.answers, loaded.people

    def name(user_id: str) -> str:
        entry = known.get(user_id)
        return name_of(user_id, loaded.display_names, entry.name if entry else None)

    def order(user_id: str) -> tuple[int, tuple[str, str], tuple[str, str], str]:
        entry = known.get(user_id)
        where = entry.municipality if entry else None
        return (where is None, german_key(where or ""), german_key(name(user_id)), user_id)

    def shown(user_id: str) -> str:
        entry = known.get(user_id)
        where = entry.municipality if entry else None
        return f"{name(user_id)} ({where})" if where else name(user_id)

    parts = []
    for answer in ANSWER_ORDER:
        ids = sorted((a.user_id for a in answers if a.answer == answer), key=order)
        label = t(language, f"rsvp.label.{answer}")
        parts.append(f"{label} ({len(ids)})" + (": " + ", ".join(map(shown, ids)) if ids else ""))
    return Paragraph(("; ".join(parts),))


async def open_agenda(ctx: Context, meetup: MeetupRecord) -> list[AgendaItemRecord]:
    """The meet-up's agenda items still to be dealt with there."""
    return await agenda.items(ctx.session, meetup.network_id, meetup.id)


async def answers_of(ctx: Context, meetup: MeetupRecord) -> list[RsvpRecord]:
    """Everyone's current answer for the meet-up."""
    return await rsvps.answers(ctx.session, meetup.network_id, meetup.id)
