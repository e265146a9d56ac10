"""Only what changed is re-planned: reading never re-plans, a change re-plans its own
network, and a burst of requests coalesces (rebuilds counted by the scheduler's hook)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from bot.config import NetworkConfig
from bot.flood import FloodLimiter
from bot.pipeline import CommandPipeline, Standing
from bot.scheduler import PostScheduler
from bot.sender import Sender
from commands.invocation import Invocation
from commands.posts.action_source import ActionPosts
from commands.posts.meetup_source import MeetupPosts
from commands.table import default_registry
from storage import meetups
from storage.records import NetworkRecord
from tests.support import store_network

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
MEETUP = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
PEOPLE = [f"@person{n}:localhost" for n in range(20)]
READS = [
    "!treffen",
    "!agenda",
    "!treffen liste",
    "!treffen ics",
    "!aufgaben",
    "!ap",
    "!wer Serviceportal",
    "!netzwerk",
    "!hilfe",
    "!hilfe treffen",
    "!treffen plan",
    "!treffen posts",
]
"""Commands that read: answered (as a moderator, so nothing is refused), never re-planned."""
_EVENTS = count()


class Replanning:
    """A started scheduler whose rebuilds are counted, and the pipeline wired to it."""

    def __init__(self, sessions, nets) -> None:
        self.rebuilds: list[frozenset[int] | None] = []
        self.during: list[Callable[[], None]] = []
        """Run at the end of the next rebuilds, one each, while they still hold the task."""
        self.scheduler = PostScheduler(
            sessions,
            Sender(None, sessions, lambda: NOW),
            networks=nets,
            sources=[MeetupPosts(nets), ActionPosts(nets)],
            now=lambda: NOW,
            on_rebuilt=self._rebuilt,
        )
        self.pipeline = CommandPipeline(
            sessions,
            default_registry(),
            prefix="!",
            catch_up=timedelta(minutes=15),
            now=lambda: NOW,
            on_change=self.scheduler.after_change,
            flood=FloodLimiter(exempt=PEOPLE),
        )

    def _rebuilt(self, networks: frozenset[int] | None) -> None:
        self.rebuilds.append(networks)
        if self.during:
            self.during.pop(0)()

    async def say(self, network: NetworkRecord, text: str, sender: str, moderator: bool) -> None:
        """Handle `text` as a new event in the network's room."""
        inv = Invocation(
            event_id=f"$ev{next(_EVENTS)}",
            room_id=network.room_id,
            sender=sender,
            text=text,
            sent_at=NOW - timedelta(seconds=1),
        )
        assert await self.pipeline.handle(inv, Standing(network, is_moderator=moderator))


@pytest.fixture
async def two_networks(sessions) -> tuple[NetworkRecord, NetworkRecord, dict]:
    """Lippe with a meet-up on 8 Dec 2026, and Herford beside it."""
    async with sessions() as session, session.begin():
        lippe, herford = [
            await store_network(session, key, name)
            for key, name in (("lippe", "IKZ Lippe"), ("herford", "IKZ Herford"))
        ]
        await meetups.create_meetup(
            session,
            network_id=lippe.id,
            starts_at=MEETUP,
            ends_at=MEETUP + timedelta(minutes=90),
            title="Monatstreffen",
            location="https://meet.example.org/ikz-lippe",
            created_by=PEOPLE[0],
            created_at=NOW - timedelta(days=2),
        )
    nets = {
        record.id: (record, NetworkConfig(key=record.key, room_id=record.room_id, name=record.name))
        for record in (lippe, herford)
    }
    return lippe, herford, nets


@pytest.fixture
async def replanning(sessions, two_networks) -> Replanning:
    """Started (one full rebuild, not counted), with no rebuild pending."""
    wired = Replanning(sessions, two_networks[2])
    await wired.scheduler.start()
    wired.rebuilds.clear()
    yield wired
    wired.scheduler.stop()


async def test_a_burst_of_200_read_commands_causes_no_rebuild(replanning, two_networks):
    """Reading (meet-up, agenda, lists, help, the plan itself) never re-plans posts."""
    lippe = two_networks[0]
    for n in range(200):
        await replanning.say(lippe, READS[n % len(READS)], PEOPLE[n % 20], moderator=True)
    await replanning.scheduler.replanned()
    assert replanning.rebuilds == []


async def test_200_rsvps_cause_no_rebuild(replanning, two_networks):
    """An answer changes who comes, not which posts are due: bounded by zero re-plans."""
    lippe = two_networks[0]
    for n in range(200):
        answer = ("!zusage", "!absage", "!vielleicht", "!rsvp ja")[n % 4]
        await replanning.say(lippe, answer, PEOPLE[n % 20], moderator=False)
    await replanning.scheduler.replanned()
    assert replanning.rebuilds == []


async def test_a_plan_change_re_plans_its_own_network_only(replanning, two_networks):
    """Switching a kind of post off re-plans Lippe, not Herford, and drops its jobs."""
    lippe, herford, _ = two_networks
    await replanning.say(herford, "!treffen posts erinnerung aus", PEOPLE[0], moderator=True)
    await replanning.scheduler.replanned()
    assert replanning.rebuilds == [frozenset({herford.id})]
    reminders = [k for k in replanning.scheduler.planned_jobs() if k.endswith(":reminder")]
    assert reminders  # Lippe's reminder is still planned
    await replanning.say(lippe, "!treffen posts erinnerung aus", PEOPLE[0], moderator=True)
    await replanning.scheduler.replanned()
    assert replanning.rebuilds[1:] == [frozenset({lippe.id})]
    assert not [k for k in replanning.scheduler.planned_jobs() if k.endswith(":reminder")]


async def test_a_refused_plan_change_re_plans_nothing(replanning, two_networks):
    """A member's `!treffen absagen` is refused by the router: nothing kept, nothing re-planned."""
    lippe = two_networks[0]
    await replanning.say(lippe, "!treffen absagen 8.12.2026", PEOPLE[1], moderator=False)
    await replanning.scheduler.replanned()
    assert replanning.rebuilds == []


async def test_a_burst_of_requests_coalesces_into_one_rebuild(replanning, two_networks):
    """200 requests before the loop turns: one rebuild, of exactly the networks asked for."""
    lippe, herford, _ = two_networks
    for n in range(200):
        replanning.scheduler.request_rebuild(lippe.id if n % 2 else herford.id)
    await replanning.scheduler.replanned()
    assert replanning.rebuilds == [frozenset({lippe.id, herford.id})]


async def test_requests_during_a_rebuild_wait_for_one_more(replanning, two_networks):
    """200 requests while a rebuild runs make exactly one more rebuild, not 200."""
    lippe = two_networks[0]
    scheduler = replanning.scheduler

    def burst() -> None:
        for _ in range(200):
            scheduler.request_rebuild(lippe.id)

    replanning.during.append(burst)
    scheduler.request_rebuild(lippe.id)
    await scheduler.replanned()
    assert replanning.rebuilds == [frozenset({lippe.id})] * 2


@pytest.fixture
def edit_checks(replanning, monkeypatch) -> list[int]:
    """One entry per comparison of the sent posts with what they would say now."""
    checks: list[int] = []
    original = replanning.scheduler.edit_changed

    async def counted() -> None:
        checks.append(1)
        await original()

    monkeypatch.setattr(replanning.scheduler, "edit_changed", counted)
    return checks


async def test_reads_check_no_sent_post_and_changes_of_what_posts_show_do(
    replanning, two_networks, edit_checks
):
    """Reading never compares sent posts; a topic or an answer does, without re-planning."""
    lippe = two_networks[0]
    for n, text in enumerate(READS):
        await replanning.say(lippe, text, PEOPLE[n % 20], moderator=True)
    await replanning.scheduler.replanned()
    assert edit_checks == []
    await replanning.say(lippe, "!agenda neu Serviceportal", PEOPLE[1], moderator=False)
    await replanning.scheduler.replanned()
    assert edit_checks == [1]
    await replanning.say(lippe, "!zusage", PEOPLE[2], moderator=False)
    await replanning.scheduler.replanned()
    assert edit_checks == [1, 1] and replanning.rebuilds == []


async def test_a_burst_of_edit_requests_coalesces_into_one_check(replanning, edit_checks):
    """200 requests before the loop turns (a flood of RSVPs): one comparison, not 200."""
    for _ in range(200):
        replanning.scheduler.request_edits()
    await replanning.scheduler.replanned()
    assert edit_checks == [1]
