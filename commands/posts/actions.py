"""The scheduler's posts about action items: when they are due (pure) and what they say.

Two kinds, each with a key unique per (network, local day, kind), so the delivery row and
the Matrix transaction id make them exactly-once like the meet-up posts (invariant 4):

- `action_due`: on the morning an item falls due (09:00 local), one post per network and
  day naming every open item due that day, its owner as a pill so they are notified;
  still worth sending until 18:00 that day.
- `action_digest`: weekly (default Monday 09:00), the overdue items of the network, each
  owner as a pill: the digest is for them; worth sending for one day.

Both are meant to reach people (`Reply.attention`): sent so that they notify, the owners
as intentional mentions.

What a post is about is read again when it is sent (`items_for_post`): an item finished
after planning is not mentioned, and a post with nothing left to say is not sent.

Short notice is not downtime: a due-day post whose every item got its due date (or last
change) only after the post's time is not sent late, it is left out. Whoever set the date
knows, and an item given to someone else already reached them (`Reply.attention`).
The meet-up agenda post can list the open items due by the meet-up with
`open_items_due_before` and `open_items_blocks`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from commands.actions.declarations import ACTION, ACTIONS
from commands.actions.people import Person, people
from commands.actions.views import item_line
from commands.catalogue import language_or_default, t
from commands.names import NO_NAMES
from commands.parsing.dates import combine
from commands.posts.plan import HORIZON, LATE_AFTER
from commands.reply import Block, Bold, BulletList, Code, Paragraph, Reply
from commands.timefmt import format_date
from storage import actions
from storage.records import ActionItemRecord, NetworkRecord

PREFIX = "!"
"""Posts are not answers to a command, so they name commands with the default prefix."""

KEY_PREFIX = "actions:"
"""Every action post's key starts so; the scheduler keeps its jobs apart by prefix."""

DIGEST_LIMIT = 30
"""Lines of the weekly digest before it points to `!aufgaben überfällig`."""

_OVERDUE = {"de": "überfällig", "en": "overdue"}
_NUMBER = {"de": "<nr>", "en": "<no>"}
_DATE = {"de": "<datum>", "en": "<date>"}


class ActionPostKind(StrEnum):
    """The scheduled posts about action items."""

    DUE = "action_due"
    DIGEST = "action_digest"


@dataclass(frozen=True, slots=True)
class ActionPostTimes:
    """When the posts go out, as wall-clock times in the network's zone."""

    due_at: time = time(9, 0)
    due_until: time = time(18, 0)
    digest_weekday: int = 0
    digest_at: time = time(9, 0)
    digest_window: timedelta = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ActionPost:
    """One post of one network on one local day; shaped like `post_plan.PlannedPost`."""

    network_id: int
    kind: ActionPostKind
    day: date
    due_at: datetime
    send_until: datetime

    @property
    def key(self) -> str:
        """Unique per (network, day, kind): `actions:1:20261215:action_due`."""
        return f"{KEY_PREFIX}{self.network_id}:{self.day:%Y%m%d}:{self.kind}"

    def is_late(self, now: datetime) -> bool:
        """True if sending now is noticeably after the due time."""
        return now - self.due_at > LATE_AFTER


class DatedItem(Protocol):
    """What planning reads of an item (`ActionItemRecord` and `actions.DueDate` have it)."""

    @property
    def status(self) -> str: ...
    @property
    def due_on(self) -> date | None: ...
    @property
    def updated_at(self) -> datetime: ...


def due_days(items: Iterable[DatedItem], *, first: date, last: date) -> list[date]:
    """The days in [first, last] on which at least one open item falls due, ascending."""
    return sorted(_first_changes(items, first, last))


def _first_changes(items: Iterable[DatedItem], first: date, last: date) -> dict[date, datetime]:
    """Due day in [first, last] → the earliest last change of the open items due then."""
    earliest: dict[date, datetime] = {}
    for item in items:
        day = item.due_on
        if item.status == actions.OPEN and day is not None and first <= day <= last:
            known = earliest.get(day)
            if known is None or item.updated_at < known:
                earliest[day] = item.updated_at
    return earliest


def plan_action_posts(
    network_id: int,
    tz: ZoneInfo,
    items: Iterable[DatedItem],
    now: datetime,
    *,
    times: ActionPostTimes | None = None,
    enabled: Iterable[ActionPostKind] = tuple(ActionPostKind),
    horizon_days: int = HORIZON.days,
    since: datetime | None = None,
) -> list[ActionPost]:
    """The network's action posts from yesterday (or `since`) up to the horizon, soonest first.

    `items` are the network's open items (others are ignored). Yesterday is included so
    that a post missed while the bot was down is still seen by the scheduler, which sends
    it late within its window or records it as skipped; past posts with a delivery row
    are the scheduler's to leave alone.
    """
    times = times or ActionPostTimes()
    wanted = set(enabled)
    today = now.astimezone(tz).date()
    first = today - timedelta(days=1)
    if since is not None:
        first = min(first, since.astimezone(tz).date())
    posts: list[ActionPost] = []
    if ActionPostKind.DUE in wanted:
        last = today + timedelta(days=horizon_days)
        for day, changed in sorted(_first_changes(items, first, last).items()):
            start, until = _utc_at(day, times.due_at, tz), _utc_at(day, times.due_until, tz)
            if start < until and changed <= start:  # else every item was set after: short notice
                posts.append(_post(network_id, ActionPostKind.DUE, day, start, until))
    if ActionPostKind.DIGEST in wanted:
        for offset in range((today - first).days + 10):  # up to eight days ahead: the next one
            day = first + timedelta(days=offset)
            if day.weekday() == times.digest_weekday:
                start = combine(day, times.digest_at, tz)
                posts.append(
                    _post(
                        network_id, ActionPostKind.DIGEST, day, start, start + times.digest_window
                    )
                )
    return sorted(posts, key=lambda post: (post.due_at, post.kind))


@lru_cache(maxsize=4096)
def _utc_at(day: date, at: time, tz: ZoneInfo) -> datetime:
    """`combine` in UTC, remembered: the networks of one zone share their due days."""
    return combine(day, at, tz).astimezone(UTC)


def _post(
    network_id: int, kind: ActionPostKind, day: date, due: datetime, until: datetime
) -> ActionPost:
    return ActionPost(network_id, kind, day, due.astimezone(UTC), until.astimezone(UTC))


async def items_for_post(session: AsyncSession, post: ActionPost) -> list[ActionItemRecord]:
    """What the post is about, read when it is sent; empty means "skip, nothing to say".

    Due post: the open items due on its day. Digest: the open items overdue on its day.
    """
    if post.kind == ActionPostKind.DUE:
        return await actions.open_due_between(session, post.network_id, post.day, post.day)
    return await actions.items(session, post.network_id, due_before=post.day)


async def compose_action_post(
    session: AsyncSession,
    network: NetworkRecord,
    post: ActionPost,
    items: list[ActionItemRecord],
    *,
    late: bool = False,
    display_names: Mapping[str, str] = NO_NAMES,
) -> Reply:
    """The text of `post` about `items` (from `items_for_post`)."""
    compose = compose_due_mention if post.kind == ActionPostKind.DUE else compose_weekly_digest
    return await compose(
        session, network, items, day=post.day, late=late, display_names=display_names
    )


async def compose_due_mention(
    session: AsyncSession,
    network: NetworkRecord,
    items_due_today: list[ActionItemRecord],
    *,
    day: date | None = None,
    late: bool = False,
    display_names: Mapping[str, str] = NO_NAMES,
) -> Reply:
    """`Heute fällig`: each item with its owner as a pill, and how to close or move it."""
    lang = language_or_default(network.language)
    day = day or min((i.due_on for i in items_due_today if i.due_on), default=None)
    shown_day = format_date(day, lang) if day else ""
    known = await people(session, network.id, {i.owner for i in items_due_today}, display_names)
    blocks: list[Block] = []
    if late:
        blocks.append(Paragraph((t(lang, "posts.late"),)))
    title = t(lang, "action_posts.due_title", day=shown_day, count=len(items_due_today))
    blocks.append(Paragraph((Bold(title),)))
    reference = day or date.min
    lines = tuple(item_line(i, known, reference, lang, pill=True) for i in items_due_today)
    blocks.append(BulletList(lines))
    blocks.append(
        Paragraph(
            (
                t(lang, "action_posts.due_done"),
                " ",
                Code(ACTION.text_in(lang, PREFIX, "done", _NUMBER[lang])),
                " · ",
                t(lang, "action_posts.due_move"),
                " ",
                Code(ACTION.text_in(lang, PREFIX, "due", _NUMBER[lang], _DATE[lang])),
            )
        )
    )
    return Reply.of(*blocks, attention=True)


async def compose_weekly_digest(
    session: AsyncSession,
    network: NetworkRecord,
    overdue_items: list[ActionItemRecord],
    *,
    day: date,
    late: bool = False,
    display_names: Mapping[str, str] = NO_NAMES,
) -> Reply:
    """The overdue items of the network, oldest due date first, their owners as pills."""
    lang = language_or_default(network.language)
    known = await people(session, network.id, {i.owner for i in overdue_items}, display_names)
    blocks: list[Block] = []
    if late:
        blocks.append(Paragraph((t(lang, "posts.late"),)))
    title = t(
        lang, "action_posts.digest_title", count=len(overdue_items), day=format_date(day, lang)
    )
    blocks.append(Paragraph((Bold(title),)))
    if not overdue_items:
        blocks.append(Paragraph((t(lang, "action_posts.digest_none"),)))
        return Reply.of(*blocks)
    shown = overdue_items[:DIGEST_LIMIT]
    blocks.append(BulletList(tuple(item_line(i, known, day, lang, pill=True) for i in shown)))
    if len(overdue_items) > len(shown):
        more = t(lang, "action_posts.digest_more", count=len(overdue_items) - len(shown))
        blocks.append(
            Paragraph((more, " ", Code(ACTIONS.text_in(lang, PREFIX, None, _OVERDUE[lang]))))
        )
    blocks.append(
        Paragraph(
            (
                t(lang, "action_posts.digest_hint"),
                " ",
                Code(ACTION.text_in(lang, PREFIX, "done", _NUMBER[lang])),
                " · ",
                Code(ACTION.text_in(lang, PREFIX, "due", _NUMBER[lang], _DATE[lang])),
            )
        )
    )
    return Reply.of(*blocks, attention=True)


async def open_items_due_before(
    session: AsyncSession, network_id: int, day: date
) -> list[ActionItemRecord]:
    """Open items due on or before `day` (the meet-up's local day), overdue ones included."""
    return await actions.open_due_between(session, network_id, None, day)


def open_items_blocks(
    items: list[ActionItemRecord], known: Mapping[str, Person], *, language: str, today: date
) -> list[Block]:
    """A heading and the items, people (`known`, by owner) as text, for the agenda post;
    nothing if no items."""
    if not items:
        return []
    lang = language_or_default(language)
    shown = items[:DIGEST_LIMIT]
    blocks: list[Block] = [
        Paragraph((Bold(t(lang, "action_posts.agenda_heading", count=len(items))),)),
        BulletList(tuple(item_line(i, known, today, lang) for i in shown)),
    ]
    if len(items) > len(shown):
        more = t(lang, "action_posts.digest_more", count=len(items) - len(shown))
        blocks.append(Paragraph((more, " ", Code(ACTIONS.text_in(lang, PREFIX)))))
    return blocks
