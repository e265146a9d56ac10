"""Meet-up series and their concrete occurrences (DESIGN invariants 3, 6 and 9).

A series is stored as an RRULE at a wall-clock time in an IANA zone; computing its instants
is the caller's (dateutil.rrule in that zone). What the caller computed is materialized as
`meetups` rows, so agenda items, RSVPs and decisions hang on a stable id, and moving or
cancelling one occurrence never touches the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule as dateutil_rrule
from dateutil.rrule import rrulestr
from sqlalchemy import bindparam, delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import deliveries, lookup
from storage.dialects import Prepared, upsert_insert
from storage.errors import NotFound
from storage.models import AgendaItem, Decision, Meetup, MeetupSeries, Rsvp
from storage.records import MeetupRecord, SeriesRecord, from_row, stored

SCHEDULED = "scheduled"
CANCELLED = "cancelled"

REMOVED_FROM_SERIES = "meet-up removed from its series"


class SeriesExists(ValueError):
    """The network already has an active series; end it before starting another."""


class SeriesNotFound(NotFound):
    """No series with this id."""


class MeetupNotFound(NotFound):
    """No meet-up with this id in this network."""


async def create_series(
    session: AsyncSession,
    *,
    network_id: int,
    title: str,
    rrule: str,
    start_time: time,
    duration_minutes: int,
    timezone: str,
    location: str | None,
    first_day: date,
    created_by: str,
    created_at: datetime,
) -> SeriesRecord:
    """Store a new active series; SeriesExists if the network has one already.

    The values are checked here because a series that cannot be computed later would
    silently produce no meet-ups: the zone must exist, the rule must parse, the time must
    be whole minutes ("HH:MM" is what is stored) and the duration positive.
    """
    zone = ZoneInfo(timezone)  # ZoneInfoNotFoundError (a KeyError) for an unknown zone
    if start_time.second or start_time.microsecond or start_time.tzinfo is not None:
        raise ValueError(f"start time {start_time} must be a naive wall-clock time in minutes")
    if duration_minutes <= 0:
        raise ValueError(f"duration must be positive, not {duration_minutes} minutes")
    # Parsed the way it will be computed: one rule, from an aware start in the series' zone.
    parsed = rrulestr(rrule, dtstart=datetime.combine(first_day, start_time, tzinfo=zone))
    if not isinstance(parsed, dateutil_rrule):
        raise ValueError(f"expected one RRULE body, got {rrule!r}")
    current = await active_series(session, network_id)
    if current is not None:
        raise SeriesExists(
            f"network {network_id} already has the active series {current.id}; end it first"
        )
    series = MeetupSeries(
        network_id=network_id,
        title=title,
        rrule=rrule,
        start_time=start_time.strftime("%H:%M"),
        duration_minutes=duration_minutes,
        timezone=timezone,
        location=location,
        first_day=first_day,
        ended_on=None,
        created_by=created_by,
        created_at=created_at,
    )
    session.add(series)
    await session.flush()
    return _series_record(series)


async def active_series(session: AsyncSession, network_id: int) -> SeriesRecord | None:
    """The network's series that has not ended, if any (there is at most one)."""
    series = await session.scalar(
        select(MeetupSeries).where(
            MeetupSeries.network_id == network_id, MeetupSeries.ended_on.is_(None)
        )
    )
    return None if series is None else _series_record(series)


async def all_active_series(session: AsyncSession) -> list[SeriesRecord]:
    """Every network's active series, for the scheduler that materializes occurrences."""
    rows = await session.scalars(
        select(MeetupSeries)
        .where(MeetupSeries.ended_on.is_(None))
        .order_by(MeetupSeries.network_id, MeetupSeries.id)
    )
    return [_series_record(row) for row in rows]


async def end_series(session: AsyncSession, series_id: int, *, ended_on: date) -> None:
    """Mark the series ended; its occurrences stay (delete_untouched_after clears the future)."""
    result = await session.execute(
        update(MeetupSeries)
        .where(MeetupSeries.id == series_id)
        .values(ended_on=ended_on)
        .returning(MeetupSeries.id)
    )
    if result.scalar_one_or_none() is None:
        raise SeriesNotFound(f"no series {series_id}")


async def add_occurrences(
    session: AsyncSession,
    series: SeriesRecord,
    spans: Sequence[tuple[datetime, datetime]],
    *,
    created_at: datetime,
) -> int:
    """Add the instances not stored yet and return how many; existing rows stay as they are.

    An instance is known by its original start, so a moved or cancelled occurrence is not
    brought back. A meet-up of an earlier series kept at the same instant (it had agenda
    items or answers when the series was replaced), or a single meet-up at that instant,
    takes the new instance's place, so nobody is invited twice to the same meeting.
    ON CONFLICT DO NOTHING keeps two concurrent runs from adding one twice.
    """
    taken = await session.execute(
        select(Meetup.original_start, Meetup.starts_at).where(
            Meetup.network_id == series.network_id
        )
    )
    existing = {instant for row in taken for instant in row if instant is not None}
    new: dict[datetime, datetime] = {}
    for start, end in spans:
        _check_span(start, end)
        if start not in existing:
            new.setdefault(start, end)
    if not new:
        return 0
    rows: list[dict[str, Any]] = [
        {
            "network_id": series.network_id,
            "series_id": series.id,
            "original_start": start,
            "starts_at": start,
            "ends_at": end,
            "title": series.title,
            "location": series.location,
            "status": SCHEDULED,
            "created_by": series.created_by,
            "created_at": created_at,
            "updated_at": created_at,
        }
        for start, end in sorted(new.items())
    ]
    statement = (
        upsert_insert(session, Meetup)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["series_id", "original_start"])
        .returning(Meetup.id)
    )
    return len((await session.execute(statement)).all())


async def delete_untouched_after(session: AsyncSession, series_id: int, after: datetime) -> int:
    """Delete the series' occurrences after `after` that nobody has touched; return the count.

    Untouched means still as generated (scheduled, not moved) with no agenda item, RSVP or
    decision, so a series change never throws away what people entered. Their pending
    posts are withdrawn first: the foreign key would otherwise leave them pending with no
    meet-up, and the sender would still post about a meet-up that no longer exists.
    """
    doomed = list(
        await session.scalars(
            select(Meetup.id).where(
                Meetup.series_id == series_id,
                Meetup.starts_at > after,
                Meetup.status == SCHEDULED,
                Meetup.starts_at == Meetup.original_start,
                ~exists().where(AgendaItem.meetup_id == Meetup.id),
                ~exists().where(Rsvp.meetup_id == Meetup.id),
                ~exists().where(Decision.meetup_id == Meetup.id),
            )
        )
    )
    if not doomed:
        return 0
    for meetup_id in doomed:
        await deliveries.withdraw_pending(session, meetup_id, reason=REMOVED_FROM_SERIES)
    await session.execute(delete(Meetup).where(Meetup.id.in_(doomed)))
    return len(doomed)


async def create_meetup(
    session: AsyncSession,
    *,
    network_id: int,
    starts_at: datetime,
    ends_at: datetime,
    title: str,
    location: str | None,
    created_by: str,
    created_at: datetime,
) -> MeetupRecord:
    """Store a single meet-up that belongs to no series."""
    _check_span(starts_at, ends_at)
    meetup = Meetup(
        network_id=network_id,
        series_id=None,
        original_start=None,
        starts_at=starts_at,
        ends_at=ends_at,
        title=title,
        location=location,
        status=SCHEDULED,
        created_by=created_by,
        created_at=created_at,
        updated_at=created_at,
    )
    return await stored(session, MeetupRecord, meetup, new=True)


async def get_meetup(session: AsyncSession, network_id: int, meetup_id: int) -> MeetupRecord | None:
    """The meet-up with this id if it belongs to this network."""
    meetup = await lookup.find(session, Meetup, network_id, id=meetup_id)
    return None if meetup is None else from_row(MeetupRecord, meetup)


async def upcoming(
    session: AsyncSession,
    network_id: int,
    *,
    after: datetime,
    limit: int,
    include_cancelled: bool = False,
) -> list[MeetupRecord]:
    """Meet-ups not over by `after` (a running one counts), soonest first."""
    await session.flush()  # plain rows below: pending changes must be in the database
    statement = (_UPCOMING_ANY if include_cancelled else _UPCOMING)(session)
    bound = {"network": network_id, "after": after, "limit": limit}
    return [from_row(MeetupRecord, row) for row in await session.execute(statement, bound)]


def _upcoming(*where: Any) -> Prepared[Any]:
    """Meet-ups of a network not over at a time, soonest first (plain rows: `!treffen` asks
    at every call, and ORM objects cost more than the query)."""
    table = Meetup.__table__
    return Prepared(
        lambda _: (
            select(*table.columns)
            .where(
                table.c.network_id == bindparam("network"),
                table.c.ends_at > bindparam("after"),
                *where,
            )
            .order_by(table.c.starts_at, table.c.id)
            .limit(bindparam("limit"))
        )
    )


_UPCOMING = _upcoming(Meetup.__table__.c.status == SCHEDULED)
_UPCOMING_ANY = _upcoming()


async def on_local_day(
    session: AsyncSession,
    network_id: int,
    day: date,
    tz: ZoneInfo,
    *,
    include_cancelled: bool = False,
) -> list[MeetupRecord]:
    """Meet-ups starting on `day` as a clock in `tz` shows it (00:30 local is that day)."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    statement = select(Meetup).where(
        Meetup.network_id == network_id, Meetup.starts_at >= start, Meetup.starts_at < end
    )
    if not include_cancelled:
        statement = statement.where(Meetup.status == SCHEDULED)
    rows = await session.scalars(statement.order_by(Meetup.starts_at, Meetup.id))
    return [from_row(MeetupRecord, row) for row in rows]


async def latest_started(
    session: AsyncSession, network_id: int, *, before: datetime
) -> MeetupRecord | None:
    """The running or last scheduled meet-up: where decisions and minutes go."""
    meetup = await session.scalar(
        select(Meetup)
        .where(
            Meetup.network_id == network_id,
            Meetup.starts_at <= before,
            Meetup.status == SCHEDULED,
        )
        .order_by(Meetup.starts_at.desc(), Meetup.id.desc())
        .limit(1)
    )
    return None if meetup is None else from_row(MeetupRecord, meetup)


async def cancel(
    session: AsyncSession, network_id: int, meetup_id: int, *, at: datetime
) -> MeetupRecord:
    """Mark the meet-up cancelled (idempotent); its row stays so the series does not refill it.

    Withdrawing its pending posts is the caller's (deliveries.withdraw_pending).
    """
    meetup = await _get(session, network_id, meetup_id)
    meetup.status = CANCELLED
    meetup.updated_at = at
    return await stored(session, MeetupRecord, meetup)


async def move(
    session: AsyncSession,
    network_id: int,
    meetup_id: int,
    *,
    starts_at: datetime,
    ends_at: datetime,
    at: datetime,
) -> MeetupRecord:
    """Give the meet-up a new time; original_start keeps which series instance it was.

    The status is left as it is (moving a cancelled meet-up does not revive it).
    """
    _check_span(starts_at, ends_at)
    meetup = await _get(session, network_id, meetup_id)
    meetup.starts_at = starts_at
    meetup.ends_at = ends_at
    meetup.updated_at = at
    return await stored(session, MeetupRecord, meetup)


async def scheduled_between(
    session: AsyncSession, *, start: datetime, end: datetime
) -> list[MeetupRecord]:
    """Scheduled meet-ups of every network starting in [start, end), for the scheduler."""
    rows = await session.scalars(
        select(Meetup)
        .where(Meetup.status == SCHEDULED, Meetup.starts_at >= start, Meetup.starts_at < end)
        .order_by(Meetup.starts_at, Meetup.id)
    )
    return [from_row(MeetupRecord, row) for row in rows]


async def not_over_between(
    session: AsyncSession, *, after: datetime, before: datetime
) -> list[MeetupRecord]:
    """Meet-ups of every network, cancelled ones too, not over at `after` and starting
    before `before` (the scheduler's sent posts that may still be edited)."""
    rows = await session.scalars(
        select(Meetup)
        .where(Meetup.ends_at > after, Meetup.starts_at < before)
        .order_by(Meetup.starts_at, Meetup.id)
    )
    return [from_row(MeetupRecord, row) for row in rows]


async def require_meetup(session: AsyncSession, network_id: int, meetup_id: int) -> None:
    """Raise MeetupNotFound unless the meet-up exists in this network.

    Rows that hang on a meet-up check this first: the foreign key alone would accept
    another network's meet-up id (invariant 9).
    """
    found = await session.scalar(
        select(Meetup.id).where(Meetup.id == meetup_id, Meetup.network_id == network_id)
    )
    if found is None:
        raise MeetupNotFound(f"no meet-up {meetup_id} in network {network_id}")


async def _get(session: AsyncSession, network_id: int, meetup_id: int) -> Meetup:
    return await lookup.get(session, Meetup, network_id, MeetupNotFound, id=meetup_id)


def _check_span(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValueError(f"a meet-up must end after it starts ({starts_at} .. {ends_at})")


def _series_record(series: MeetupSeries) -> SeriesRecord:
    return from_row(SeriesRecord, series, start_time=time.fromisoformat(series.start_time))
