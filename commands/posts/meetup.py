"""The text of the scheduler's posts about a meet-up: agenda call, agenda, reminder, follow-up.

The scheduler has no command context, so `load_post_data` reads storage with the session it
is given, and `render_post` builds the text from that record alone, in the network's
language (so a post's look is tested without a database). The meet-up blocks are the ones
`!treffen` shows (`commands/meetups/common.py`). The posts before a meet-up say that
reacting ✅ / ❌ / ❔ to them is an answer, because the bot counts such reactions as RSVPs
(`commands/meetups/reactions.py`).

When a meet-up is cancelled or moved, its sent posts are edited to begin with what happened
(`render_changed`), and a near one gets a short announcement of its own (`render_news`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from commands.actions.people import Person, people
from commands.catalogue import language_or_default, t
from commands.meetups.common import (
    Answers,
    agenda_lines,
    answers_line,
    load_answers,
    location_line,
    when_line,
)
from commands.meetups.declarations import AGENDA, DECISION, MINUTES
from commands.names import NO_NAMES, names
from commands.parsing.dates import combine
from commands.posts.actions import open_items_blocks, open_items_due_before
from commands.posts.plan import PostKind, PostTimes
from commands.reply import Block, Bold, Code, Paragraph, Reply
from commands.shared import zone
from commands.timefmt import format_date, format_datetime, format_time_range
from storage import agenda
from storage.records import ActionItemRecord, AgendaItemRecord, MeetupRecord, NetworkRecord

PREFIX = "!"
"""Posts are not answers to a command, so they name commands with the default prefix."""

_TOPIC = {"de": "<Thema>", "en": "<topic>"}
_TEXT = {"de": "<Text>", "en": "<text>"}


@dataclass(frozen=True, slots=True)
class MeetupPostData:
    """What a meet-up post shows, read from storage before any text is built."""

    network: NetworkRecord
    meetup: MeetupRecord
    agenda: list[AgendaItemRecord] = field(default_factory=list)
    answers: Answers = field(default_factory=lambda: Answers([], {}))
    due_items: list[ActionItemRecord] = field(default_factory=list)
    """Open action items due by the meet-up's day (the agenda post lists them)."""
    owners: Mapping[str, Person] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    """How the agenda items' owners are named (`commands.names`)."""


async def load_post_data(
    session: AsyncSession,
    network: NetworkRecord,
    meetup: MeetupRecord,
    kind: PostKind,
    display_names: Mapping[str, str] = NO_NAMES,
) -> MeetupPostData:
    """Read what the post of `kind` shows: agenda, answers, open items; only what it needs.
    People are named by entry, else by `display_names` (the room's), else by localpart."""
    if kind == PostKind.FOLLOWUP:
        return MeetupPostData(network, meetup)
    items: list[AgendaItemRecord] = []
    owner_names: dict[str, str] = {}
    if kind in (PostKind.AGENDA_CALL, PostKind.AGENDA):
        items = await agenda.items(session, network.id, meetup.id)
        owner_names = await names(session, network.id, [i.owner for i in items], display_names)
    if kind == PostKind.AGENDA_CALL:
        return MeetupPostData(network, meetup, items, names=owner_names)
    answers = await load_answers(session, network.id, meetup.id, display_names)
    if kind == PostKind.REMINDER:
        return MeetupPostData(network, meetup, answers=answers)
    meetup_day = meetup.starts_at.astimezone(zone(network)).date()
    due = await open_items_due_before(session, network.id, meetup_day)
    owners = await people(session, network.id, {i.owner for i in due}, display_names)
    return MeetupPostData(network, meetup, items, answers, due, owners, owner_names)


async def compose_post(
    session: AsyncSession,
    network: NetworkRecord,
    meetup: MeetupRecord,
    kind: PostKind,
    late: bool,
    *,
    times: PostTimes | None = None,
    now: datetime | None = None,
    display_names: Mapping[str, str] = NO_NAMES,
) -> Reply:
    """The post of `kind` for `meetup`, read from storage and rendered (`render_post`)."""
    data = await load_post_data(session, network, meetup, kind, display_names)
    return render_post(data, kind, late, times=times, now=now)


def render_post(
    data: MeetupPostData,
    kind: PostKind,
    late: bool,
    *,
    times: PostTimes | None = None,
    now: datetime | None = None,
) -> Reply:
    """The post of `kind`; a late one says first that it is late.

    The reminder is meant to reach the room (it notifies like a member's message); the
    others are notices, read when people look.

    `times` (the network's post offsets) dates the agenda call's deadline and `now` makes
    the reminder's "in N minutes" exact; without them the defaults and the configured
    offset are used.
    """
    lang = language_or_default(data.network.language)
    times = times or PostTimes()
    blocks: list[Block] = []
    if late:
        blocks.append(Paragraph((t(lang, "posts.late"),)))
    if kind == PostKind.AGENDA_CALL:
        blocks += _agenda_call(data, lang, times)
    elif kind == PostKind.AGENDA:
        blocks += _agenda(data, lang, now)
    elif kind == PostKind.REMINDER:
        blocks += _reminder(data, lang, times, late, now)
    else:
        blocks += _followup(data.network, data.meetup, lang)
    return Reply.of(*blocks, attention=kind == PostKind.REMINDER)


def _heading(data: MeetupPostData, title: str, lang: str) -> list[Block]:
    """The post's bold title, when and where."""
    blocks: list[Block] = [
        Paragraph((Bold(title),)),
        Paragraph(when_line(data.meetup, data.network, lang)),
    ]
    if where := location_line(data.meetup, lang):
        blocks.append(where)
    return blocks


def _agenda_call(data: MeetupPostData, lang: str, times: PostTimes) -> list[Block]:
    tz = zone(data.network)
    day = format_date(data.meetup.starts_at, lang, tz)
    deadline_day = data.meetup.starts_at.astimezone(tz).date() - timedelta(days=times.agenda_days)
    deadline = format_datetime(combine(deadline_day, times.agenda_at, tz), lang, tz)
    command = Code(AGENDA.text_in(lang, PREFIX, "new", _TOPIC[lang]))
    blocks = _heading(data, t(lang, "meetups.post.call_title", day=day), lang)
    blocks.append(
        Paragraph(
            (
                t(lang, "meetups.post.call_ask", deadline=deadline),
                " ",
                command,
                " ",
                t(lang, "meetups.post.call_ask_end"),
            )
        )
    )
    if data.agenda:
        blocks.append(Paragraph((t(lang, "meetups.post.call_so_far"),)))
        blocks.append(agenda_lines(data.agenda, lang, data.names))
    blocks.append(_react(lang))
    return blocks


def _agenda(data: MeetupPostData, lang: str, now: datetime | None) -> list[Block]:
    tz = zone(data.network)
    day = format_date(data.meetup.starts_at, lang, tz)
    blocks = _heading(data, t(lang, "meetups.post.agenda_title", day=day), lang)
    blocks.append(agenda_lines(data.agenda, lang, data.names))
    meetup_day = data.meetup.starts_at.astimezone(tz).date()
    today = now.astimezone(tz).date() if now else meetup_day - timedelta(days=1)
    blocks += open_items_blocks(data.due_items, data.owners, language=lang, today=today)
    blocks.append(answers_line(data.answers, lang))
    blocks.append(_react(lang))
    return blocks


def _reminder(
    data: MeetupPostData, lang: str, times: PostTimes, late: bool, now: datetime | None
) -> list[Block]:
    meetup = data.meetup
    if now is not None:
        minutes: int | None = math.ceil((meetup.starts_at - now).total_seconds() / 60)
    else:
        minutes = None if late else times.reminder_minutes
    if minutes is None:  # late, sent at a time not known yet: the time line says when
        title = t(lang, "meetups.post.reminder_coming", title=meetup.title)
    elif minutes <= 0:
        title = t(lang, "meetups.post.reminder_soon", title=meetup.title)
    else:
        title = t(lang, "meetups.post.reminder_in", count=minutes, title=meetup.title)
    blocks = _heading(data, title, lang)
    blocks.append(answers_line(data.answers, lang))
    blocks.append(_react(lang))
    return blocks


def _followup(network: NetworkRecord, meetup: MeetupRecord, lang: str) -> list[Block]:
    day = format_date(meetup.starts_at, lang, zone(network))
    return [
        Paragraph((Bold(t(lang, "meetups.post.followup_title", day=day, title=meetup.title)),)),
        Paragraph(
            (
                t(lang, "meetups.post.followup_minutes"),
                " ",
                Code(MINUTES.text_in(lang, PREFIX)),
                " · ",
                t(lang, "meetups.post.followup_decision"),
                " ",
                Code(DECISION.text_in(lang, PREFIX, None, _TEXT[lang])),
            )
        ),
    ]


def _react(lang: str) -> Paragraph:
    return Paragraph((t(lang, "meetups.post.react"),))


def render_changed(
    data: MeetupPostData,
    kind: PostKind,
    late: bool,
    *,
    moved_to: MeetupRecord | None,
    times: PostTimes | None = None,
) -> Reply:
    """A sent post of a meet-up that was cancelled (`moved_to` None) or moved: first line
    `Entfällt.` / `Verschoben auf <new time>`, then the post as it was for its old time
    (`data.meetup`); a cancelled one no longer asks for answers.

    Without `now` the text depends on stored data alone, so it is edited once, not at every
    look.
    """
    lang = language_or_default(data.network.language)
    post = render_post(data, kind, late, times=times, now=None)
    if moved_to is None:
        note = t(lang, "meetups.post.cancelled")
        blocks = tuple(b for b in post.blocks if b != _react(lang))
    else:
        when = format_datetime(moved_to.starts_at, lang, zone(data.network))
        note = t(lang, "meetups.post.moved", when=when)
        blocks = post.blocks
    return replace(post, blocks=(Paragraph((Bold(note),)), *blocks))


def render_news(
    network: NetworkRecord, before: MeetupRecord, moved_to: MeetupRecord | None
) -> Reply:
    """The short post announcing that a near meet-up was cancelled or moved, worded as the
    moderator's answer was; it pings nobody (a notice without pills)."""
    lang = language_or_default(network.language)
    if moved_to is None:
        return Reply.text(t(lang, "meetups.cancelled"), " ", *when_line(before, network, lang))
    tz = zone(network)
    was = f"{format_date(before.starts_at, lang, tz)}, "
    was += format_time_range(before.starts_at, before.ends_at, lang, tz)
    blocks: list[Block] = [
        Paragraph((t(lang, "meetups.moved", before=was), " ", *when_line(moved_to, network, lang)))
    ]
    if where := location_line(moved_to, lang):
        blocks.append(where)
    return Reply.of(*blocks)
