"""Per-user flood limit: one person's command flood must not slow the bot down for everyone.

The rule, per Matrix user id (group rooms and direct chats share one budget):

* Everyone has a bucket of `BURST` commands. Each command takes one; one comes back every
  `REFILL_SECONDS`. Time is the command's `Invocation.sent_at`: when our homeserver received
  it, by the bot's clock (bot/events.py), never the sender's claimed `origin_server_ts`; so a
  burst read back after a restart is judged as it arrived, and a forged timestamp refills
  nothing.
* A command that finds the bucket empty starts a *flood*: the user is paused until the bucket
  would be full again (`BURST * REFILL_SECONDS` later), rounded up to the next full minute so
  the notice can name a clock time. Every command sent before then is skipped; only the first
  one is told (`Throttled.tell`), so one flood gets one notice. At the stated time the user
  starts over with a full bucket.
* A user whose bucket is full again is forgotten, so memory stays bounded by the users active
  in the last few minutes.
* Users in `exempt` (the admins of the config, e.g. an operator's import script or a
  benchmark) are never throttled, like Synapse's per-user rate-limit override.

The limiter lives in memory. After a restart `replay` rebuilds it from the handled commands
of the last minutes (the database marks each with "answered" or "throttled"), which gives the
same verdicts, so a flood interrupted by a restart is neither told twice nor half-answered.
Commands that were never marked (a handler timeout) are not replayed; the rebuilt state can
then be slightly more lenient than the lost one, never stricter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from commands.catalogue import t
from commands.reply import Mention, Reply
from commands.timefmt import format_clock_range

BURST = 30
"""Commands a user may send at once (the burst benchmark sends 25 per user; all must pass)."""

REFILL_SECONDS = 2.0
"""One command of the budget comes back every this many seconds."""

PAUSE_SECONDS = BURST * REFILL_SECONDS
"""A flood pauses the user at least this long (until the bucket is full again)."""

SWEEP_SECONDS = 60.0
"""How often (in sent time) users with a full bucket are forgotten."""

REPLAY_HORIZON = timedelta(seconds=2 * PAUSE_SECONDS + 2 * SWEEP_SECONDS)
"""How far before the oldest command still answerable `replay` must start (state depends on
at most two pauses back)."""

DEFAULT_TIMEZONE = "Europe/Berlin"
"""The zone of the notice's clock time when the command has no network (tests only)."""

_PAUSED = -1.0
"""`_User.tokens` while the user is paused by a flood."""


@dataclass(frozen=True, slots=True)
class Throttled:
    """A skipped command: when the user may go on, and whether this one gets the notice."""

    resume_at: datetime
    tell: bool


class _User:
    __slots__ = ("at", "tokens")

    def __init__(self, tokens: float, at: float) -> None:
        self.tokens = tokens  # left at `at`, or _PAUSED until `at`
        self.at = at


class FloodLimiter:
    """Decides, per user and in sent order, whether a command is answered or skipped."""

    def __init__(
        self,
        *,
        burst: int = BURST,
        refill_seconds: float = REFILL_SECONDS,
        exempt: Iterable[str] = (),
    ) -> None:
        self._burst = float(burst)
        self._refill = refill_seconds
        self._pause = burst * refill_seconds
        self._exempt = frozenset(exempt)
        self._users: dict[str, _User] = {}
        self._latest = 0.0
        self._swept = 0.0
        self.replayed = False

    @property
    def remembered(self) -> int:
        """How many users the limiter keeps state for."""
        return len(self._users)

    def check(self, user: str, sent_at: datetime) -> Throttled | None:
        """None if the command may be answered, else how it is skipped; counts the command."""
        if user in self._exempt:
            return None
        at = sent_at.timestamp()
        if at > self._latest:
            self._latest = at
            if at - self._swept >= SWEEP_SECONDS:
                self._sweep(at)
        state = self._users.get(user)
        if state is None:
            self._users[user] = _User(self._burst - 1.0, at)
            return None
        if state.tokens == _PAUSED:
            if at < state.at:
                return Throttled(_instant(state.at), tell=False)
            state.tokens, state.at = self._burst, at  # the flood is over: a fresh bucket
        elif at > state.at:
            state.tokens = min(self._burst, state.tokens + (at - state.at) / self._refill)
            state.at = at
        if state.tokens >= 1.0:
            state.tokens -= 1.0
            return None
        resume = _next_minute(at + self._pause)
        state.tokens, state.at = _PAUSED, resume
        return Throttled(_instant(resume), tell=True)

    def replay(self, commands: Iterable[tuple[str, datetime]]) -> None:
        """Count already handled commands (user, sent time), oldest first, after a restart."""
        for user, sent_at in commands:
            self.check(user, sent_at)
        self.replayed = True

    def _sweep(self, now: float) -> None:
        """Forget users whose bucket is full again (or whose pause is over) at `now`."""
        self._swept = now
        full = [
            user
            for user, state in self._users.items()
            if (
                state.at <= now
                if state.tokens == _PAUSED
                else state.at + (self._burst - state.tokens) * self._refill <= now
            )
        ]
        for user in full:
            del self._users[user]


def slow_down_notice(user: str, resume_at: datetime, *, language: str, timezone: str) -> Reply:
    """The one notice of a flood: the user (a pill), when they may go on, that the rest waits."""
    local = resume_at.astimezone(ZoneInfo(timezone))
    clock = format_clock_range(local.time(), None, language)
    before, _, after = t(language, "flood.slow_down", user="\0", time=clock).partition("\0")
    return Reply.text(*(part for part in (before, Mention(user, user), after) if part))


def _next_minute(at: float) -> float:
    """`at` rounded up to a full minute (a full minute stays)."""
    return -(-at // 60) * 60


def _instant(at: float) -> datetime:
    return datetime.fromtimestamp(at, UTC)
