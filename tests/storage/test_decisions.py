"""Decisions: recorded per meet-up, in order, never across networks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from storage import decisions, meetups
from storage.records import DecisionRecord
from tests.storage.support import T0, add_meetup, add_network

ANNA = "@anna:example.org"


async def test_add_decision_is_listed_for_its_meetup(session: AsyncSession) -> None:
    """A recorded decision comes back with its text, author and time."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    recorded = await decisions.add_decision(
        session,
        network_id=network.id,
        meetup_id=meetup.id,
        text="Gemeinsame Ausschreibung für das Ratsinformationssystem",
        author=ANNA,
        created_at=T0,
    )
    assert recorded == DecisionRecord(
        id=recorded.id,
        network_id=network.id,
        meetup_id=meetup.id,
        text="Gemeinsame Ausschreibung für das Ratsinformationssystem",
        author=ANNA,
        created_at=T0,
    )
    assert await decisions.decisions(session, network.id, meetup.id) == [recorded]


async def test_decisions_are_in_recorded_order_per_meetup(session: AsyncSession) -> None:
    """Decisions list oldest first and only those of the meet-up asked about."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    other = await add_meetup(session, network.id, T0 + timedelta(days=28))
    for text, minutes in (("zweiter", 5), ("erster", 1)):
        await decisions.add_decision(
            session,
            network_id=network.id,
            meetup_id=meetup.id,
            text=text,
            author=ANNA,
            created_at=T0 + timedelta(minutes=minutes),
        )
    await decisions.add_decision(
        session,
        network_id=network.id,
        meetup_id=other.id,
        text="anders",
        author=ANNA,
        created_at=T0,
    )
    found = await decisions.decisions(session, network.id, meetup.id)
    assert [d.text for d in found] == ["erster", "zweiter"]


async def test_decisions_never_cross_networks(session: AsyncSession) -> None:
    """Network B can neither record on nor read network A's meet-up."""
    lippe = await add_network(session, "lippe")
    herford = await add_network(session, "herford")
    meetup = await add_meetup(session, lippe.id)
    await decisions.add_decision(
        session, network_id=lippe.id, meetup_id=meetup.id, text="Ja", author=ANNA, created_at=T0
    )
    with pytest.raises(meetups.MeetupNotFound):
        await decisions.add_decision(
            session,
            network_id=herford.id,
            meetup_id=meetup.id,
            text="x",
            author=ANNA,
            created_at=T0,
        )
    assert await decisions.decisions(session, herford.id, meetup.id) == []
    assert len(await decisions.decisions(session, lippe.id, meetup.id)) == 1
