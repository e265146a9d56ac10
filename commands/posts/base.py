"""What a family of scheduled posts gives the scheduler; free of APScheduler and Matrix."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from commands.names import NO_NAMES
from commands.posts.plan import PostTimes
from commands.reply import Reply
from storage.records import DeliveryRecord, NetworkRecord


class NetworkPlanning(Protocol):
    """What planning needs of a network's configuration (`bot.config.NetworkConfig` has it)."""

    @property
    def timezone(self) -> str: ...
    @property
    def posts(self) -> PostTimes: ...


Networks = Mapping[int, tuple[NetworkRecord, NetworkPlanning]]
"""Network id → its stored record and its configuration."""

DisplayNames = Callable[[str], Mapping[str, str]]
"""Room id → the display names in that room by user id: how posts name people who have no
contact entry. The transport passes nio's room state; without it, localparts are shown."""


def no_display_names(_room_id: str) -> Mapping[str, str]:
    """No display names known (tests, the CLI): entries and localparts name people."""
    return NO_NAMES


Only = Collection[int] | None
"""The networks to plan for after a change there; None: every network."""


class NetworkPosts:
    """What every post source holds: the networks it plans for and how rooms name people."""

    def __init__(self, networks: Networks, display_names: DisplayNames = no_display_names) -> None:
        self._networks = networks
        self._display_names = display_names


class Post(Protocol):
    """One planned post: unique key, network, kind, when due and until when still worth it."""

    @property
    def key(self) -> str: ...
    @property
    def network_id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def due_at(self) -> datetime: ...
    @property
    def send_until(self) -> datetime: ...


# A post that has a `meetup_id` attribute is linked to that meet-up (RSVP by reaction).


@dataclass(frozen=True, slots=True)
class Current:
    """A sent post as it would read now, and until when an edit is still worth sending."""

    sent: DeliveryRecord
    reply: Reply
    until: datetime
    restore_only: bool = False
    """Edit only to undo an earlier edit: a post whose text is not tracked from the start
    (the reminder) after its meet-up was moved back to the post's time."""


@dataclass(frozen=True, slots=True)
class News:
    """A post of its own about a change (a near meet-up cancelled or moved), sent once."""

    key: str
    network_id: int
    reply: Reply
    until: datetime
    meetup_id: int | None = None


class PostSource(Protocol):
    """A family of scheduled posts (meet-up posts, action item reminders)."""

    prefix: str
    """Every key of this source starts with it."""
    editable: frozenset[str]
    """The kinds of its posts that are edited in place when what they show changes."""

    async def prepare(
        self, session: AsyncSession, now: datetime, since: datetime, *, only: Only = None
    ) -> None:
        """Store what the plan from `since` on needs first (e.g. a series' occurrences)."""

    async def plan(
        self, session: AsyncSession, now: datetime, since: datetime, *, only: Only = None
    ) -> Sequence[Post]:
        """Every post the stored rows imply from `since` on, sent or not."""

    async def compose(
        self, session: AsyncSession, post: Post, *, late: bool, now: datetime | None
    ) -> Reply | None:
        """The post's text, or None if what it is about is gone (cancelled, done).

        `now` is None for the late variant, whose sending time is not known yet.
        """

    async def late_version(self, session: AsyncSession, post: Post, on_time: Reply) -> Reply:
        """What to send instead of `on_time` if the post goes out late after all."""

    async def current(self, session: AsyncSession, now: datetime) -> Sequence[Current]:
        """Its sent, still editable posts as they would read now."""

    async def news(self, session: AsyncSession, now: datetime) -> Sequence[News]:
        """The announcements of changes recorded since the last call (taken, so each once)."""
