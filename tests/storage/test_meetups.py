"""Meet-up series and occurrences: one active series, materializing, moving, finding."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage import agenda, decisions, deliveries, meetups, rsvps
from storage.errors import NotFound
from storage.models import Meetup, MeetupSeries
from storage.records import MeetupRecord, SeriesRecord
from tests.storage.support import T0, add_meetup, add_network

BERLIN = ZoneInfo("Europe/Berlin")
ANNA = "@anna:example.org"
HOUR = timedelta(hours=1)


async def add_series(session: AsyncSession, network_id: int, **changes: object) -> SeriesRecord:
    values: dict[str, object] = {
        "network_id": network_id,
        "title": "IKZ-Treffen",
        "rrule": "FREQ=MONTHLY;BYDAY=+2TU",
        "start_time": time(10, 0),
        "duration_minutes": 120,
        "timezone": "Europe/Berlin",
        "location": "https://meet.example.org/ikz",
        "first_day": date(2026, 1, 13),
        "created_by": ANNA,
        "created_at": T0,
    } | changes
    return await meetups.create_series(session, **values)  # type: ignore[arg-type]


def monthly(count: int, start: datetime = T0) -> list[tuple[datetime, datetime]]:
    """`count` two-hour spans four weeks apart (the rule itself is the caller's business)."""
    return [
        (start + i * timedelta(weeks=4), start + i * timedelta(weeks=4) + 2 * HOUR)
        for i in range(count)
    ]


async def stored_meetups(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(Meetup)) or 0


async def test_create_series_is_the_active_series(session: AsyncSession) -> None:
    """A new series is stored with its wall-clock time and comes back as the active one."""
    network = await add_network(session)
    created = await add_series(session, network.id)
    assert created == SeriesRecord(
        id=created.id,
        network_id=network.id,
        title="IKZ-Treffen",
        rrule="FREQ=MONTHLY;BYDAY=+2TU",
        start_time=time(10, 0),
        duration_minutes=120,
        timezone="Europe/Berlin",
        location="https://meet.example.org/ikz",
        first_day=date(2026, 1, 13),
        ended_on=None,
        created_by=ANNA,
        created_at=T0,
    )
    assert await meetups.active_series(session, network.id) == created
    stored = await session.scalar(select(MeetupSeries.start_time))
    assert stored == "10:00"


async def test_second_active_series_is_refused(session: AsyncSession) -> None:
    """While a series is active, creating another raises SeriesExists; after ending, it works."""
    network = await add_network(session)
    first = await add_series(session, network.id)
    with pytest.raises(meetups.SeriesExists):
        await add_series(session, network.id, rrule="FREQ=WEEKLY")

    await meetups.end_series(session, first.id, ended_on=date(2026, 3, 1))
    second = await add_series(session, network.id, rrule="FREQ=WEEKLY")

    assert await meetups.active_series(session, network.id) == second


async def test_database_allows_one_active_series_per_network(session: AsyncSession) -> None:
    """The partial unique index refuses a second active series even past the Python guard."""
    network = await add_network(session)
    await add_series(session, network.id)
    session.add(
        MeetupSeries(
            network_id=network.id,
            title="x",
            rrule="FREQ=WEEKLY",
            start_time="10:00",
            duration_minutes=60,
            timezone="Europe/Berlin",
            location=None,
            first_day=date(2026, 1, 1),
            ended_on=None,
            created_by=ANNA,
            created_at=T0,
        )
    )
    with pytest.raises(IntegrityError):
        await session.flush()


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"timezone": "Europe/Lipperland"}, KeyError),
        ({"rrule": "FREQ=SOMETIMES"}, ValueError),
        ({"rrule": "FREQ=MONTHLY;UNTIL=20261231T000000"}, ValueError),
        ({"start_time": time(10, 0, 30)}, ValueError),
        ({"duration_minutes": 0}, ValueError),
    ],
)
async def test_series_that_cannot_be_computed_is_refused(
    session: AsyncSession, changes: dict[str, object], error: type[Exception]
) -> None:
    """Unknown zone, bad rule, naive UNTIL, seconds or empty duration are refused."""
    network = await add_network(session)
    with pytest.raises(error):
        await add_series(session, network.id, **changes)
    assert await meetups.active_series(session, network.id) is None


async def test_active_series_is_per_network(session: AsyncSession) -> None:
    """A network sees only its own series; another network's active series does not block it."""
    lippe = await add_network(session, "lippe")
    herford = await add_network(session, "herford")
    await add_series(session, lippe.id)
    assert await meetups.active_series(session, herford.id) is None
    assert (await add_series(session, herford.id)).network_id == herford.id


async def test_all_active_series_lists_every_network_but_not_ended(session: AsyncSession) -> None:
    """The scheduler gets the active series of all networks, ended ones left out."""
    lippe = await add_network(session, "lippe")
    herford = await add_network(session, "herford")
    guetersloh = await add_network(session, "guetersloh")
    a = await add_series(session, lippe.id)
    b = await add_series(session, herford.id)
    ended = await add_series(session, guetersloh.id)
    await meetups.end_series(session, ended.id, ended_on=date(2026, 2, 1))

    assert await meetups.all_active_series(session) == [a, b]


async def test_end_unknown_series_raises(session: AsyncSession) -> None:
    """Ending a series that does not exist is a NotFound, not a silent no-op."""
    with pytest.raises(NotFound):
        await meetups.end_series(session, 4711, ended_on=date(2026, 1, 1))


async def test_add_occurrences_materializes_instances(session: AsyncSession) -> None:
    """Each span becomes a scheduled meet-up with the series' title, place and start as origin."""
    network = await add_network(session)
    series = await add_series(session, network.id)

    assert await meetups.add_occurrences(session, series, monthly(3), created_at=T0) == 3

    found = await meetups.upcoming(session, network.id, after=T0 - HOUR, limit=10)
    assert [(m.starts_at, m.ends_at) for m in found] == monthly(3)
    first = found[0]
    assert first == MeetupRecord(
        id=first.id,
        network_id=network.id,
        series_id=series.id,
        original_start=T0,
        starts_at=T0,
        ends_at=T0 + 2 * HOUR,
        title="IKZ-Treffen",
        location="https://meet.example.org/ikz",
        status="scheduled",
        updated_at=T0,
    )


async def test_add_occurrences_is_idempotent(session: AsyncSession) -> None:
    """Adding the same instances again adds nothing; overlapping spans add only the new ones."""
    network = await add_network(session)
    series = await add_series(session, network.id)
    await meetups.add_occurrences(session, series, monthly(3), created_at=T0)

    assert await meetups.add_occurrences(session, series, monthly(3), created_at=T0) == 0
    assert await meetups.add_occurrences(session, series, monthly(5), created_at=T0) == 2
    assert await stored_meetups(session) == 5


async def test_add_occurrences_matches_instants_not_zones(session: AsyncSession) -> None:
    """An instant given in local time matches the stored one; duplicate spans count once."""
    network = await add_network(session)
    series = await add_series(session, network.id)
    await meetups.add_occurrences(session, series, monthly(1), created_at=T0)
    local = T0.astimezone(BERLIN)
    later = (T0 + timedelta(weeks=4), T0 + timedelta(weeks=4) + HOUR)

    added = await meetups.add_occurrences(
        session, series, [(local, local + 2 * HOUR), later, later], created_at=T0
    )

    assert added == 1
    assert await stored_meetups(session) == 2


async def test_add_occurrences_keeps_moved_and_cancelled_instances(session: AsyncSession) -> None:
    """A moved or cancelled occurrence is not re-created nor reset by adding its span again."""
    network = await add_network(session)
    series = await add_series(session, network.id)
    await meetups.add_occurrences(session, series, monthly(2), created_at=T0)
    first, second = await meetups.upcoming(session, network.id, after=T0 - HOUR, limit=10)
    moved = await meetups.move(
        session, network.id, first.id, starts_at=T0 + 3 * HOUR, ends_at=T0 + 5 * HOUR, at=T0
    )
    cancelled = await meetups.cancel(session, network.id, second.id, at=T0)

    assert await meetups.add_occurrences(session, series, monthly(2), created_at=T0) == 0

    assert await meetups.get_meetup(session, network.id, first.id) == moved
    assert await meetups.get_meetup(session, network.id, second.id) == cancelled


async def test_delete_untouched_after_keeps_what_people_touched(session: AsyncSession) -> None:
    """Only future, unmoved, scheduled occurrences without agenda, RSVPs or decisions go."""
    network = await add_network(session)
    series = await add_series(session, network.id)
    await meetups.add_occurrences(session, series, monthly(8), created_at=T0)
    (
        past,
        moved,
        cancelled,
        with_item,
        with_rsvp,
        with_decision,
        plain1,
        plain2,
    ) = await meetups.upcoming(session, network.id, after=T0 - HOUR, limit=10)
    await meetups.move(
        session,
        network.id,
        moved.id,
        starts_at=moved.starts_at + HOUR,
        ends_at=moved.ends_at + HOUR,
        at=T0,
    )
    await meetups.cancel(session, network.id, cancelled.id, at=T0)
    await agenda.add_item(
        session,
        network_id=network.id,
        meetup_id=with_item.id,
        title="OZG",
        duration_minutes=None,
        owner=ANNA,
        created_at=T0,
    )
    await rsvps.set_answer(
        session,
        network_id=network.id,
        meetup_id=with_rsvp.id,
        user_id=ANNA,
        answer="yes",
        source="command",
        updated_at=T0,
    )
    await decisions.add_decision(
        session,
        network_id=network.id,
        meetup_id=with_decision.id,
        text="Ja",
        author=ANNA,
        created_at=T0,
    )

    deleted = await meetups.delete_untouched_after(session, series.id, past.starts_at)

    assert deleted == 2
    left = await meetups.upcoming(
        session, network.id, after=T0 - HOUR, limit=10, include_cancelled=True
    )
    assert [m.id for m in left] == [
        past.id,
        moved.id,
        cancelled.id,
        with_item.id,
        with_rsvp.id,
        with_decision.id,
    ]
    assert await meetups.get_meetup(session, network.id, plain1.id) is None
    assert await meetups.get_meetup(session, network.id, plain2.id) is None


async def test_delete_untouched_after_is_strictly_after_and_per_series(
    session: AsyncSession,
) -> None:
    """An occurrence starting exactly at `after`, and other series' meet-ups, stay."""
    lippe = await add_network(session, "lippe")
    herford = await add_network(session, "herford")
    ours = await add_series(session, lippe.id)
    theirs = await add_series(session, herford.id)
    await meetups.add_occurrences(session, ours, monthly(2), created_at=T0)
    await meetups.add_occurrences(session, theirs, monthly(2), created_at=T0)
    single = await add_meetup(session, lippe.id, T0 + timedelta(days=1))

    assert await meetups.delete_untouched_after(session, ours.id, T0) == 1

    assert [m.starts_at for m in await meetups.upcoming(session, lippe.id, after=T0, limit=9)] == [
        T0,
        single.starts_at,
    ]
    assert len(await meetups.upcoming(session, herford.id, after=T0, limit=9)) == 2


async def test_delete_untouched_after_withdraws_their_pending_posts(session: AsyncSession) -> None:
    """A deleted occurrence's pending posts are skipped, not left to go out about nothing."""
    network = await add_network(session)
    series = await add_series(session, network.id)
    await meetups.add_occurrences(session, series, monthly(1), created_at=T0)
    (meetup,) = await meetups.upcoming(session, network.id, after=T0 - HOUR, limit=1)
    for key in ("reminder", "agenda"):
        await deliveries.enqueue(
            session,
            key=key,
            room_id="!lippe:example.org",
            kind=key,
            due_at=T0 - HOUR,
            content={"body": key},
            network_id=network.id,
            created_at=T0 - 2 * HOUR,
            meetup_id=meetup.id,
        )
    await deliveries.mark_sent(session, "agenda", event_id="$agenda", sent_at=T0 - HOUR)

    assert await meetups.delete_untouched_after(session, series.id, T0 - HOUR) == 1

    reminder = await deliveries.get(session, "reminder")
    sent = await deliveries.by_event_id(session, "$agenda")
    assert reminder is not None and sent is not None
    assert (reminder.state, reminder.last_error) == ("skipped", meetups.REMOVED_FROM_SERIES)
    assert (sent.state, sent.meetup_id) == ("sent", None)
    assert await deliveries.pending(session) == []


async def test_create_and_get_single_meetup(session: AsyncSession) -> None:
    """A single meet-up has no series and no original start, and is found by its network."""
    network = await add_network(session)
    created = await add_meetup(session, network.id)
    assert (created.series_id, created.original_start, created.status) == (None, None, "scheduled")
    assert await meetups.get_meetup(session, network.id, created.id) == created


async def test_meetup_of_another_network_is_not_found(session: AsyncSession) -> None:
    """Network B's id never reaches network A's meet-up: get, cancel and move all refuse."""
    lippe = await add_network(session, "lippe")
    herford = await add_network(session, "herford")
    meetup = await add_meetup(session, lippe.id)

    assert await meetups.get_meetup(session, herford.id, meetup.id) is None
    with pytest.raises(meetups.MeetupNotFound):
        await meetups.cancel(session, herford.id, meetup.id, at=T0)
    with pytest.raises(meetups.MeetupNotFound):
        await meetups.move(session, herford.id, meetup.id, starts_at=T0, ends_at=T0 + HOUR, at=T0)
    assert await meetups.get_meetup(session, lippe.id, meetup.id) == meetup


async def test_meetup_must_end_after_it_starts(session: AsyncSession) -> None:
    """Creating or moving to an empty or negative span is refused."""
    network = await add_network(session)
    with pytest.raises(ValueError):
        await add_meetup(session, network.id, hours=0)
    meetup = await add_meetup(session, network.id)
    with pytest.raises(ValueError):
        await meetups.move(session, network.id, meetup.id, starts_at=T0, ends_at=T0 - HOUR, at=T0)


async def test_upcoming_counts_a_running_meetup_and_orders_by_start(session: AsyncSession) -> None:
    """Upcoming lists meet-ups not over yet (a running one too), soonest first, up to limit."""
    lippe = await add_network(session, "lippe")
    herford = await add_network(session, "herford")
    later = await add_meetup(session, lippe.id, T0 + timedelta(days=30))
    await add_meetup(session, lippe.id, T0 - timedelta(days=30))
    running = await add_meetup(session, lippe.id, T0)
    soon = await add_meetup(session, lippe.id, T0 + timedelta(days=1))
    await add_meetup(session, herford.id, T0 + timedelta(days=2))
    now = T0 + HOUR

    assert await meetups.upcoming(session, lippe.id, after=now, limit=10) == [running, soon, later]
    assert await meetups.upcoming(session, lippe.id, after=now, limit=2) == [running, soon]
    assert await meetups.upcoming(session, lippe.id, after=T0 + 2 * HOUR, limit=10) == [soon, later]


async def test_upcoming_leaves_out_cancelled_unless_asked(session: AsyncSession) -> None:
    """A cancelled meet-up is only listed with include_cancelled=True."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id, T0 + timedelta(days=1))
    cancelled = await meetups.cancel(session, network.id, meetup.id, at=T0)

    assert cancelled.status == "cancelled"
    assert await meetups.upcoming(session, network.id, after=T0, limit=5) == []
    assert await meetups.upcoming(
        session, network.id, after=T0, limit=5, include_cancelled=True
    ) == [cancelled]


async def test_on_local_day_uses_the_local_date_around_midnight(session: AsyncSession) -> None:
    """00:30 in Berlin (23:30 UTC the day before) belongs to its local day, in winter and summer."""
    network = await add_network(session)
    late = await add_meetup(session, network.id, datetime(2026, 1, 13, 22, 30, tzinfo=UTC))
    after_midnight = await add_meetup(
        session, network.id, datetime(2026, 1, 13, 23, 30, tzinfo=UTC)
    )
    summer = await add_meetup(session, network.id, datetime(2026, 7, 13, 22, 30, tzinfo=UTC))

    assert await meetups.on_local_day(session, network.id, date(2026, 1, 13), BERLIN) == [late]
    assert await meetups.on_local_day(session, network.id, date(2026, 1, 14), BERLIN) == [
        after_midnight
    ]
    assert await meetups.on_local_day(session, network.id, date(2026, 7, 14), BERLIN) == [summer]
    assert await meetups.on_local_day(session, network.id, date(2026, 7, 13), BERLIN) == []


async def test_on_local_day_filters_network_and_cancelled(session: AsyncSession) -> None:
    """Only this network's meet-ups; cancelled ones only when asked for."""
    lippe = await add_network(session, "lippe")
    herford = await add_network(session, "herford")
    ours = await add_meetup(session, lippe.id)
    await add_meetup(session, herford.id)
    cancelled = await meetups.cancel(
        session, lippe.id, (await add_meetup(session, lippe.id, T0 + 3 * HOUR)).id, at=T0
    )
    day = date(2026, 1, 13)

    assert await meetups.on_local_day(session, lippe.id, day, BERLIN) == [ours]
    assert await meetups.on_local_day(session, lippe.id, day, BERLIN, include_cancelled=True) == [
        ours,
        cancelled,
    ]


async def test_latest_started_is_the_current_or_last_meetup(session: AsyncSession) -> None:
    """The latest scheduled meet-up started by `before`; cancelled and other networks ignored."""
    lippe = await add_network(session, "lippe")
    herford = await add_network(session, "herford")
    last_month = await add_meetup(session, lippe.id, T0 - timedelta(days=28))
    today = await add_meetup(session, lippe.id, T0)
    await add_meetup(session, lippe.id, T0 + timedelta(days=28))
    await add_meetup(session, herford.id, T0 + HOUR)
    cancelled = await add_meetup(session, lippe.id, T0 + 2 * HOUR)
    await meetups.cancel(session, lippe.id, cancelled.id, at=T0)

    assert await meetups.latest_started(session, lippe.id, before=T0 + 3 * HOUR) == today
    assert await meetups.latest_started(session, lippe.id, before=T0) == today
    assert await meetups.latest_started(session, lippe.id, before=T0 - HOUR) == last_month
    assert await meetups.latest_started(session, lippe.id, before=T0 - timedelta(days=60)) is None


async def test_move_keeps_the_original_start(session: AsyncSession) -> None:
    """A moved occurrence gets its new times but remembers which instance it was."""
    network = await add_network(session)
    series = await add_series(session, network.id)
    await meetups.add_occurrences(session, series, monthly(1), created_at=T0)
    (meetup,) = await meetups.upcoming(session, network.id, after=T0, limit=1)
    new_start = T0 + timedelta(days=2)

    moved = await meetups.move(
        session, network.id, meetup.id, starts_at=new_start, ends_at=new_start + HOUR, at=T0
    )

    assert (moved.starts_at, moved.ends_at, moved.original_start) == (
        new_start,
        new_start + HOUR,
        T0,
    )
    assert moved.status == "scheduled"
    assert await meetups.get_meetup(session, network.id, meetup.id) == moved


async def test_cancel_keeps_the_row(session: AsyncSession) -> None:
    """Cancelling twice is harmless and the meet-up is still there to be looked up."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    await meetups.cancel(session, network.id, meetup.id, at=T0)
    again = await meetups.cancel(session, network.id, meetup.id, at=T0 + HOUR)
    assert again.status == "cancelled"
    assert await meetups.get_meetup(session, network.id, meetup.id) == again


async def test_scheduled_between_spans_networks_half_open(session: AsyncSession) -> None:
    """All networks' scheduled meet-ups starting in [start, end), cancelled ones left out."""
    lippe = await add_network(session, "lippe")
    herford = await add_network(session, "herford")
    at_start = await add_meetup(session, lippe.id, T0)
    theirs = await add_meetup(session, herford.id, T0 + HOUR)
    await add_meetup(session, lippe.id, T0 + timedelta(days=1))
    await add_meetup(session, lippe.id, T0 - timedelta(minutes=1))
    cancelled = await add_meetup(session, lippe.id, T0 + 2 * HOUR)
    await meetups.cancel(session, lippe.id, cancelled.id, at=T0)

    found = await meetups.scheduled_between(session, start=T0, end=T0 + timedelta(days=1))

    assert found == [at_start, theirs]
