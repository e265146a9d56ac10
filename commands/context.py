"""What a handler may use besides the invocation: storage, clock, network and rights."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from commands.posts.plan import PostTimes
from storage.records import NetworkRecord

Clock = Callable[[], datetime]


@dataclass(slots=True)
class Expiry:
    """Until when the answer being worked out holds, for answers served again from memory
    (bot/answers.py). Every plain read of the clock (`now`) ends it at once; a handler that
    only compares the time with a day or with instants reads it through `Context.today` or
    `Context.time_compared`, and the answer holds until midnight or the next instant."""

    clock: Clock
    at: datetime | None = None
    """None: as long as the stored data stays as it is."""

    def now(self) -> datetime:
        """The time; the answer holds no longer than this instant."""
        moment = self.clock()
        self.by(moment)
        return moment

    def day(self, zone: tzinfo) -> date:
        """Today in `zone`; the answer holds until midnight there."""
        today = self.clock().astimezone(zone).date()
        self.by(datetime.combine(today + timedelta(days=1), time(), tzinfo=zone))
        return today

    def compared(self, moments: tuple[datetime, ...]) -> datetime:
        """The time; the answer holds until the first of `moments` after it."""
        moment = self.clock()
        ahead = [m for m in moments if m > moment]
        if ahead:
            self.by(min(ahead))
        return moment

    def by(self, moment: datetime) -> None:
        """The answer changes at `moment`."""
        if self.at is None or moment < self.at:
            self.at = moment


@dataclass(frozen=True, slots=True)
class Context:
    """Per-invocation services; the bot builds one, tests build their own.

    The command table is not among them: a handler names other commands through their
    declarations, and only help reads the whole table (see `commands.help.with_help`).
    """

    session: AsyncSession
    network: NetworkRecord | None
    language: str
    prefix: str
    is_moderator: bool
    now: Clock
    posts: PostTimes = field(default_factory=PostTimes)
    member_of: tuple[NetworkRecord, ...] = ()
    """Every network the asker is a joined member of (a direct chat acts on `network` only)."""
    links_url: str | None = None
    """Where the bot's HTTP listener is reached from outside (`[http] public_url`), for
    personal links; None when the operator publishes none."""
    display_names: Mapping[str, str] = field(default_factory=dict)
    """Display names in the network's room by Matrix id, for naming people
    (`commands.names.name_of`)."""
    expiry: Expiry | None = None
    """Set when the answer may be served again: `now` is then `expiry.now`."""

    def today(self, zone: tzinfo) -> date:
        """Today in `zone`: an answer that reads the clock only so holds until midnight."""
        if self.expiry is not None:
            return self.expiry.day(zone)
        return self.now().astimezone(zone).date()

    def time_compared(self, *moments: datetime) -> datetime:
        """The time, for an answer that depends on it only by comparing it with `moments`
        (and with instants it declares by `changes_at`): it holds until the next of them."""
        if self.expiry is not None:
            return self.expiry.compared(moments)
        return self.now()

    def changes_at(self, moment: datetime) -> None:
        """The answer worked out changes at `moment` (see `time_compared`)."""
        if self.expiry is not None:
            self.expiry.by(moment)
