"""When the bot posts about a meet-up: the plan derived from a stored meet-up (pure).

Four kinds of posts per meet-up, each with the window in which it is still worth sending
(DESIGN.md invariant 5): the call for agenda items and the agenda stay useful until the
meet-up starts, the reminder only until the start, the follow-up for half a day.

Short notice is not downtime. A post whose time had already passed when the meet-up got
its time (created, or moved, less than a week ahead) was never missed, so it is never
marked late. Instead it falls due at that moment or is left out, by kind:

- the call for agenda items, only if it leaves at least `CALL_MIN_LEAD` until its deadline
  (the agenda post); otherwise it is skipped and the agenda speaks for it;
- the agenda and the reminder, always: what they say holds until the start (the reminder
  counts the minutes really left);
- the follow-up, never: a meet-up entered after it took place gets no thanks.
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
HORIZON = timedelta(days=120)
"""Posts are planned, and a series' meet-ups stored, this far ahead."""
CALL_MIN_LEAD = timedelta(hours=1)
"""A call for agenda items sent at short notice leaves at least this long to answer."""
CATCH_UP = frozenset({PostKind.AGENDA_CALL, PostKind.AGENDA, PostKind.REMINDER})
"""The kinds sent at once if their time had passed when the meet-up got its time."""
EDITABLE = frozenset({PostKind.AGENDA_CALL, PostKind.AGENDA})
"""The posts that list agenda items or answers: edited in place as these change, until the
meet-up starts (`MeetupPosts.current`)."""
ANSWERABLE = frozenset({PostKind.AGENDA_CALL, PostKind.AGENDA, PostKind.REMINDER})
"""The posts that ask for reactions as answers: reactions to them count as RSVPs, the bot
offers ✅ ❌ ❔ on them, and they say so when their meet-up is cancelled or moved."""
ANNOUNCE_WITHIN = timedelta(days=7)
"""A cancelled or moved meet-up (at its old or new time) this close gets a short post of its
own besides the edits of its posts: people may not look at week-old posts again."""


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
        return post_key(self.meetup_id, self.occurrence, self.kind)

    def is_late(self, now: datetime) -> bool:
        """True if sending now is noticeably after the due time."""
        return now - self.due_at > LATE_AFTER


def post_key(meetup_id: int, occurrence: datetime, kind: PostKind) -> str:
    """`meetup:7:20261208T0900Z:agenda`: the delivery key of a meet-up's post."""
    return f"meetup:{meetup_id}:{occurrence.astimezone(UTC):%Y%m%dT%H%MZ}:{kind}"


def occurrence_of(key: str) -> datetime:
    """The occurrence time a meet-up post's key names (the inverse of `post_key`)."""
    stamp = key.split(":")[2]
    return datetime.strptime(stamp, "%Y%m%dT%H%MZ").replace(tzinfo=UTC)


def is_near(change_at: datetime, *starts: datetime) -> bool:
    """Whether a meet-up changed at `change_at` was (or is now) close enough to announce."""
    return min(starts) - change_at < ANNOUNCE_WITHIN


def _local_day_at(instant: datetime, days_before: int, at: time, tz: ZoneInfo) -> datetime:
    day = instant.astimezone(tz).date() - timedelta(days=days_before)
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def plan_posts(
    meetup: MeetupRecord, times: PostTimes, tz: ZoneInfo, enabled: Iterable[PostKind]
) -> list[PlannedPost]:
    """The posts of `meetup` for the enabled kinds; none for a cancelled meet-up.

    A post whose time had passed when the meet-up got its time (`meetup.updated_at`) is due
    at that moment or left out, by the short-notice rule above; so is one whose window
    closes before it falls due.
    """
    if meetup.status != "scheduled":
        return []
    start, end = meetup.starts_at, meetup.ends_at
    agenda_due = _local_day_at(start, times.agenda_days, times.agenda_at, tz)
    candidates = {
        PostKind.AGENDA_CALL: (
            _local_day_at(start, times.agenda_call_days, times.agenda_call_at, tz),
            start,
        ),
        PostKind.AGENDA: (agenda_due, start),
        PostKind.REMINDER: (start - timedelta(minutes=times.reminder_minutes), start),
        PostKind.FOLLOWUP: (end + timedelta(minutes=times.followup_minutes), end + FOLLOWUP_GRACE),
    }
    timed_at = meetup.updated_at
    wanted = set(enabled)
    posts: list[PlannedPost] = []
    for kind, (due, until) in candidates.items():
        if kind not in wanted:
            continue
        if due < timed_at:  # short notice, not downtime
            if kind not in CATCH_UP:
                continue
            if kind == PostKind.AGENDA_CALL and agenda_due - timed_at < CALL_MIN_LEAD:
                continue
            due = timed_at
        if due < until:
            posts.append(PlannedPost(meetup.id, meetup.network_id, kind, due, until, start))
    return posts
