"""The post scheduler with an injected clock: right posts at the right instants, exactly once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.clock import utc_now
from bot.scheduler import PostScheduler
from bot.sender import Sender
from commands.posts.action_source import ActionPosts
from commands.posts.meetup_source import MeetupPosts
from commands.posts.plan import PostKind
from storage import actions, agenda, meetups, post_settings, rsvps
from tests.bot.support import (
    AGENDA_DUE,
    AGENDA_KEY,
    BERLIN_MEETUP,
    ROOM,
    FakeClock,
    delivery_rows,
    sent_agenda,
    start_scheduler,
)

LATE_NOTE = (
    "Diese Nachricht kommt später als geplant, weil ich eine Zeit lang nicht erreichbar war."
)


def _meetup_jobs(scheduler: PostScheduler) -> dict[str, datetime]:
    """The planned meet-up posts (action item digests are planned alongside)."""
    return {k: due for k, due in scheduler.planned_jobs().items() if k.startswith("meetup:")}


def _kind(rows, kind: PostKind):
    return [row for key, row in rows.items() if key.endswith(f":{kind}")]


async def test_plan_has_one_job_per_post_at_the_configured_local_times(sessions, setup):
    """A week before at 09:00, a day before at 09:00, an hour before, 30 min after the end."""
    nets, _ = setup
    clock = FakeClock(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    scheduler = await start_scheduler(sessions, nets, clock)
    try:
        due = sorted(_meetup_jobs(scheduler).values())
    finally:
        scheduler.stop()
    assert due == [
        datetime(2026, 12, 1, 8, 0, tzinfo=UTC),  # 09:00 Berlin (CET)
        datetime(2026, 12, 7, 8, 0, tzinfo=UTC),
        datetime(2026, 12, 8, 8, 0, tzinfo=UTC),  # 60 min before 10:00 Berlin
        datetime(2026, 12, 8, 11, 0, tzinfo=UTC),  # 30 min after 11:30 Berlin
    ]
    assert await delivery_rows(sessions) == {}


async def test_due_post_is_stored_once_even_when_fired_again(sessions, setup):
    """At its time the agenda call is stored once, not marked late; rebuilding adds nothing."""
    nets, _ = setup
    clock = FakeClock(datetime(2026, 12, 1, 8, 0, 30, tzinfo=UTC))
    scheduler = await start_scheduler(sessions, nets, clock)
    try:
        await scheduler.rebuild()
        await scheduler.rebuild()
        jobs = _meetup_jobs(scheduler)
    finally:
        scheduler.stop()
    rows = await delivery_rows(sessions)
    [call] = _kind(rows, PostKind.AGENDA_CALL)
    assert call.state == "pending" and call.room_id == ROOM
    assert "später als geplant" not in call.content["body"]
    # Kept for the sender in case an outage holds the post back: the late-marked version.
    assert call.late_content is not None
    assert call.late_content["body"] == f"{LATE_NOTE}\n\n{call.content['body']}"
    assert len(rows) == 1 and len(jobs) == 3


async def test_restart_rebuilds_the_same_plan(sessions, setup):
    """A second scheduler on the same database plans exactly the posts still ahead."""
    nets, _ = setup
    clock = FakeClock(datetime(2026, 12, 3, 12, 0, tzinfo=UTC))
    first = await start_scheduler(sessions, nets, clock)
    planned = _meetup_jobs(first)
    first.stop()
    second = await start_scheduler(sessions, nets, clock)
    try:
        assert _meetup_jobs(second) == planned
    finally:
        second.stop()


async def test_a_slow_rebuild_arms_its_posts_for_their_due_time(sessions, setup):
    """Planning that takes five minutes of wall time does not make the posts it arms late."""
    nets, _ = setup
    wall = FakeClock(utc_now())  # APScheduler's clock; the bot's runs ahead (--pretend-now)
    ahead = AGENDA_DUE - timedelta(hours=1) - wall.now

    class SlowMeetupPosts(MeetupPosts):
        async def plan(self, *args, **kwargs):
            wall.now += timedelta(minutes=5)
            return await super().plan(*args, **kwargs)

    scheduler = PostScheduler(
        sessions,
        Sender(None, sessions, lambda: wall() + ahead),
        networks=nets,
        sources=[SlowMeetupPosts(nets), ActionPosts(nets)],
        now=lambda: wall() + ahead,
        wall=wall,
    )
    await scheduler.start()
    try:
        armed, planned = scheduler.armed_jobs(), scheduler.planned_jobs()
    finally:
        scheduler.stop()
    assert armed[AGENDA_KEY] == AGENDA_DUE
    assert armed == {key: planned[key] for key in armed}


async def test_posts_missed_while_down_are_sent_late_within_their_window(sessions, setup):
    """Back 30 min before the start: the three pre-meeting posts go out marked late."""
    nets, _ = setup
    clock = FakeClock(BERLIN_MEETUP - timedelta(minutes=30))
    scheduler = await start_scheduler(sessions, nets, clock)
    try:
        jobs = _meetup_jobs(scheduler)
    finally:
        scheduler.stop()
    rows = await delivery_rows(sessions)
    for kind in (PostKind.AGENDA_CALL, PostKind.AGENDA, PostKind.REMINDER):
        [row] = _kind(rows, kind)
        assert row.state == "pending"
        assert row.content["body"].startswith("Diese Nachricht kommt später"), kind
        assert row.late_content is None  # late already: nothing else to choose from
    assert [key.rsplit(":", 1)[1] for key in jobs] == ["followup"]


class FirstSync(asyncio.Event):
    """The sync loop's `ready`; says when the scheduler starts waiting for it."""

    def __init__(self) -> None:
        super().__init__()
        self.awaited = asyncio.Event()

    async def wait(self) -> bool:
        self.awaited.set()
        return await super().wait()


async def test_posts_are_armed_during_the_first_sync_and_the_missed_ones_stored_after(
    sessions, setup
):
    """Back 30 min before the start: the follow-up is armed before the first sync is done;
    the three missed posts (they name people from the room state) are stored after it, late."""
    nets, _ = setup
    clock = FakeClock(BERLIN_MEETUP - timedelta(minutes=30))
    scheduler = PostScheduler(
        sessions,
        Sender(None, sessions, clock),
        networks=nets,
        sources=[MeetupPosts(nets), ActionPosts(nets)],
        now=clock,
    )
    synced = FirstSync()
    starting = asyncio.create_task(scheduler.start(synced=synced))
    try:
        await synced.awaited.wait()
        assert [key.rsplit(":", 1)[1] for key in _meetup_jobs(scheduler)] == ["followup"]
        assert await delivery_rows(sessions) == {} and not scheduler.running
        synced.set()
        await starting
        await scheduler.replanned()
        assert scheduler.running
    finally:
        scheduler.stop()
    rows = await delivery_rows(sessions)
    assert sorted(row.kind for row in rows.values()) == ["agenda", "agenda_call", "reminder"]
    assert all(
        row.content["body"].startswith("Diese Nachricht kommt später") for row in rows.values()
    )


async def test_a_first_sync_that_takes_hours_is_followed_by_a_new_plan(sessions, setup):
    """Homeserver away for 14 h at start: once synced, the agenda that fell due meanwhile is
    stored, late, and the next day's reminder, too far ahead at first, is armed."""
    nets, _ = setup
    clock = FakeClock(AGENDA_DUE - timedelta(hours=2))
    scheduler = PostScheduler(
        sessions,
        Sender(None, sessions, clock),
        networks=nets,
        sources=[MeetupPosts(nets), ActionPosts(nets)],
        now=clock,
    )
    synced = FirstSync()
    starting = asyncio.create_task(scheduler.start(synced=synced))
    try:
        await synced.awaited.wait()
        assert AGENDA_KEY in scheduler.armed_jobs()
        clock.now += timedelta(hours=14)
        synced.set()
        await starting
        armed = _meetup_jobs(scheduler).keys() & scheduler.armed_jobs().keys()
    finally:
        scheduler.stop()
    assert [key.rsplit(":", 1)[1] for key in armed] == ["reminder"]
    rows = await delivery_rows(sessions)  # the call of a week before was missed anyway
    assert sorted(row.kind for row in rows.values()) == ["agenda", "agenda_call"]
    assert all(row.content["body"].startswith("Diese Nachricht kommt") for row in rows.values())


async def test_posts_past_their_window_are_recorded_as_skipped(sessions, setup):
    """Back two hours after the start: the pre-meeting posts are skipped, the follow-up is sent."""
    nets, _ = setup
    clock = FakeClock(BERLIN_MEETUP + timedelta(hours=2))
    scheduler = await start_scheduler(sessions, nets, clock)
    scheduler.stop()
    rows = await delivery_rows(sessions)
    for kind in (PostKind.AGENDA_CALL, PostKind.AGENDA, PostKind.REMINDER):
        [row] = _kind(rows, kind)
        assert row.state == "skipped", kind
    [followup] = _kind(rows, PostKind.FOLLOWUP)
    assert followup.state == "pending" and "!protokoll" in followup.content["body"]


async def test_cancelled_meetup_loses_its_jobs(sessions, setup):
    """After a cancellation, a rebuild removes every job of that meet-up."""
    nets, meetup = setup
    clock = FakeClock(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    scheduler = await start_scheduler(sessions, nets, clock)
    try:
        async with sessions() as session, session.begin():
            await meetups.cancel(session, meetup.network_id, meetup.id, at=clock())
        await scheduler.rebuild()
        assert _meetup_jobs(scheduler) == {}
    finally:
        scheduler.stop()


async def test_moved_meetup_gets_posts_for_its_new_time(sessions, setup):
    """Moving the meet-up by a day moves every planned post by a day."""
    nets, meetup = setup
    clock = FakeClock(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    scheduler = await start_scheduler(sessions, nets, clock)
    try:
        before = sorted(_meetup_jobs(scheduler).values())
        async with sessions() as session, session.begin():
            await meetups.move(
                session,
                meetup.network_id,
                meetup.id,
                starts_at=meetup.starts_at + timedelta(days=1),
                ends_at=meetup.ends_at + timedelta(days=1),
                at=clock(),
            )
        await scheduler.rebuild()
        after = sorted(_meetup_jobs(scheduler).values())
    finally:
        scheduler.stop()
    assert after == [due + timedelta(days=1) for due in before]


async def test_switched_off_kind_is_not_planned(sessions, setup):
    """A network that switched reminders off gets no reminder job."""
    nets, meetup = setup
    async with sessions() as session, session.begin():
        await post_settings.set_enabled(
            session,
            network_id=meetup.network_id,
            kind="reminder",
            enabled=False,
            updated_by="@erika:localhost",
            updated_at=datetime(2026, 11, 21, tzinfo=UTC),
        )
    scheduler = await start_scheduler(sessions, nets, FakeClock(datetime(2026, 11, 22, tzinfo=UTC)))
    try:
        kinds = sorted(key.rsplit(":", 1)[1] for key in _meetup_jobs(scheduler))
    finally:
        scheduler.stop()
    assert kinds == ["agenda", "agenda_call", "followup"]


async def test_every_post_missed_in_a_long_downtime_is_recorded_as_skipped(sessions, setup):
    """Down from 22 Nov to 20 Dec: all four posts of the 8 Dec meet-up are recorded, none sent."""
    nets, _ = setup
    clock = FakeClock(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    (await start_scheduler(sessions, nets, clock)).stop()
    clock.now = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
    (await start_scheduler(sessions, nets, clock)).stop()
    rows = await delivery_rows(sessions)
    assert sorted(row.kind for row in rows.values()) == [
        "agenda",
        "agenda_call",
        "followup",
        "reminder",
    ]
    assert {row.state for row in rows.values()} == {"skipped"}


async def test_owner_is_mentioned_on_the_morning_an_item_falls_due_once(sessions, setup):
    """At 09:00 on the due day the owner gets a pill; a restart does not post it again."""
    nets, meetup = setup
    async with sessions() as session, session.begin():
        await actions.create_item(
            session,
            network_id=meetup.network_id,
            title="Formular-Katalog abstimmen",
            owner="@erika:localhost",
            created_by="@erika:localhost",
            created_at=datetime(2026, 11, 20, tzinfo=UTC),
            due_on=datetime(2026, 12, 3).date(),
        )
    clock = FakeClock(datetime(2026, 12, 3, 8, 0, 5, tzinfo=UTC))  # 09:00:05 in Berlin
    (await start_scheduler(sessions, nets, clock)).stop()
    (await start_scheduler(sessions, nets, clock)).stop()
    rows = [
        r for r in (await delivery_rows(sessions, "actions:")).values() if r.kind == "action_due"
    ]
    assert len(rows) == 1 and rows[0].state == "pending"
    assert rows[0].content["msgtype"] == "m.text"
    assert rows[0].content["m.mentions"] == {"user_ids": ["@erika:localhost"]}
    assert "Formular-Katalog abstimmen" in rows[0].content["body"]


async def test_weekly_digest_lists_overdue_items_on_monday_once(sessions, setup):
    """On Monday at 09:00 the digest names the overdue item; a second start adds no second one."""
    nets, meetup = setup
    async with sessions() as session, session.begin():
        await actions.create_item(
            session,
            network_id=meetup.network_id,
            title="E-Akte Pilot auswerten",
            owner="@max:localhost",
            created_by="@erika:localhost",
            created_at=datetime(2026, 11, 20, tzinfo=UTC),
            due_on=datetime(2026, 12, 1).date(),
        )
    clock = FakeClock(datetime(2026, 12, 7, 8, 0, 5, tzinfo=UTC))  # Monday, 09:00:05 in Berlin
    (await start_scheduler(sessions, nets, clock)).stop()
    (await start_scheduler(sessions, nets, clock)).stop()
    digests = [
        r for r in (await delivery_rows(sessions, "actions:")).values() if r.kind == "action_digest"
    ]
    assert len(digests) == 1 and digests[0].state == "pending"
    assert "E-Akte Pilot auswerten" in digests[0].content["body"]
    assert digests[0].content["msgtype"] == "m.text"
    assert digests[0].content["m.mentions"] == {"user_ids": ["@max:localhost"]}


async def test_short_notice_posts_go_out_at_once_and_are_not_late(sessions, setup):
    """Created three days ahead: the call is stored at once, unmarked, its deadline ahead;
    the call of the meet-up set up in November, missed while the bot was down, is late."""
    nets, old = setup
    created = datetime(2026, 12, 5, 15, 30, tzinfo=UTC)
    async with sessions() as session, session.begin():
        network_id = next(iter(nets))
        await meetups.create_meetup(
            session,
            network_id=network_id,
            starts_at=datetime(2026, 12, 8, 13, 0, tzinfo=UTC),
            ends_at=datetime(2026, 12, 8, 14, 0, tzinfo=UTC),
            title="Sondertreffen",
            location=None,
            created_by="@erika:localhost",
            created_at=created,
        )
    clock = FakeClock(created + timedelta(seconds=1))
    (await start_scheduler(sessions, nets, clock)).stop()
    calls = _kind(await delivery_rows(sessions), PostKind.AGENDA_CALL)
    [missed] = [row for row in calls if row.meetup_id == old.id]
    [call] = [row for row in calls if row.meetup_id != old.id]
    assert missed.content["body"].startswith(LATE_NOTE)
    assert call.state == "pending" and call.due_at == created
    assert "Verspätet" not in call.content["body"]
    assert "bis Mo., 7.\u00a0Dez.\u00a02026, 09:00\u00a0Uhr" in call.content["body"]


async def test_a_meetup_moved_to_short_notice_counts_from_the_move(sessions, setup):
    """Moved on 5 Dec from 8 to 7 Dec: the call goes out at the move, not late."""
    nets, meetup = setup
    moved_at = datetime(2026, 12, 5, 11, 0, tzinfo=UTC)
    async with sessions() as session, session.begin():
        await meetups.move(
            session,
            meetup.network_id,
            meetup.id,
            starts_at=meetup.starts_at - timedelta(days=1),
            ends_at=meetup.ends_at - timedelta(days=1),
            at=moved_at,
        )
    (await start_scheduler(sessions, nets, FakeClock(moved_at + timedelta(seconds=1)))).stop()
    rows = await delivery_rows(sessions)
    assert {row.kind for row in rows.values()} == {"agenda_call"}
    [call] = rows.values()
    assert call.due_at == moved_at and "Verspätet" not in call.content["body"]


# --- posts that stay current --------------------------------------------------------------


async def _add_topic(sessions, meetup, title: str, at: datetime) -> None:
    async with sessions() as session, session.begin():
        await agenda.add_item(
            session,
            network_id=meetup.network_id,
            meetup_id=meetup.id,
            title=title,
            duration_minutes=None,
            owner="@erika:localhost",
            created_at=at,
        )


async def test_a_new_topic_edits_the_sent_agenda_once(sessions, setup):
    """A topic added after the agenda went out: one m.replace of it with the topic; rebuilding
    again, also in a new process, stores no second edit."""
    nets, meetup = setup
    clock = await sent_agenda(sessions, nets)
    clock.now += timedelta(minutes=10)
    await _add_topic(sessions, meetup, "Serviceportal: Stand", clock())
    scheduler = await start_scheduler(sessions, nets, clock)
    await scheduler.rebuild()
    scheduler.stop()
    (await start_scheduler(sessions, nets, clock)).stop()
    edits = await delivery_rows(sessions, AGENDA_KEY + ":edit:")
    assert list(edits) == [AGENDA_KEY + ":edit:1"]
    edit = edits[AGENDA_KEY + ":edit:1"]
    assert edit.state == "pending" and edit.kind == "agenda_edit" and edit.due_at == clock()
    assert edit.content["m.relates_to"] == {"rel_type": "m.replace", "event_id": "$agenda"}
    new = edit.content["m.new_content"]
    assert new["msgtype"] == "m.notice" and "1. Serviceportal: Stand" in new["body"]
    assert edit.content["body"] == "* " + new["body"]
    assert edit.content["m.mentions"] == {} == new["m.mentions"]


async def test_every_change_gets_its_own_edit_and_an_unchanged_post_none(sessions, setup):
    """Nothing changed: no edit. A topic, then an answer: edits 1 and 2, each the whole post."""
    nets, meetup = setup
    clock = await sent_agenda(sessions, nets)
    scheduler = await start_scheduler(sessions, nets, clock)
    try:
        await scheduler.rebuild()
        assert await delivery_rows(sessions, AGENDA_KEY + ":edit:") == {}
        await _add_topic(sessions, meetup, "E-Akte", clock())
        await scheduler.rebuild()
        async with sessions() as session, session.begin():
            await rsvps.set_answer(
                session,
                network_id=meetup.network_id,
                meetup_id=meetup.id,
                user_id="@max:localhost",
                answer="yes",
                source="reaction",
                updated_at=clock(),
                reaction_event_id="$react",
            )
        await scheduler.edit_changed()  # what an RSVP by reaction asks for
    finally:
        scheduler.stop()
    edits = await delivery_rows(sessions, AGENDA_KEY + ":edit:")
    assert sorted(edits) == [AGENDA_KEY + ":edit:1", AGENDA_KEY + ":edit:2"]
    last = edits[AGENDA_KEY + ":edit:2"].content["m.new_content"]["body"]
    assert "1. E-Akte" in last and "Zusagen (1): max" in last


async def test_a_late_agenda_is_not_edited_for_its_late_note_and_keeps_it(sessions, setup):
    """Sent an hour late (its late version): no edit by itself; an edit later keeps the note."""
    nets, meetup = setup
    clock = await sent_agenda(sessions, nets, late=True)
    scheduler = await start_scheduler(sessions, nets, clock)
    try:
        await scheduler.rebuild()
        assert await delivery_rows(sessions, AGENDA_KEY + ":edit:") == {}
        await _add_topic(sessions, meetup, "E-Akte", clock())
        await scheduler.rebuild()
    finally:
        scheduler.stop()
    [edit] = (await delivery_rows(sessions, AGENDA_KEY + ":edit:")).values()
    assert edit.content["m.new_content"]["body"].startswith(LATE_NOTE)


async def test_posts_are_not_edited_once_the_meetup_has_started(sessions, setup):
    """A topic added during the meet-up leaves the agenda post as it was sent."""
    nets, meetup = setup
    clock = await sent_agenda(sessions, nets)
    clock.now = BERLIN_MEETUP + timedelta(minutes=5)
    await _add_topic(sessions, meetup, "Nachzügler", clock())
    (await start_scheduler(sessions, nets, clock)).stop()
    assert await delivery_rows(sessions, AGENDA_KEY + ":edit:") == {}
