"""The scheduler's posts about action items: when they are due (pure) and what they say.

Two kinds, each with a key unique per (network, local day, kind), so the delivery row and
the Matrix transaction id make them exactly-once like the meet-up posts (invariant 4):

- `action_due`: on the morning an item falls due (09:00 local), one post per network and
  day naming every open item due that day, its owner as a pill so they are notified;
  still worth sending until 18:00 that day.
- `action_digest`: weekly (default Monday 09:00), the overdue items of the network, people
  as plain text (a weekly list must not ping everybody); worth sending for one day.

What a post is about is read again when it is sent (`items_for_post`): an item finished
after planning is not mentioned, and a post with nothing left to say is not sent.
The meet-up agenda post can list the open items due by the meet-up with
`open_items_due_before` and `open_items_blocks`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from commands.actions.people import people
from commands.actions.views import item_line
from commands.catalogue import language_or_default, t
from commands.parsing.dates import combine
from commands.reply import Block, Bold, BulletList, Code, Paragraph, Reply
from commands.timefmt import format_date
from storage import actions
from storage.records import ActionItemRecord, NetworkRecord

PREFIX = "!"
"""Posts are not answers to a command, so they name commands with the default prefix."""

KEY_PREFIX = "actions:"
"""Every action post's key starts so; the scheduler keeps its jobs apart by prefix."""

LATE_AFTER = timedelta(minutes=2)
HORIZON_DAYS = 120
"""Due-day posts are planned this far ahead, like the meet-up posts."""
DIGEST_LIMIT = 30
"""Lines of the weekly digest before it points to `!aufgaben überfällig`."""

_ITEM = {"de": "aufgabe", "en": "action"}
_ITEMS = {"de": "aufgaben", "en": "actions"}
_DONE = {"de": "erledigt", "en": "done"}
_DUE = {"de": "frist", "en": "due"}
_OVERDUE = {"de": "aufgaben überfällig", "en": "actions overdue"}
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


def due_days(items: Iterable[ActionItemRecord], *, first: date, last: date) -> list[date]:
    """The days in [first, last] on which at least one open item falls due, ascending."""
    return sorted(
        {
            item.due_on
            for item in items
            if item.status == actions.OPEN and item.due_on is not None
            if first <= item.due_on <= last
        }
    )


def plan_action_posts(
    network_id: int,
    tz: ZoneInfo,
    items: Iterable[ActionItemRecord],
    now: datetime,
    *,
    times: ActionPostTimes | None = None,
    enabled: Iterable[ActionPostKind] = tuple(ActionPostKind),
    horizon_days: int = HORIZON_DAYS,
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
        for day in due_days(items, first=first, last=today + timedelta(days=horizon_days)):
            start = combine(day, times.due_at, tz)
            until = combine(day, times.due_until, tz)
            if start < until:
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
) -> Reply:
    """The text of `post` about `items` (from `items_for_post`)."""
    if post.kind == ActionPostKind.DUE:
        return await compose_due_mention(session, network, items, day=post.day, late=late)
    return await compose_weekly_digest(session, network, items, day=post.day, late=late)


async def compose_due_mention(
    session: AsyncSession,
    network: NetworkRecord,
    items_due_today: list[ActionItemRecord],
    *,
    day: date | None = None,
    late: bool = False,
) -> Reply:
    """`Heute fällig`: each item with its owner as a pill, and how to close or move it."""
    lang = language_or_default(network.language)
    day = day or min((i.due_on for i in items_due_today if i.due_on), default=None)
    shown_day = format_date(day, lang) if day else ""
    known = await people(session, network.id, {i.owner for i in items_due_today})
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
                Code(f"{PREFIX}{_ITEM[lang]} {_DONE[lang]} {_NUMBER[lang]}"),
                " · ",
                t(lang, "action_posts.due_move"),
                " ",
                Code(f"{PREFIX}{_ITEM[lang]} {_DUE[lang]} {_NUMBER[lang]} {_DATE[lang]}"),
            )
        )
    )
    return Reply.of(*blocks)


async def compose_weekly_digest(
    session: AsyncSession,
    network: NetworkRecord,
    overdue_items: list[ActionItemRecord],
    *,
    day: date,
    late: bool = False,
) -> Reply:
    """The overdue items of the network, oldest due date first, people as plain text."""
    lang = language_or_default(network.language)
    known = await people(session, network.id, {i.owner for i in overdue_items})
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
    blocks.append(BulletList(tuple(item_line(i, known, day, lang) for i in shown)))
    if len(overdue_items) > len(shown):
        more = t(lang, "action_posts.digest_more", count=len(overdue_items) - len(shown))
        blocks.append(Paragraph((more, " ", Code(f"{PREFIX}{_OVERDUE[lang]}"))))
    blocks.append(
        Paragraph(
            (
                t(lang, "action_posts.digest_hint"),
                " ",
                Code(f"{PREFIX}{_ITEM[lang]} {_DONE[lang]} {_NUMBER[lang]}"),
                " · ",
                Code(f"{PREFIX}{_ITEM[lang]} {_DUE[lang]} {_NUMBER[lang]} {_DATE[lang]}"),
            )
        )
    )
    return Reply.of(*blocks)


async def open_items_due_before(
    session: AsyncSession, network_id: int, day: date
) -> list[ActionItemRecord]:
    """Open items due on or before `day` (the meet-up's local day), overdue ones included."""
    return await actions.open_due_between(session, network_id, None, day)


async def open_items_blocks(
    session: AsyncSession,
    network: NetworkRecord,
    items: list[ActionItemRecord],
    *,
    today: date,
) -> list[Block]:
    """A heading and the items, people as text, for the agenda post; nothing if no items."""
    if not items:
        return []
    lang = language_or_default(network.language)
    known = await people(session, network.id, {i.owner for i in items})
    shown = items[:DIGEST_LIMIT]
    blocks: list[Block] = [
        Paragraph((Bold(t(lang, "action_posts.agenda_heading", count=len(items))),)),
        BulletList(tuple(item_line(i, known, today, lang) for i in shown)),
    ]
    if len(items) > len(shown):
        more = t(lang, "action_posts.digest_more", count=len(items) - len(shown))
        blocks.append(Paragraph((more, " ", Code(f"{PREFIX}{_ITEMS[lang]}"))))
    return blocks
