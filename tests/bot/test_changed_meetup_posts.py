"""A cancelled or moved meet-up's sent posts, its announcement, and the bot's own ✅ ❌ ❔:
stored by the scheduler and the sender exactly once, with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nio import RoomSendResponse

from bot.scheduler import NEWS_KIND
from bot.sender import Sender, event_type, reaction_content
from storage import deliveries, meetup_changes, meetups
from storage.meetup_changes import MeetupChange
from tests.bot.support import (
    AGENDA_KEY,
    BERLIN_MEETUP,
    ROOM,
    delivery_rows,
    sent_agenda,
    start_scheduler,
)

CALL_KEY = "meetup:1:20261208T0900Z:agenda_call"
JAN_12 = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)  # Tue 12 Jan 2027, 10:00 in Berlin
DEC_3 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # Thu 3 Dec 2026, 10:00


async def _cancel(sessions, meetup, at: datetime) -> None:
    """What `!treffen absagen` stores."""
    async with sessions() as session, session.begin():
        now = await meetups.get_meetup(session, meetup.network_id, meetup.id)
        await meetups.cancel(session, meetup.network_id, meetup.id, at=at)
        change = MeetupChange(meetup.network_id, meetup.id, (now.starts_at, now.ends_at), None, at)
        await meetup_changes.record(session, change)


async def _move(sessions, meetup, to: datetime, at: datetime) -> None:
    """What `!treffen verschieben` stores."""
    async with sessions() as session, session.begin():
        now = await meetups.get_meetup(session, meetup.network_id, meetup.id)
        await meetups.move(
            session,
            meetup.network_id,
            meetup.id,
            starts_at=to,
            ends_at=to + (now.ends_at - now.starts_at),
            at=at,
        )
        change = MeetupChange(meetup.network_id, meetup.id, (now.starts_at, now.ends_at), to, at)
        await meetup_changes.record(session, change)


def _latest(edits: dict[str, deliveries.DeliveryRecord]) -> str:
    last = max(edits, key=lambda key: int(key.rsplit(":", 1)[1]))
    return edits[last].content["m.new_content"]["body"]


async def test_a_near_cancellation_edits_the_sent_posts_and_is_announced_once(sessions, setup):
    """The day before: call and agenda begin with "Entfällt."; one notice announces it,
    whatever rebuilds and restarts follow."""
    nets, meetup = setup
    clock = await sent_agenda(sessions, nets)
    await _cancel(sessions, meetup, clock())
    for _ in range(2):
        scheduler = await start_scheduler(sessions, nets, clock)
        await scheduler.rebuild()
        scheduler.stop()
    [news] = [row for row in (await delivery_rows(sessions)).values() if row.kind == NEWS_KIND]
    assert news.state == "pending" and news.meetup_id == meetup.id
    assert news.content["msgtype"] == "m.notice" and news.content["m.mentions"] == {}
    assert news.content["body"].startswith("Entfällt: Di., 8.\u00a0Dez.\u00a02026, 10:00–11:30")
    for key in (AGENDA_KEY, CALL_KEY):
        edits = await delivery_rows(sessions, key + ":edit:")
        assert list(edits) == [key + ":edit:1"]
        assert _latest(edits).startswith("Entfällt.\n\n")
        assert "Reagieren Sie" not in _latest(edits)


async def test_a_far_move_edits_the_call_but_announces_nothing_and_a_move_back_restores(
    sessions, setup
):
    """Moved a week ahead: the call says "Verschoben auf Di., 12. Jan. 2027, 10:00 Uhr" and no
    announcement is stored; moved back, it reads as sent."""
    nets, meetup = setup
    clock = await sent_agenda(sessions, nets)
    clock.now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # the call was sent, 8 days ahead
    await _move(sessions, meetup, JAN_12, clock())
    (await start_scheduler(sessions, nets, clock)).stop()
    edits = await delivery_rows(sessions, CALL_KEY + ":edit:")
    moved = "Verschoben auf Di., 12.\u00a0Jan.\u00a02027, 10:00\u00a0Uhr\n"
    assert _latest(edits).startswith(moved)
    clock.now += timedelta(minutes=5)
    await _move(sessions, meetup, BERLIN_MEETUP, clock())
    (await start_scheduler(sessions, nets, clock)).stop()
    edits = await delivery_rows(sessions, CALL_KEY + ":edit:")
    assert len(edits) == 2 and not _latest(edits).startswith("Verschoben")
    assert "Aufruf: Themen für das Treffen am Di., 8.\u00a0Dez." in _latest(edits)
    assert not [row for row in (await delivery_rows(sessions)).values() if row.kind == NEWS_KIND]


async def test_moved_twice_before_the_scheduler_looks_is_one_announcement_of_the_last_time(
    sessions, setup
):
    """Two moves the scheduler sees at once are one change: one announcement, to 3 Dec."""
    nets, meetup = setup
    clock = await sent_agenda(sessions, nets)
    await _move(sessions, meetup, JAN_12, clock())
    await _move(sessions, meetup, DEC_3 + timedelta(days=7), clock() + timedelta(seconds=1))
    (await start_scheduler(sessions, nets, clock)).stop()
    [news] = [row for row in (await delivery_rows(sessions)).values() if row.kind == NEWS_KIND]
    body = news.content["body"]
    assert body.startswith("Verschoben von Di., 8.\u00a0Dez.\u00a02026, 10:00–11:30\u00a0Uhr auf")
    assert "Do., 10.\u00a0Dez.\u00a02026" in body and "Jan." not in body


async def test_moved_there_and_back_before_the_scheduler_looks_is_not_announced(sessions, setup):
    """Nothing changed in the end: no announcement, and the posts read as sent."""
    nets, meetup = setup
    clock = await sent_agenda(sessions, nets)
    await _move(sessions, meetup, DEC_3, clock())
    await _move(sessions, meetup, BERLIN_MEETUP, clock() + timedelta(seconds=1))
    (await start_scheduler(sessions, nets, clock)).stop()
    assert not [row for row in (await delivery_rows(sessions)).values() if row.kind == NEWS_KIND]
    assert await delivery_rows(sessions, AGENDA_KEY + ":edit:") == {}


class _Homeserver:
    """What the sender needs of a nio client: one joined room, and sends it records."""

    def __init__(self) -> None:
        self.rooms = {ROOM: object()}
        self.sent: list[tuple[str, dict]] = []

    async def room_send(self, room_id, message_type, content, tx_id, **_):
        self.sent.append((message_type, content))
        return RoomSendResponse(f"$sent{len(self.sent)}", room_id)


async def test_the_bot_adds_its_three_answers_once_to_a_post_that_asks_for_them(sessions, setup):
    """After the agenda post: ✅ ❌ ❔ as m.reaction to it; flushing again sends nothing; the
    follow-up, which asks for no answers, gets none."""
    _, meetup = setup
    now = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    async with sessions() as session, session.begin():
        for kind in ("agenda", "followup"):
            await deliveries.enqueue(
                session,
                key=f"meetup:1:20261208T0900Z:{kind}",
                room_id=ROOM,
                kind=kind,
                due_at=now,
                content={"msgtype": "m.notice", "body": kind},
                network_id=meetup.network_id,
                grace_seconds=3600,
                created_at=now,
                meetup_id=meetup.id,
            )
    homeserver = _Homeserver()
    sender = Sender(homeserver, sessions, lambda: now)
    await sender.flush()
    await sender.flush()
    reactions = [(t, c) for t, c in homeserver.sent if t == "m.reaction"]
    assert [c for _, c in reactions] == [
        reaction_content("$sent1", key) for key in ("✅", "❌", "❔")
    ]
    assert len(homeserver.sent) == 5  # agenda, follow-up, three reactions


def test_a_reaction_goes_out_as_m_reaction_everything_else_as_a_message():
    """The event type follows the content: an annotation is a reaction."""
    assert event_type(reaction_content("$post", "✅")) == "m.reaction"
    assert event_type({"msgtype": "m.notice", "body": "x"}) == "m.room.message"
    edit = {"m.relates_to": {"rel_type": "m.replace", "event_id": "$post"}}
    assert event_type(edit) == "m.room.message"
