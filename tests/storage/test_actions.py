"""Action items: numbering per network, changes with history, due-date queries, isolation."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import action_history, actions, agenda, rsvps, workpackages
from storage.db import session_factory
from storage.meetups import MeetupNotFound
from storage.migrate import prepare
from storage.models import ActionItem
from tests.storage.support import T0, add_meetup, add_network

ERIKA = "@erika:example.org"
MAX = "@max:example.org"


async def _item(session, network_id: int, title: str = "Formular-Katalog abstimmen", **kwargs):
    values = {"owner": ERIKA, "created_by": MAX, "created_at": T0, **kwargs}
    return await actions.create_item(session, network_id=network_id, title=title, **values)


async def test_numbers_count_up_per_network(session):
    """Each network numbers its items 1, 2, 3 … independently of the others."""
    lippe = await add_network(session, "lippe")
    owl = await add_network(session, "owl")
    first = await _item(session, lippe.id)
    second = await _item(session, lippe.id)
    other = await _item(session, owl.id)
    assert (first.number, second.number, other.number) == (1, 2, 1)
    assert await actions.numbers(session, lippe.id) == [1, 2]


async def test_a_new_item_is_open_and_has_a_creation_line(session):
    """A created item is open, keeps its fields, and its history starts with `created`."""
    lippe = await add_network(session)
    item = await _item(session, lippe.id, due_on=date(2026, 2, 1), topics=["ozg", "ozg", "rpa"])
    assert (item.status, item.owner, item.created_by) == (actions.OPEN, ERIKA, MAX)
    assert item.due_on == date(2026, 2, 1)
    assert item.topics == ("ozg", "rpa")
    assert item.done_at is None
    (line,) = await action_history.item_history(session, lippe.id, item.id)
    assert (line.field, line.new_value, line.changed_by) == ("created", item.title, MAX)


async def test_get_item_finds_only_the_networks_own(session):
    """Another network's number 1 is not this network's item 1."""
    lippe = await add_network(session, "lippe")
    owl = await add_network(session, "owl")
    await _item(session, lippe.id, "Lippe")
    assert (await actions.get_item(session, lippe.id, 1)).title == "Lippe"
    assert await actions.get_item(session, owl.id, 1) is None


async def test_done_and_reopen_write_history_and_done_at(session):
    """Closing sets done_at and a status line; reopening clears done_at; repeating is a no-op."""
    lippe = await add_network(session)
    item = await _item(session, lippe.id)
    later = T0 + timedelta(days=1)
    closed = await actions.mark_done(session, lippe.id, item.number, by=ERIKA, at=later)
    assert (closed.status, closed.done_at) == (actions.DONE, later)
    await actions.mark_done(session, lippe.id, item.number, by=ERIKA, at=later)
    opened = await actions.reopen(session, lippe.id, item.number, by=MAX, at=later)
    assert (opened.status, opened.done_at) == (actions.OPEN, None)
    lines = await action_history.item_history(session, lippe.id, item.id)
    assert [(c.field, c.old_value, c.new_value) for c in lines] == [
        ("created", None, item.title),
        ("status", "open", "done"),
        ("status", "done", "open"),
    ]


async def test_hand_over_and_due_keep_old_and_new_values(session):
    """Handing over and moving the due date record old → new; clearing the date stores None."""
    lippe = await add_network(session)
    item = await _item(session, lippe.id, due_on=date(2026, 2, 1))
    await actions.hand_over(session, lippe.id, item.number, MAX, by=ERIKA, at=T0)
    await actions.set_due(session, lippe.id, item.number, date(2026, 3, 1), by=MAX, at=T0)
    moved = await actions.set_due(session, lippe.id, item.number, None, by=MAX, at=T0)
    assert (moved.owner, moved.due_on) == (MAX, None)
    lines = await action_history.item_history(session, lippe.id, item.id)
    assert [(c.field, c.old_value, c.new_value) for c in lines[1:]] == [
        ("owner", ERIKA, MAX),
        ("due_on", "2026-02-01", "2026-03-01"),
        ("due_on", "2026-03-01", None),
    ]


async def test_changing_a_missing_item_raises_not_found(session):
    """Changing a number that does not exist in the network raises ActionItemNotFound."""
    lippe = await add_network(session)
    with pytest.raises(actions.ActionItemNotFound):
        await actions.mark_done(session, lippe.id, 7, by=ERIKA, at=T0)


async def test_items_are_ordered_by_due_date_with_undated_last(session):
    """Lists put the soonest due date first and items without a date at the end."""
    lippe = await add_network(session)
    await _item(session, lippe.id, "ohne Frist")
    await _item(session, lippe.id, "später", due_on=date(2026, 3, 1))
    await _item(session, lippe.id, "früher", due_on=date(2026, 2, 1))
    found = await actions.items(session, lippe.id)
    assert [i.title for i in found] == ["früher", "später", "ohne Frist"]


async def test_filters_narrow_the_list(session):
    """Owner, status, overdue-before and work package filters each narrow the result."""
    lippe = await add_network(session)
    package = await workpackages.create(
        session,
        network_id=lippe.id,
        title="Serviceportal",
        lead_municipality_id=None,
        owners=[ERIKA],
        topics=[],
        created_by=ERIKA,
        created_at=T0,
    )
    await _item(session, lippe.id, "A", due_on=date(2026, 1, 10), work_package_id=package.id)
    await _item(session, lippe.id, "B", owner=MAX, due_on=date(2026, 1, 20))
    done = await _item(session, lippe.id, "C")
    await actions.mark_done(session, lippe.id, done.number, by=ERIKA, at=T0)
    assert [i.title for i in await actions.items(session, lippe.id, owner=MAX)] == ["B"]
    overdue = await actions.items(session, lippe.id, due_before=date(2026, 1, 15))
    assert [i.title for i in overdue] == ["A"]
    assert overdue[0].work_package_number == package.number
    in_package = await actions.items(session, lippe.id, work_package_id=package.id)
    assert [i.title for i in in_package] == ["A"]
    done_items = await actions.items(session, lippe.id, status=actions.DONE)
    assert [i.title for i in done_items] == ["C"]
    everything = await actions.items(session, lippe.id, status=None)
    assert len(everything) == 3


async def test_open_due_between_includes_both_ends_and_skips_done(session):
    """Open items due within [first, last] are found; done ones and undated ones are not."""
    lippe = await add_network(session)
    for day in (1, 2, 3, 4):
        await _item(session, lippe.id, f"Tag {day}", due_on=date(2026, 2, day))
    await _item(session, lippe.id, "ohne")
    await actions.mark_done(session, lippe.id, 3, by=ERIKA, at=T0)
    found = await actions.open_due_between(session, lippe.id, date(2026, 2, 2), date(2026, 2, 4))
    assert [i.title for i in found] == ["Tag 2", "Tag 4"]
    before = await actions.open_due_between(session, lippe.id, None, date(2026, 2, 2))
    assert [i.title for i in before] == ["Tag 1", "Tag 2"]


async def test_open_due_dates_of_every_network_or_the_named_ones(session):
    """The scheduler's narrow read: open dated items in [first, last], per network, with the
    time of their last change; done and undated ones are left out."""
    lippe, herford = await add_network(session), await add_network(session, "herford")
    for day in (1, 2, 3):
        await _item(session, lippe.id, f"Tag {day}", due_on=date(2026, 2, day))
    await _item(session, lippe.id, "ohne")
    await _item(session, herford.id, "Herford", due_on=date(2026, 2, 2))
    await actions.mark_done(session, lippe.id, 3, by=ERIKA, at=T0 + timedelta(days=1))
    first, last = date(2026, 2, 2), date(2026, 2, 3)

    found = await actions.open_due_dates(session, first, last)
    assert sorted(found) == sorted(
        [
            actions.DueDate(lippe.id, actions.OPEN, date(2026, 2, 2), T0),
            actions.DueDate(herford.id, actions.OPEN, date(2026, 2, 2), T0),
        ]
    )
    only = await actions.open_due_dates(session, first, last, [herford.id])
    assert [item.network_id for item in only] == [herford.id]


async def test_items_created_at_a_meetup(session):
    """Items linked to a meet-up are found for its minutes, in number order."""
    lippe = await add_network(session)
    meetup = await add_meetup(session, lippe.id)
    await _item(session, lippe.id, "davor")
    await _item(session, lippe.id, "im Treffen", meetup_id=meetup.id)
    found = await actions.created_at_meetup(session, lippe.id, meetup.id)
    assert [i.title for i in found] == ["im Treffen"]


async def test_links_to_another_networks_rows_are_refused(session):
    """A work package or meet-up of another network cannot be linked (invariant 9)."""
    lippe = await add_network(session, "lippe")
    owl = await add_network(session, "owl")
    foreign_meetup = await add_meetup(session, owl.id)
    foreign_package = await workpackages.create(
        session,
        network_id=owl.id,
        title="OWL",
        lead_municipality_id=None,
        owners=[MAX],
        topics=[],
        created_by=MAX,
        created_at=T0,
    )
    with pytest.raises(MeetupNotFound):
        await _item(session, lippe.id, meetup_id=foreign_meetup.id)
    with pytest.raises(actions.WorkPackageNotInNetwork):
        await _item(session, lippe.id, work_package_id=foreign_package.id)
    assert await actions.numbers(session, lippe.id) == []


async def test_counts_by_work_package(session):
    """Open and done items are counted per work package."""
    lippe = await add_network(session)
    package = await workpackages.create(
        session,
        network_id=lippe.id,
        title="E-Akte",
        lead_municipality_id=None,
        owners=[ERIKA],
        topics=[],
        created_by=ERIKA,
        created_at=T0,
    )
    for _ in range(3):
        await _item(session, lippe.id, work_package_id=package.id)
    await actions.mark_done(session, lippe.id, 2, by=ERIKA, at=T0)
    counts = await actions.counts_by_work_package(session, lippe.id)
    assert counts == {package.id: {actions.OPEN: 2, actions.DONE: 1}}


async def test_network_users_come_from_all_stored_data(session):
    """Owners, creators, package owners, agenda owners and RSVPs are known users."""
    lippe = await add_network(session, "lippe")
    owl = await add_network(session, "owl")
    await _item(session, lippe.id)
    meetup = await add_meetup(session, lippe.id)
    await agenda.add_item(
        session,
        network_id=lippe.id,
        meetup_id=meetup.id,
        title="TOP",
        duration_minutes=None,
        owner="@jana:example.org",
        created_at=T0,
    )
    await rsvps.set_answer(
        session,
        network_id=lippe.id,
        meetup_id=meetup.id,
        user_id="@olaf:example.org",
        answer="yes",
        source="command",
        updated_at=T0,
    )
    await _item(session, owl.id, owner="@owl:example.org")
    assert await actions.network_users(session, lippe.id) == {
        ERIKA,
        MAX,
        "@jana:example.org",
        "@olaf:example.org",
    }


async def test_a_meetup_deleted_keeps_its_items(session):
    """Deleting a meet-up leaves its items, unlinked (ON DELETE SET NULL)."""
    lippe = await add_network(session)
    meetup = await add_meetup(session, lippe.id)
    await _item(session, lippe.id, meetup_id=meetup.id)
    await session.commit()
    # No command deletes a meet-up; an operator might, with SQL.
    await session.execute(text("DELETE FROM meetups WHERE id = :id"), {"id": meetup.id})
    session.expire_all()
    item = await actions.get_item(session, lippe.id, 1)
    assert item is not None and item.meetup_id is None


async def test_the_number_is_unique_per_network(session):
    """Two rows with the same network and number are refused by the database."""
    lippe = await add_network(session)
    await _item(session, lippe.id)
    session.add(
        ActionItem(
            network_id=lippe.id,
            number=1,
            title="Doppelt",
            owner=ERIKA,
            created_by=ERIKA,
            due_on=None,
            status="open",
            work_package_id=None,
            meetup_id=None,
            topics=[],
            created_at=T0,
            updated_at=T0,
        )
    )
    with pytest.raises(IntegrityError):
        await session.flush()


@pytest.mark.sqlite_only("SQLite's query plan; PostgreSQL's planner picks by table size")
@pytest.mark.parametrize("built", ["migrated", "in one step"])
async def test_the_open_list_reads_one_screen_in_order_from_an_index(
    engine: AsyncEngine, empty_engine: AsyncEngine, built: str
) -> None:
    """`!aufgaben`'s first screen comes from the list-order index, not from sorting every
    open item of the network, whichever way the schema was built."""
    if built == "in one step":
        await prepare(empty_engine)
        engine = empty_engine
    ran: list[tuple[str, Any]] = []

    def remember(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        ran.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", remember)
    async with session_factory(engine)() as session:
        lippe = await add_network(session)
        await _item(session, lippe.id, due_on=date(2026, 12, 9))
        await _item(session, lippe.id)
        ran.clear()
        listed = await actions.items(session, lippe.id, limit=20)
        assert [item.due_on for item in listed] == [date(2026, 12, 9), None]
        [(statement, parameters)] = ran
        connection = await session.connection()
        plan = await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        steps = [row[-1] for row in plan]
    assert any("ix_action_items_list_order" in step for step in steps), steps
    assert not any("TEMP B-TREE FOR ORDER BY" in step for step in steps), steps
