"""The busiest instant: 50 networks with 175 posts due at 09:00 on one Monday, each stored
exactly once, also when the bot dies halfway through storing them and starts again."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.config import NetworkConfig
from bot.scheduler import PostScheduler
from bot.sender import Sender
from commands.posts.action_source import ActionPosts
from commands.posts.meetup_source import MeetupPosts
from storage import actions, deliveries, meetups
from tests.bot.support import FakeClock
from tests.support import store_network

PEAK = datetime(2026, 12, 14, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin
NETWORKS = 50
AT_THE_PEAK = 175
"""Per network the due-day post and the digest; the even ones the agenda of Tuesday's meet-up,
the odd ones the reminder of today's and the call for next Monday's: 50 × 2 + 25 + 2 × 25."""


class Crash(BaseException):
    """The process dies: nothing of the bot catches it."""


class CrashingMeetupPosts(MeetupPosts):
    """Meet-up posts whose composing kills the bot at the `at`-th post."""

    def __init__(self, nets, at: int) -> None:
        super().__init__(nets)
        self.left = at

    async def compose(self, session, post, *, late, now):
        self.left -= 1
        if self.left == 0:
            raise Crash
        return await super().compose(session, post, late=late, now=now)


@pytest.fixture
async def fifty(sessions):
    """50 networks, each with a weekly series (Tuesdays or Mondays at 10:00), an item due
    today and one overdue; the series' occurrences stored by a start the evening before."""
    nets = {}
    async with sessions() as session, session.begin():
        for n in range(NETWORKS):
            network = await store_network(session, f"net{n:02d}", f"IKZ Netzwerk {n + 1}")
            nets[network.id] = (network, NetworkConfig(f"net{n:02d}", network.room_id, "IKZ"))
            await meetups.create_series(
                session,
                network_id=network.id,
                title="IKZ-Treffen",
                rrule="FREQ=WEEKLY;BYDAY=" + ("TU" if n % 2 == 0 else "MO"),
                start_time=time(10, 0),
                duration_minutes=90,
                timezone="Europe/Berlin",
                location=None,
                first_day=date(2026, 11, 16),
                created_by="@erika:localhost",
                created_at=datetime(2026, 11, 1, tzinfo=UTC),
            )
            for due_on in (date(2026, 12, 14), date(2026, 12, 7)):
                await actions.create_item(
                    session,
                    network_id=network.id,
                    title="Formular-Katalog abstimmen",
                    owner="@max:localhost",
                    created_by="@erika:localhost",
                    created_at=datetime(2026, 11, 1, tzinfo=UTC),
                    due_on=due_on,
                )
    (await _start(sessions, nets, PEAK - timedelta(hours=12))).stop()
    return nets


def _scheduler(sessions, nets, at: datetime, meetup_posts=None) -> PostScheduler:
    clock = FakeClock(at)
    return PostScheduler(
        sessions,
        Sender(None, sessions, clock),
        networks=nets,
        sources=[meetup_posts or MeetupPosts(nets), ActionPosts(nets)],
        now=clock,
    )


async def _start(sessions, nets, at: datetime) -> PostScheduler:
    scheduler = _scheduler(sessions, nets, at)
    await scheduler.start()
    return scheduler


async def _peak_rows(sessions) -> dict[str, deliveries.DeliveryRecord]:
    async with sessions() as session:
        keys = await deliveries.keys_with_prefix(session, "")
        rows = [await deliveries.get(session, key) for key in keys]
    return {row.key: row for row in rows if row is not None and row.due_at == PEAK}


async def test_every_post_of_the_peak_is_stored_once_and_not_late(sessions, fifty):
    """Back one second after 09:00: all 175 posts are stored, each once, none marked late;
    a second start stores nothing more."""
    (await _start(sessions, fifty, PEAK + timedelta(seconds=1))).stop()
    (await _start(sessions, fifty, PEAK + timedelta(seconds=2))).stop()
    rows = await _peak_rows(sessions)
    assert len(rows) == AT_THE_PEAK
    assert {row.state for row in rows.values()} == {"pending"}
    assert {row.created_at for row in rows.values()} == {PEAK + timedelta(seconds=1)}
    assert not any("später als geplant" in row.content["body"] for row in rows.values())


async def test_a_crash_halfway_through_the_peak_loses_and_repeats_nothing(sessions, fifty):
    """The bot dies while storing the 60th meet-up post; the next start stores exactly the
    posts still missing, and those stored before the crash stay as they were."""
    dying = _scheduler(sessions, fifty, PEAK + timedelta(seconds=1), CrashingMeetupPosts(fifty, 60))
    try:
        with pytest.raises(Crash):
            await dying.start()
    finally:
        dying.stop()
    before = await _peak_rows(sessions)
    assert 0 < len(before) < AT_THE_PEAK

    (await _start(sessions, fifty, PEAK + timedelta(seconds=30))).stop()
    after = await _peak_rows(sessions)
    assert len(after) == AT_THE_PEAK
    assert {key: after[key] for key in before} == before
    later = [row for key, row in after.items() if key not in before]
    assert {row.created_at for row in later} == {PEAK + timedelta(seconds=30)}
    assert len({row.txn_id for row in after.values()}) == AT_THE_PEAK
