"""What a family of scheduled posts gives the scheduler; free of APScheduler and Matrix."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from commands.posts.plan import PostTimes
from commands.reply import Reply
from storage.records import NetworkRecord


class NetworkPlanning(Protocol):
    """What planning needs of a network's configuration (`bot.config.NetworkConfig` has it)."""

    @property
    def timezone(self) -> str: ...
    @property
    def posts(self) -> PostTimes: ...


Networks = Mapping[int, tuple[NetworkRecord, NetworkPlanning]]
"""Network id → its stored record and its configuration."""

Only = Collection[int] | None
"""The networks to plan for after a change there; None: every network."""


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


class PostSource(Protocol):
    """A family of scheduled posts (meet-up posts, action item reminders)."""

    prefix: str
    """Every key of this source starts with it."""

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
