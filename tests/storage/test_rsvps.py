"""RSVPs: one current answer per member, replaced by the next, undone only by its own reaction."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage import meetups, rsvps
from storage.records import RsvpRecord
from tests.storage.support import T0, add_meetup, add_network

ANNA = "@anna:example.org"
BEN = "@ben:example.org"
MINUTE = timedelta(minutes=1)


async def answer(
    session: AsyncSession,
    network_id: int,
    meetup_id: int,
    answer: str = "yes",
    *,
    user_id: str = ANNA,
    reaction: str | None = None,
    at: datetime = T0,
) -> RsvpRecord:
    """Answer by command, or by reaction when a reaction event id is given."""
    return await rsvps.set_answer(
        session,
        network_id=network_id,
        meetup_id=meetup_id,
        user_id=user_id,
        answer=answer,
        source="command" if reaction is None else "reaction",
        reaction_event_id=reaction,
        updated_at=at,
    )


async def test_set_answer_stores_a_new_answer(session: AsyncSession) -> None:
    """A first answer is stored with its source and comes back for the meet-up."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    stored = await answer(session, network.id, meetup.id)
    assert stored == RsvpRecord(
        meetup_id=meetup.id,
        network_id=network.id,
        user_id=ANNA,
        answer="yes",
        source="command",
        reaction_event_id=None,
        updated_at=T0,
    )
    assert await rsvps.answers(session, network.id, meetup.id) == [stored]


async def test_new_answer_replaces_the_old_one(session: AsyncSession) -> None:
    """A second answer by the same member replaces the first, reaction id included."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    await answer(session, network.id, meetup.id, "yes", reaction="$thumbs-up")
    replaced = await answer(session, network.id, meetup.id, "no", at=T0 + MINUTE)
    assert replaced == RsvpRecord(
        meetup_id=meetup.id,
        network_id=network.id,
        user_id=ANNA,
        answer="no",
        source="command",
        reaction_event_id=None,
        updated_at=T0 + MINUTE,
    )
    assert await rsvps.answers(session, network.id, meetup.id) == [replaced]


async def test_answers_are_ordered_by_time_and_per_meetup(session: AsyncSession) -> None:
    """Answers list oldest first and only for the meet-up asked about."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    other = await add_meetup(session, network.id, T0 + timedelta(days=28))
    await answer(session, network.id, meetup.id, "maybe", user_id=BEN, at=T0 + MINUTE)
    await answer(session, network.id, meetup.id, "no", user_id=ANNA, at=T0)
    await answer(session, network.id, other.id, "yes", user_id="@carla:example.org")
    found = await rsvps.answers(session, network.id, meetup.id)
    assert [(r.user_id, r.answer) for r in found] == [(ANNA, "no"), (BEN, "maybe")]


async def test_removing_the_current_reaction_deletes_the_answer(session: AsyncSession) -> None:
    """Redacting the reaction that gave the current answer removes it and returns it."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    given = await answer(session, network.id, meetup.id, reaction="$thumbs-up")
    assert await rsvps.remove_by_reaction(session, "$thumbs-up") == given
    assert await rsvps.answers(session, network.id, meetup.id) == []
    assert await rsvps.remove_by_reaction(session, "$thumbs-up") is None


async def test_removing_an_outdated_reaction_keeps_the_newer_answer(session: AsyncSession) -> None:
    """👍 then 👎: redacting the 👍 afterwards leaves the 👎 answer in place."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    await answer(session, network.id, meetup.id, "yes", reaction="$up")
    latest = await answer(session, network.id, meetup.id, "no", reaction="$down", at=T0 + MINUTE)
    assert await rsvps.remove_by_reaction(session, "$up") is None
    assert await rsvps.answers(session, network.id, meetup.id) == [latest]


async def test_removing_a_reaction_after_a_command_answer_keeps_it(session: AsyncSession) -> None:
    """A command answer given after a reaction is not undone by redacting that reaction."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    await answer(session, network.id, meetup.id, "yes", reaction="$up")
    latest = await answer(session, network.id, meetup.id, "maybe", at=T0 + MINUTE)
    assert await rsvps.remove_by_reaction(session, "$up") is None
    assert await rsvps.answers(session, network.id, meetup.id) == [latest]


async def test_remove_by_reaction_can_be_limited_to_a_network(session: AsyncSession) -> None:
    """With network_id, a redaction in another network's room removes nothing."""
    lippe = await add_network(session, "lippe")
    herford = await add_network(session, "herford")
    meetup = await add_meetup(session, lippe.id)
    given = await answer(session, lippe.id, meetup.id, reaction="$up")
    assert await rsvps.remove_by_reaction(session, "$up", network_id=herford.id) is None
    assert await rsvps.remove_by_reaction(session, "$up", network_id=lippe.id) == given


async def test_rsvp_on_another_networks_meetup_is_refused(session: AsyncSession) -> None:
    """Answering network A's meet-up with network B's id raises MeetupNotFound."""
    lippe = await add_network(session, "lippe")
    herford = await add_network(session, "herford")
    meetup = await add_meetup(session, lippe.id)
    with pytest.raises(meetups.MeetupNotFound):
        await answer(session, herford.id, meetup.id)
    assert await rsvps.answers(session, herford.id, meetup.id) == []
    assert await rsvps.answers(session, lippe.id, meetup.id) == []


@pytest.mark.parametrize(
    ("given", "source", "reaction_event_id"),
    [
        ("ja", "command", None),
        ("yes", "email", None),
        ("yes", "reaction", None),
        ("yes", "command", "$up"),
    ],
)
async def test_invalid_answers_are_refused(
    session: AsyncSession, given: str, source: str, reaction_event_id: str | None
) -> None:
    """Unknown answers or sources, and reaction ids that do not match the source, raise."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    with pytest.raises(ValueError):
        await rsvps.set_answer(
            session,
            network_id=network.id,
            meetup_id=meetup.id,
            user_id=ANNA,
            answer=given,
            source=source,
            reaction_event_id=reaction_event_id,
            updated_at=T0,
        )
    assert await rsvps.answers(session, network.id, meetup.id) == []


async def test_one_reaction_cannot_answer_for_two_members(session: AsyncSession) -> None:
    """A reaction event id is unique: it cannot stand for two members' answers."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    await answer(session, network.id, meetup.id, reaction="$up")
    with pytest.raises(IntegrityError):
        await answer(session, network.id, meetup.id, user_id=BEN, reaction="$up")


async def test_answers_at_the_same_time_are_in_code_point_order(session: AsyncSession) -> None:
    """Ties go by user id in code point order, also under a linguistic PostgreSQL collation.

    A de_DE or ICU collation ignores case and punctuation at first; ordered that way,
    "@Zoe" would follow "@anna" and "@a.b" would sort as "@ab". The test cluster's own
    collation is code point order, so give the column an ICU collation for this test.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text('ALTER TABLE rsvps ALTER COLUMN user_id TYPE varchar COLLATE "und-x-icu"')
        )
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    users = ["@Zoe:example.org", "@a.c:example.org", "@ab:example.org", "@anna:example.org"]
    for user in reversed(users):
        await answer(session, network.id, meetup.id, user_id=user)
    assert [r.user_id for r in await rsvps.answers(session, network.id, meetup.id)] == users


async def test_withdraw_upcoming_keeps_past_and_other_peoples_answers(
    session: AsyncSession,
) -> None:
    """A person who left loses their answers to coming meet-ups only; others keep theirs."""
    network = await add_network(session)
    past = await add_meetup(session, network.id, T0 - timedelta(days=30))
    coming = await add_meetup(session, network.id, T0 + timedelta(days=7))
    for meetup in (past, coming):
        await answer(session, network.id, meetup.id)
        await answer(session, network.id, meetup.id, user_id=BEN)
    assert await rsvps.withdraw_upcoming(session, network.id, ANNA, after=T0) == 1
    assert [a.user_id for a in await rsvps.answers(session, network.id, coming.id)] == [BEN]
    assert len(await rsvps.answers(session, network.id, past.id)) == 2
