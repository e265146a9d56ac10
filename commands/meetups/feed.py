"""The network's meet-ups as a calendar: the rows both the `.ics` file and the subscribed
feed show, and the feed itself (bot/http_calendar.py serves it).

Loading happens here, rendering in `ics.calendar_file`, so the one-off file and the feed
cannot drift apart. The feed differs in three ways: it keeps cancelled single meet-ups (with
STATUS:CANCELLED, so a subscribed calendar strikes them), it carries the agenda of the next
meet-ups in their DESCRIPTION, and its DTSTAMP is the last change rather than the request
time, so the same data gives the same bytes and the same ETag.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy.ext.asyncio import AsyncSession

from commands.catalogue import t
from commands.meetups.common import duration_text
from commands.meetups.declarations import MEETUP
from commands.shared import zone
from storage import agenda, meetups
from storage.records import MeetupRecord, NetworkRecord, SeriesRecord

ROW_LIMIT = 2_000
"""Meet-ups read for a calendar; ten years of a weekly series fit."""
AGENDA_MEETUPS = 10
"""The next meet-ups whose agenda goes into the feed; later ones rarely have topics yet."""


@dataclass(frozen=True, slots=True)
class Rows:
    """What a calendar of the network shows: the active series and the meet-ups to write."""

    series: SeriesRecord | None
    meetups: list[MeetupRecord]


@dataclass(frozen=True, slots=True)
class Feed:
    """The feed's bytes with what HTTP caching needs."""

    body: bytes
    etag: str
    last_modified: datetime


async def calendar_rows(session: AsyncSession, network: NetworkRecord, now: datetime) -> Rows:
    """The active series with all its stored occurrences, and the other meet-ups not over."""
    series = await meetups.active_series(session, network.id)
    since = now
    if series is not None:
        since = min(now, datetime.combine(series.first_day, time(0), tzinfo=zone(network)))
    found = await meetups.upcoming(
        session, network.id, after=since, limit=ROW_LIMIT, include_cancelled=True
    )
    shown = [m for m in found if m.ends_at > now or (series and m.series_id == series.id)]
    return Rows(series, shown)


async def load_feed(
    session: AsyncSession, network: NetworkRecord, *, now: datetime, prefix: str
) -> Feed:
    """The subscribed calendar of `network` as it stands at `now`."""
    rows = await calendar_rows(session, network, now)
    lang = network.language
    agendas: dict[int, str] = {}
    coming = [m for m in rows.meetups if m.status == "scheduled" and m.ends_at > now]
    for meetup in coming[:AGENDA_MEETUPS]:
        items = await agenda.items(session, network.id, meetup.id)
        if items:
            lines = [
                f"{i.position}. {i.title}{duration_text(i.duration_minutes, lang)}" for i in items
            ]
            agendas[meetup.id] = "\n".join([t(lang, "meetups.agenda") + ":", *lines])
    changed = [m.updated_at for m in rows.meetups]
    if rows.series is not None:
        changed.append(rows.series.created_at)
    last_modified = max(changed, default=now).replace(microsecond=0)
    note = t(lang, "meetups.ics.description", command=MEETUP.text_in(lang, prefix))
    from commands.meetups import ics  # icalendar is loaded on the first feed, not at start

    body = ics.calendar_file(
        network,
        rows.series,
        rows.meetups,
        stamp=last_modified,
        note=note,
        agendas=agendas,
        show_cancelled=True,
    )
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return Feed(body, etag, last_modified)
