"""`!beschluss` / `!decision` and `!protokoll` / `!minutes`: what a meet-up decided.

Decisions belong to the running or last meet-up. The minutes are gathered once into a
`Minutes` value and rendered twice from it: as the chat message and as a Markdown file
(`minutes_markdown`, covered by a golden file), so the two can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from commands.actions.views import action_text
from commands.catalogue import t
from commands.context import Context
from commands.errors import CommandError, UsageError
from commands.invocation import Invocation
from commands.meetups.common import answers_of, duration_text, location_line
from commands.meetups.declarations import DECISION, MEETUP, MINUTES
from commands.names import name_of, names
from commands.parsing.dates import parse_date
from commands.reply import Block, Bold, BulletList, FileAttachment, Paragraph, Reply
from commands.shared import network_of, zone
from commands.timefmt import format_date, format_time_range
from storage import actions, agenda, decisions, meetups
from storage.records import (
    ActionItemRecord,
    AgendaItemRecord,
    DecisionRecord,
    MeetupRecord,
    NetworkRecord,
)

MAX_DECISION_CHARS = 1000
"""A decision is a paragraph of the minutes; longer texts belong in a linked paper."""

_ECHO_CHARS = 120
"""How much of a decision the confirmation repeats."""

_DEFERRAL_LOOKAHEAD = 6
"""How many later meet-ups are searched for the copy of a deferred item."""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u202f]+")
"""Line breaks, tabs and runs of spaces; no-break spaces (`8.\\u00a0Dez.`) stay as they are."""
_AUTOLINK = re.compile(r"https?://[^\s<>]+", re.IGNORECASE)

# --- decisions ----------------------------------------------------------------------------


async def record_decision(inv: Invocation, ctx: Context, args: str) -> Reply:
    """Attach a decision to the running or last meet-up and confirm with its number."""
    network = network_of(ctx)
    lang = ctx.language
    text = " ".join(args.split())
    example = _decision_example(ctx)
    if not text:
        raise UsageError("decision.text_missing", example=example)
    if len(text) > MAX_DECISION_CHARS:
        raise CommandError(
            "decision.too_long", length=len(text), limit=MAX_DECISION_CHARS, example=example
        )
    meetup = await meetups.latest_started(ctx.session, network.id, before=ctx.now())
    if meetup is None:
        raise CommandError("decision.no_meetup", example=MEETUP.text(ctx))
    await decisions.add_decision(
        ctx.session,
        network_id=network.id,
        meetup_id=meetup.id,
        text=text,
        author=inv.sender,
        created_at=ctx.now(),
    )
    number = len(await decisions.decisions(ctx.session, network.id, meetup.id))
    echo = text if len(text) <= _ECHO_CHARS else text[: _ECHO_CHARS - 1] + "…"
    day = format_date(meetup.starts_at, lang, zone(network))
    return Reply.text(t(lang, "decision.saved", number=number, day=day, text=echo))


def _decision_example(ctx: Context) -> str:
    if ctx.language == "en":
        return DECISION.text(ctx, None, "The network procures one council information system.")
    return DECISION.text(ctx, None, "Das Netzwerk beschafft gemeinsam ein Ratsinformationssystem.")


# --- minutes ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MinutesItem:
    """An agenda item as the minutes show it; `deferred_to` is where a deferred one went."""

    item: AgendaItemRecord
    deferred: bool
    deferred_to: datetime | None


@dataclass(frozen=True, slots=True)
class Minutes:
    """Everything the minutes of one meet-up say, gathered before rendering.

    `action_items` are the action items created while the meet-up ran (issue 4), rendered
    as the last section by `minutes_blocks` and `minutes_markdown`.
    """

    network: NetworkRecord
    meetup: MeetupRecord
    attendees: tuple[str, ...]
    agenda: tuple[MinutesItem, ...]
    decisions: tuple[DecisionRecord, ...]
    action_items: tuple[ActionItemRecord, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)
    """How the people named are shown (`commands.names`); missing ones by localpart."""


async def show_minutes(inv: Invocation, ctx: Context, args: str) -> Reply:
    """The minutes of the last (or the named) meet-up, as a message and a Markdown file."""
    meetup = await _minutes_meetup(ctx, args)
    minutes = await gather_minutes(ctx, meetup)
    lang = ctx.language
    local_day = meetup.starts_at.astimezone(zone(minutes.network)).date()
    filename = t(lang, "minutes.filename", day=local_day.isoformat())
    file = FileAttachment(
        filename=filename,
        mimetype="text/markdown",
        data=minutes_markdown(minutes, lang).encode("utf-8"),
    )
    note = Paragraph((t(lang, "minutes.file_note", filename=filename),))
    return Reply.of(*minutes_blocks(minutes, lang), note, files=(file,))


async def _minutes_meetup(ctx: Context, args: str) -> MeetupRecord:
    """The last started meet-up, or the one on the typed day.

    A day typed without a year means the next such day to the date parser; for minutes,
    which look back, the same day a year earlier is tried when nothing is on the next one.
    """
    network = network_of(ctx)
    now = ctx.now()
    if not args.strip():
        last = await meetups.latest_started(ctx.session, network.id, before=now)
        if last is None:
            raise CommandError("minutes.none", example=MEETUP.text(ctx))
        return last
    tz = zone(network)
    day = parse_date(args, now=now, tz=tz)
    found = await meetups.on_local_day(ctx.session, network.id, day, tz)
    if not found and day > now.astimezone(tz).date():
        earlier = _year_before(day)
        if earlier is not None:
            found = [
                m
                for m in await meetups.on_local_day(ctx.session, network.id, earlier, tz)
                if m.starts_at <= now
            ]
    if not found:
        raise CommandError("meetup.none_on_day", day=format_date(day, ctx.language))
    meetup = found[0]
    if meetup.starts_at > now:
        raise CommandError(
            "minutes.not_started",
            day=format_date(meetup.starts_at, ctx.language, tz),
            example=MINUTES.text(ctx),
        )
    return meetup


def _year_before(day: date) -> date | None:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return None


async def gather_minutes(ctx: Context, meetup: MeetupRecord) -> Minutes:
    """Read attendees, the whole agenda (deferred items too) and the decisions."""
    network = network_of(ctx)
    attendees = tuple(a.user_id for a in await answers_of(ctx, meetup) if a.answer == "yes")
    items = await agenda.items(ctx.session, network.id, meetup.id, include_deferred=True)
    targets = await _deferral_targets(ctx, meetup, items)
    shown = tuple(
        MinutesItem(item, item.status == agenda.DEFERRED, targets.get(item.id)) for item in items
    )
    found = await decisions.decisions(ctx.session, network.id, meetup.id)
    created = await actions.created_at_meetup(ctx.session, network.id, meetup.id)
    people = (*attendees, *(i.owner for i in items), *(i.owner for i in created))
    named = await names(ctx.session, network.id, people, ctx.display_names)
    return Minutes(network, meetup, attendees, shown, tuple(found), tuple(created), named)


async def _deferral_targets(
    ctx: Context, meetup: MeetupRecord, items: list[AgendaItemRecord]
) -> dict[int, datetime]:
    """For each deferred item, the start of the meet-up its copy went to (if found)."""
    deferred = {item.id for item in items if item.status == agenda.DEFERRED}
    if not deferred:
        return {}
    later = await meetups.upcoming(
        ctx.session,
        meetup.network_id,
        after=meetup.starts_at,
        limit=_DEFERRAL_LOOKAHEAD,
        include_cancelled=True,
    )
    targets: dict[int, datetime] = {}
    for other in later:
        if other.id == meetup.id:
            continue
        copies = await agenda.items(ctx.session, meetup.network_id, other.id, include_deferred=True)
        for copy in copies:
            if copy.carried_from_id in deferred:
                targets.setdefault(copy.carried_from_id, other.starts_at)
    return targets


def _when(minutes: Minutes, language: str) -> str:
    tz = zone(minutes.network)
    meetup = minutes.meetup
    start = format_date(meetup.starts_at, language, tz)
    return f"{start}, {format_time_range(meetup.starts_at, meetup.ends_at, language, tz)}"


def _item_text(
    entry: MinutesItem, names: Mapping[str, str], language: str, tz: ZoneInfo
) -> tuple[str, str]:
    """`3. Title (20 min) – owner` and the deferral note (empty if not deferred)."""
    item = entry.item
    duration = duration_text(item.duration_minutes, language)
    line = f"{item.position}. {item.title}{duration} – {name_of(item.owner, names)}"
    if not entry.deferred:
        return line, ""
    if entry.deferred_to is None:
        return line, t(language, "minutes.deferred")
    day = format_date(entry.deferred_to, language, tz)
    return line, t(language, "minutes.deferred_to", day=day)


def minutes_blocks(minutes: Minutes, language: str) -> list[Block]:
    """The minutes as chat blocks: heading, date, place, attendees, agenda, decisions."""
    meetup = minutes.meetup
    blocks: list[Block] = [
        Paragraph((Bold(f"{t(language, 'minutes.title')}: {meetup.title}"),)),
        Paragraph((f"{t(language, 'minutes.date')}: {_when(minutes, language)}",)),
    ]
    where = location_line(meetup, language)
    if where is not None:
        blocks.append(where)
    attendees = t(language, "minutes.attendees", count=len(minutes.attendees))
    if minutes.attendees:
        present = ", ".join(name_of(user, minutes.names) for user in minutes.attendees)
        blocks.append(Paragraph((f"{attendees}: {present}",)))
    else:
        blocks.append(Paragraph((f"{attendees}: {t(language, 'minutes.no_attendees')}",)))
    blocks.append(Paragraph((Bold(t(language, "minutes.agenda")),)))
    if minutes.agenda:
        lines = []
        for entry in minutes.agenda:
            line, note = _item_text(entry, minutes.names, language, zone(minutes.network))
            lines.append((line + (f" ({note})" if note else ""),))
        blocks.append(BulletList(tuple(lines)))
    else:
        blocks.append(Paragraph((t(language, "minutes.no_agenda"),)))
    count = len(minutes.decisions)
    blocks.append(Paragraph((Bold(t(language, "minutes.decisions", count=count)),)))
    if minutes.decisions:
        numbered = tuple((f"{n}. {d.text}",) for n, d in enumerate(minutes.decisions, start=1))
        blocks.append(BulletList(numbered))
    else:
        blocks.append(Paragraph((t(language, "minutes.no_decisions"),)))
    # Issue 4: the action items created at this meet-up, as one more section.
    count = len(minutes.action_items)
    blocks.append(Paragraph((Bold(t(language, "actions.minutes_heading", count=count)),)))
    if minutes.action_items:
        lines = tuple(
            (action_text(item, name_of(item.owner, minutes.names), language),)
            for item in minutes.action_items
        )
        blocks.append(BulletList(lines))
    else:
        blocks.append(Paragraph((t(language, "actions.minutes_none"),)))
    return blocks


def minutes_markdown(minutes: Minutes, language: str) -> str:
    """The minutes as a Markdown document; user text is escaped so it stays text."""
    meetup = minutes.meetup
    out = [
        f"# {t(language, 'minutes.title')}: {_md(meetup.title)}",
        "",
        f"- **{t(language, 'minutes.date')}:** {_md(_when(minutes, language))}",
    ]
    if meetup.location:
        out.append(f"- **{t(language, 'minutes.place')}:** {_md_place(meetup.location)}")
    out.append(f"- **{t(language, 'minutes.network')}:** {_md(minutes.network.name)}")
    out += ["", f"## {t(language, 'minutes.attendees', count=len(minutes.attendees))}", ""]
    if minutes.attendees:
        out += [f"- {_md(name_of(person, minutes.names))}" for person in minutes.attendees]
    else:
        out.append(t(language, "minutes.no_attendees"))
    out += ["", f"## {t(language, 'minutes.agenda')}", ""]
    if minutes.agenda:
        for entry in minutes.agenda:
            line, note = _item_text(entry, minutes.names, language, zone(minutes.network))
            number, _, rest = line.partition(" ")
            out.append(f"{number} {_md(rest)}" + (f" *({note})*" if note else ""))
    else:
        out.append(t(language, "minutes.no_agenda"))
    out += ["", f"## {t(language, 'minutes.decisions', count=len(minutes.decisions))}", ""]
    if minutes.decisions:
        out += [f"{n}. {_md(d.text)}" for n, d in enumerate(minutes.decisions, start=1)]
    else:
        out.append(t(language, "minutes.no_decisions"))
    # Issue 4: the action items created at this meet-up, as one more section.
    heading = t(language, "actions.minutes_heading", count=len(minutes.action_items))
    out += ["", f"## {heading}", ""]
    if minutes.action_items:
        for item in minutes.action_items:
            number, _, rest = action_text(
                item, name_of(item.owner, minutes.names), language
            ).partition(" ")
            out.append(f"- {number} {_md(rest)}")
    else:
        out.append(t(language, "actions.minutes_none"))
    return "\n".join(out) + "\n"


def _md_place(place: str) -> str:
    """A web link as an autolink (escaping would break it), any other place as text."""
    return f"<{place}>" if _AUTOLINK.fullmatch(place) else _md(place)


def _md(text: str) -> str:
    """User text as literal Markdown: special characters escaped, kept on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _BREAKING_SPACE.sub(" ", text).strip())


DECISION_ENTRY = DECISION.bind(record_decision)
MINUTES_ENTRY = MINUTES.bind(show_minutes)
