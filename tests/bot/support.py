"""Helpers of the bot tests: the Lippe room and meet-up, a clock moved by the test, a started
scheduler, a command pipeline and the stored deliveries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.metrics import Metrics
from bot.pipeline import CommandPipeline
from bot.scheduler import PostScheduler
from bot.sender import Sender
from commands.invocation import Invocation
from commands.posts.action_source import ActionPosts
from commands.posts.meetup_source import MeetupPosts
from commands.registry import Registry
from commands.table import default_registry
from storage import deliveries

BERLIN_MEETUP = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)  # Tue 8 Dec 2026, 10:00 in Berlin
ROOM = "!lippe:localhost"


class FakeClock:
    """The bot's clock, moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def start_scheduler(sessions, nets, clock) -> PostScheduler:
    scheduler = PostScheduler(
        sessions,
        Sender(None, sessions, clock),
        networks=nets,
        sources=[MeetupPosts(nets), ActionPosts(nets)],
        now=clock,
    )
    await scheduler.start()
    await scheduler.replanned()  # the sent posts brought up to date as well
    return scheduler


async def delivery_rows(sessions, prefix: str = "meetup:") -> dict[str, deliveries.DeliveryRecord]:
    async with sessions() as session:
        keys = await deliveries.keys_with_prefix(session, prefix)
        return {key: await deliveries.get(session, key) for key in keys}


AGENDA_DUE = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # a day before, 09:00 in Berlin
AGENDA_KEY = "meetup:1:20261208T0900Z:agenda"


async def sent_agenda(sessions, nets, *, late: bool = False) -> FakeClock:
    """The agenda post stored at its time (or an hour late) and sent as `$agenda`."""
    clock = FakeClock(AGENDA_DUE + timedelta(hours=1 if late else 0, seconds=5))
    (await start_scheduler(sessions, nets, clock)).stop()
    async with sessions() as session, session.begin():
        for key in await deliveries.keys_with_prefix(session, "meetup:"):
            event_id = "$agenda" if key == AGENDA_KEY else f"${key}"
            await deliveries.mark_sent(session, key, event_id=event_id, sent_at=clock())
    return clock


NOW = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
"""The pipeline tests' clock: Tue 8 Dec 2026, 10:00 in Berlin."""


def make_pipeline(
    sessions, registry: Registry | None = None, metrics: Metrics | None = None
) -> CommandPipeline:
    """The command pipeline of the pipeline tests, its clock at `NOW`."""
    return CommandPipeline(
        sessions,
        registry or default_registry(),
        prefix="!",
        catch_up=timedelta(minutes=15),
        now=lambda: NOW,
        metrics=metrics,
    )


def command(
    text: str, *, age: timedelta = timedelta(seconds=2), thread: str | None = None
) -> Invocation:
    """Erika's `text` in the Lippe room, typed `age` before `NOW`."""
    return Invocation(
        event_id="$cmd",
        room_id="!lippe:localhost",
        sender="@erika:localhost",
        text=text,
        sent_at=NOW - age,
        thread_root=thread,
    )


async def pending_replies(sessions) -> list[deliveries.DeliveryRecord]:
    """What waits to be sent."""
    async with sessions() as session:
        return await deliveries.pending(session)
