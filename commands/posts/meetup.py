"""The text of the scheduler's posts about a meet-up: agenda call, agenda, reminder, follow-up.

The scheduler has no command context, so this reads storage with the session it is given
and uses the network's language; the meet-up blocks are the ones `!treffen` shows
(`meetup_common`). The posts before a meet-up say that reacting ✅ / ❌ / ❔ to them is an
answer, because the bot counts such reactions as RSVPs (`commands/meetups/reactions.py`).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from commands.catalogue import language_or_default, t
from commands.meetups.common import agenda_lines, answers_block, location_line, when_line
from commands.parsing.dates import combine
from commands.posts.actions import open_items_blocks, open_items_due_before
from commands.posts.plan import PostKind, PostTimes
from commands.reply import Block, Bold, Code, Paragraph, Reply
from commands.shared import zone
from commands.timefmt import format_date, format_datetime
from storage import agenda
from storage.records import MeetupRecord, NetworkRecord

PREFIX = "!"
"""Posts are not answers to a command, so they name commands with the default prefix."""

_AGENDA_ADD = {"de": "agenda neu", "en": "agenda new"}
_TOPIC = {"de": "<Thema>", "en": "<topic>"}
_MINUTES = {"de": "protokoll", "en": "minutes"}
_DECISION = {"de": "beschluss", "en": "decision"}
_TEXT = {"de": "<Text>", "en": "<text>"}


async def compose_post(
    session: AsyncSession,
    network: NetworkRecord,
    meetup: MeetupRecord,
    kind: PostKind,
    late: bool,
    *,
    times: PostTimes | None = None,
    now: datetime | None = None,
) -> Reply:
    """The post of `kind` for `meetup`; a late one says first that it is late.

    `times` (the network's post offsets) dates the agenda call's deadline and `now` makes
    the reminder's "in N minutes" exact; without them the defaults and the configured
    offset are used.
    """
    lang = language_or_default(network.language)
    times = times or PostTimes()
    blocks: list[Block] = []
    if late:
        blocks.append(Paragraph((t(lang, "posts.late"),)))
    if kind == PostKind.AGENDA_CALL:
        blocks += await _agenda_call(session, network, meetup, lang, times)
    elif kind == PostKind.AGENDA:
        blocks += await _agenda(session, network, meetup, lang, now)
    elif kind == PostKind.REMINDER:
        blocks += await _reminder(session, network, meetup, lang, times, late, now)
    else:
        blocks += _followup(network, meetup, lang)
    return Reply.of(*blocks)


async def _agenda_call(
    session: AsyncSession,
    network: NetworkRecord,
    meetup: MeetupRecord,
    lang: str,
    times: PostTimes,
) -> list[Block]:
    tz = zone(network)
    day = format_date(meetup.starts_at, lang, tz)
    deadline_day = meetup.starts_at.astimezone(tz).date() - timedelta(days=times.agenda_days)
    deadline = format_datetime(combine(deadline_day, times.agenda_at, tz), lang, tz)
    command = Code(f"{PREFIX}{_AGENDA_ADD[lang]} {_TOPIC[lang]}")
    blocks: list[Block] = [
        Paragraph((Bold(t(lang, "meetups.post.call_title", day=day)),)),
        Paragraph(when_line(meetup, network, lang)),
    ]
    if where := location_line(meetup, lang):
        blocks.append(where)
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
    items = await agenda.items(session, network.id, meetup.id)
    if items:
        blocks.append(Paragraph((t(lang, "meetups.post.call_so_far"),)))
        blocks.append(agenda_lines(items, lang))
    blocks.append(_react(lang))
    return blocks


async def _agenda(
    session: AsyncSession,
    network: NetworkRecord,
    meetup: MeetupRecord,
    lang: str,
    now: datetime | None,
) -> list[Block]:
    day = format_date(meetup.starts_at, lang, zone(network))
    blocks: list[Block] = [
        Paragraph((Bold(t(lang, "meetups.post.agenda_title", day=day)),)),
        Paragraph(when_line(meetup, network, lang)),
    ]
    if where := location_line(meetup, lang):
        blocks.append(where)
    blocks.append(agenda_lines(await agenda.items(session, network.id, meetup.id), lang))
    meetup_day = meetup.starts_at.astimezone(zone(network)).date()
    today = now.astimezone(zone(network)).date() if now else meetup_day - timedelta(days=1)
    due = await open_items_due_before(session, network.id, meetup_day)
    blocks += await open_items_blocks(session, network, due, today=today)
    blocks.append(await answers_block(session, network.id, meetup.id, lang))
    blocks.append(_react(lang))
    return blocks


async def _reminder(
    session: AsyncSession,
    network: NetworkRecord,
    meetup: MeetupRecord,
    lang: str,
    times: PostTimes,
    late: bool,
    now: datetime | None,
) -> list[Block]:
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
    blocks: list[Block] = [
        Paragraph((Bold(title),)),
        Paragraph(when_line(meetup, network, lang)),
    ]
    if where := location_line(meetup, lang):
        blocks.append(where)
    blocks.append(await answers_block(session, network.id, meetup.id, lang))
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
                Code(f"{PREFIX}{_MINUTES[lang]}"),
                " · ",
                t(lang, "meetups.post.followup_decision"),
                " ",
                Code(f"{PREFIX}{_DECISION[lang]} {_TEXT[lang]}"),
            )
        ),
    ]


def _react(lang: str) -> Paragraph:
    return Paragraph((t(lang, "meetups.post.react"),))
