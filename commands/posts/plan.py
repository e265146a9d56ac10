"""When the bot posts about a meet-up: the plan derived from a stored meet-up (pure).

Four kinds of posts per meet-up, each with the window in which it is still worth sending
(DESIGN.md invariant 5): the call for agenda items and the agenda stay useful until the
meet-up starts, the reminder only until the start, the follow-up for half a day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from commands.catalogue import t
from commands.reply import Paragraph, Reply
from storage.records import MeetupRecord


class PostKind(StrEnum):
    """The scheduled posts of a meet-up, in the order they fall due."""

    AGENDA_CALL = "agenda_call"
    AGENDA = "agenda"
    REMINDER = "reminder"
    FOLLOWUP = "followup"


FOLLOWUP_GRACE = timedelta(hours=12)
LATE_AFTER = timedelta(minutes=2)
"""A post sent more than this after its due time says that it is late."""


def marked_late(reply: Reply, language: str) -> Reply:
    """`reply` with the late note first, as every scheduled post sent late begins."""
    note = Paragraph((t(language, "posts.late"),))
    return replace(reply, blocks=(note, *reply.blocks))


@dataclass(frozen=True, slots=True)
class PostTimes:
    """Offsets of the posts; per network in the config (`[networks.<key>.posts]`)."""

    agenda_call_days: int = 7
    agenda_call_at: time = time(9, 0)
    agenda_days: int = 1
    agenda_at: time = time(9, 0)
    reminder_minutes: int = 60
    followup_minutes: int = 30


@dataclass(frozen=True, slots=True)
class PlannedPost:
    """One post of one occurrence: what, when due, and until when it may still go out."""

    meetup_id: int
    network_id: int
    kind: PostKind
    due_at: datetime
    send_until: datetime
    occurrence: datetime

    @property
    def key(self) -> str:
        """Unique per (meet-up, occurrence time, kind): a moved meet-up gets new posts."""
        return f"meetup:{self.meetup_id}:{self.occurrence.astimezone(UTC):%Y%m%dT%H%MZ}:{self.kind}"

    def is_late(self, now: datetime) -> bool:
        """True if sending now is noticeably after the due time."""
        return now - self.due_at > LATE_AFTER


def _local_day_at(instant: datetime, days_before: int, at: time, tz: ZoneInfo) -> datetime:
    day = instant.astimezone(tz).date() - timedelta(days=days_before)
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def plan_posts(
    meetup: MeetupRecord, times: PostTimes, tz: ZoneInfo, enabled: Iterable[PostKind]
) -> list[PlannedPost]:
    """The posts of `meetup` for the enabled kinds; none for a cancelled meet-up.

    Posts that would fall due only after their window closed (an agenda call "7 days
    before" a meet-up that was set up 3 days ahead still fits; one due after the start
    does not) are left out.
    """
    if meetup.status != "scheduled":
        return []
    start, end = meetup.starts_at, meetup.ends_at
    candidates = {
        PostKind.AGENDA_CALL: (
            _local_day_at(start, times.agenda_call_days, times.agenda_call_at, tz),
            start,
        ),
        PostKind.AGENDA: (_local_day_at(start, times.agenda_days, times.agenda_at, tz), start),
        PostKind.REMINDER: (start - timedelta(minutes=times.reminder_minutes), start),
        PostKind.FOLLOWUP: (end + timedelta(minutes=times.followup_minutes), end + FOLLOWUP_GRACE),
    }
    wanted = set(enabled)
    return [
        PlannedPost(meetup.id, meetup.network_id, kind, due, until, start)
        for kind, (due, until) in candidates.items()
        if kind in wanted and due < until
    ]
