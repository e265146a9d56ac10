"""Agenda items: appending, order kept 1..n through remove and move, deferring, isolation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from storage import agenda, meetups
from storage.records import AgendaItemRecord
from tests.storage.support import T0, add_meetup, add_network

ANNA = "@anna:example.org"
BEN = "@ben:example.org"


async def add(
    session: AsyncSession, network_id: int, meetup_id: int, title: str, owner: str = ANNA
) -> AgendaItemRecord:
    return await agenda.add_item(
        session,
        network_id=network_id,
        meetup_id=meetup_id,
        title=title,
        duration_minutes=15,
        owner=owner,
        created_at=T0,
    )


async def titles(session: AsyncSession, network_id: int, meetup_id: int) -> list[tuple[int, str]]:
    found = await agenda.items(session, network_id, meetup_id, include_deferred=True)
    return [(item.position, item.title) for item in found]


async def test_add_item_appends_with_the_next_position(session: AsyncSession) -> None:
    """Items get positions 1, 2, 3 per meet-up, and come back in that order."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    other = await add_meetup(session, network.id, T0 + timedelta(days=28))
    first = await add(session, network.id, meetup.id, "OZG-Umsetzung")
    await add(session, network.id, meetup.id, "Breitband", owner=BEN)
    await add(session, network.id, other.id, "Anderes Treffen")
    await add(session, network.id, meetup.id, "Verschiedenes")

    assert first == AgendaItemRecord(
        id=first.id,
        network_id=network.id,
        meetup_id=meetup.id,
        position=1,
        title="OZG-Umsetzung",
        duration_minutes=15,
        owner=ANNA,
        status="open",
        carried_from_id=None,
        created_at=T0,
    )
    assert await titles(session, network.id, meetup.id) == [
        (1, "OZG-Umsetzung"),
        (2, "Breitband"),
        (3, "Verschiedenes"),
    ]
    assert await titles(session, network.id, other.id) == [(1, "Anderes Treffen")]


async def test_item_on_another_networks_meetup_is_refused(session: AsyncSession) -> None:
    """Adding to network A's meet-up with network B's id raises MeetupNotFound."""
    lippe = await add_network(session, "lippe")
    herford = await add_network(session, "herford")
    meetup = await add_meetup(session, lippe.id)
    with pytest.raises(meetups.MeetupNotFound):
        await add(session, herford.id, meetup.id, "Eingeschmuggelt")
    assert await agenda.items(session, lippe.id, meetup.id) == []


async def test_items_of_another_network_are_not_found(session: AsyncSession) -> None:
    """Network B's id lists, finds, removes, moves and defers none of network A's items."""
    lippe = await add_network(session, "lippe")
    herford = await add_network(session, "herford")
    meetup = await add_meetup(session, lippe.id)
    theirs = await add_meetup(session, herford.id, T0 + timedelta(days=1))
    item = await add(session, lippe.id, meetup.id, "OZG")

    assert await agenda.items(session, herford.id, meetup.id) == []
    assert await agenda.item_at(session, herford.id, meetup.id, 1) is None
    with pytest.raises(agenda.AgendaItemNotFound):
        await agenda.remove_item(session, herford.id, item.id, at=T0)
    with pytest.raises(agenda.AgendaItemNotFound):
        await agenda.move_item(session, herford.id, item.id, 1, at=T0)
    with pytest.raises(agenda.AgendaItemNotFound):
        await agenda.defer_item(session, herford.id, item.id, to_meetup_id=theirs.id, at=T0)
    assert await agenda.items(session, lippe.id, meetup.id) == [item]


async def test_item_at_finds_by_position(session: AsyncSession) -> None:
    """item_at returns the item a user means by its number, None past the end."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    await add(session, network.id, meetup.id, "A")
    second = await add(session, network.id, meetup.id, "B")
    assert await agenda.item_at(session, network.id, meetup.id, 2) == second
    assert await agenda.item_at(session, network.id, meetup.id, 3) is None


async def test_remove_item_renumbers_the_rest(session: AsyncSession) -> None:
    """Removing item 2 of 4 leaves positions 1..3 in the old order."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    items = [await add(session, network.id, meetup.id, title) for title in "ABCD"]

    await agenda.remove_item(session, network.id, items[1].id, at=T0)

    assert await titles(session, network.id, meetup.id) == [(1, "A"), (2, "C"), (3, "D")]
    assert (await add(session, network.id, meetup.id, "E")).position == 4


@pytest.mark.parametrize(
    ("new_position", "expected"),
    [
        (1, "DABC"),
        (2, "ADBC"),
        (4, "ABCD"),
        (0, "DABC"),
        (99, "ABCD"),
    ],
)
async def test_move_item_clamps_and_renumbers(
    session: AsyncSession, new_position: int, expected: str
) -> None:
    """Moving item 4 puts it at the asked place, clamped to 1..n, and renumbers 1..n."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    items = [await add(session, network.id, meetup.id, title) for title in "ABCD"]

    order = await agenda.move_item(session, network.id, items[3].id, new_position, at=T0)

    assert [(item.position, item.title) for item in order] == list(enumerate(expected, start=1))
    assert await titles(session, network.id, meetup.id) == list(enumerate(expected, start=1))


async def test_move_item_down(session: AsyncSession) -> None:
    """Moving the first item to 3 shifts the ones it passes up by one."""
    network = await add_network(session)
    meetup = await add_meetup(session, network.id)
    items = [await add(session, network.id, meetup.id, title) for title in "ABCD"]
    order = await agenda.move_item(session, network.id, items[0].id, 3, at=T0)
    assert [item.title for item in order] == ["B", "C", "A", "D"]


async def test_defer_item_marks_old_and_copies_to_target(session: AsyncSession) -> None:
    """The deferred item keeps its place marked deferred; a copy ends the next agenda."""
    network = await add_network(session)
    today = await add_meetup(session, network.id)
    next_month = await add_meetup(session, network.id, T0 + timedelta(days=28))
    await add(session, network.id, next_month.id, "Schon geplant")
    items = [await add(session, network.id, today.id, title) for title in "ABC"]
    at = T0 + timedelta(hours=2)

    copy = await agenda.defer_item(
        session, network.id, items[1].id, to_meetup_id=next_month.id, at=at
    )

    assert copy == AgendaItemRecord(
        id=copy.id,
        network_id=network.id,
        meetup_id=next_month.id,
        position=2,
        title="B",
        duration_minutes=15,
        owner=ANNA,
        status="open",
        carried_from_id=items[1].id,
        created_at=at,
    )
    assert [i.title for i in await agenda.items(session, network.id, today.id)] == ["A", "C"]
    with_deferred = await agenda.items(session, network.id, today.id, include_deferred=True)
    assert [(i.position, i.title, i.status) for i in with_deferred] == [
        (1, "A", "open"),
        (2, "B", "deferred"),
        (3, "C", "open"),
    ]


async def test_defer_twice_or_to_own_meetup_is_refused(session: AsyncSession) -> None:
    """A deferred item cannot be deferred again, nor an item to its own meet-up."""
    network = await add_network(session)
    today = await add_meetup(session, network.id)
    later = await add_meetup(session, network.id, T0 + timedelta(days=28))
    item = await add(session, network.id, today.id, "A")
    with pytest.raises(ValueError):
        await agenda.defer_item(session, network.id, item.id, to_meetup_id=today.id, at=T0)
    await agenda.defer_item(session, network.id, item.id, to_meetup_id=later.id, at=T0)
    with pytest.raises(agenda.AlreadyDeferred):
        await agenda.defer_item(session, network.id, item.id, to_meetup_id=later.id, at=T0)
    assert len(await agenda.items(session, network.id, later.id)) == 1


async def test_defer_to_another_networks_meetup_is_refused(session: AsyncSession) -> None:
    """The target meet-up must belong to the same network; nothing changes otherwise."""
    lippe = await add_network(session, "lippe")
    herford = await add_network(session, "herford")
    today = await add_meetup(session, lippe.id)
    theirs = await add_meetup(session, herford.id, T0 + timedelta(days=28))
    item = await add(session, lippe.id, today.id, "A")
    with pytest.raises(meetups.MeetupNotFound):
        await agenda.defer_item(session, lippe.id, item.id, to_meetup_id=theirs.id, at=T0)
    assert await agenda.items(session, lippe.id, today.id) == [item]


async def test_removing_the_original_unlinks_the_copy(session: AsyncSession) -> None:
    """When the deferred original is removed, its copy stays and loses the back link."""
    network = await add_network(session)
    today = await add_meetup(session, network.id)
    later = await add_meetup(session, network.id, T0 + timedelta(days=28))
    item = await add(session, network.id, today.id, "A")
    copy = await agenda.defer_item(session, network.id, item.id, to_meetup_id=later.id, at=T0)

    await agenda.remove_item(session, network.id, item.id, at=T0)

    (left,) = await agenda.items(session, network.id, later.id)
    assert (left.id, left.carried_from_id) == (copy.id, None)


async def test_add_item_checks_duration_and_origin(session: AsyncSession) -> None:
    """A non-positive duration, or an origin item of another network, is refused."""
    lippe = await add_network(session, "lippe")
    herford = await add_network(session, "herford")
    ours = await add_meetup(session, lippe.id)
    theirs = await add_meetup(session, herford.id)
    foreign = await add(session, herford.id, theirs.id, "Deren Thema")
    with pytest.raises(ValueError):
        await agenda.add_item(
            session,
            network_id=lippe.id,
            meetup_id=ours.id,
            title="A",
            duration_minutes=0,
            owner=ANNA,
            created_at=T0,
        )
    with pytest.raises(agenda.AgendaItemNotFound):
        await agenda.add_item(
            session,
            network_id=lippe.id,
            meetup_id=ours.id,
            title="A",
            duration_minutes=None,
            owner=ANNA,
            created_at=T0,
            carried_from_id=foreign.id,
        )
    assert await agenda.items(session, lippe.id, ours.id) == []


async def test_every_agenda_change_moves_its_meetups_updated_at(session: AsyncSession) -> None:
    """Adding, moving, deferring and removing an item each stamp the meet-up(s) it changed,
    and no other: the subscribed calendar shows the agenda and takes only a new stamp as news."""
    network = await add_network(session)
    today = await add_meetup(session, network.id)
    later = await add_meetup(session, network.id, T0 + timedelta(days=28))
    untouched = await add_meetup(session, network.id, T0 + timedelta(days=56))

    async def stamps() -> list[object]:
        found = [await meetups.get_meetup(session, network.id, m.id) for m in (today, later)]
        return [m.updated_at if m else None for m in found]

    first = await add(session, network.id, today.id, "A")
    second = await add(session, network.id, today.id, "B")
    assert await stamps() == [T0, T0]
    await agenda.move_item(session, network.id, second.id, 1, at=T0 + timedelta(minutes=1))
    assert await stamps() == [T0 + timedelta(minutes=1), T0]
    await agenda.defer_item(
        session, network.id, first.id, to_meetup_id=later.id, at=T0 + timedelta(minutes=2)
    )
    assert await stamps() == [T0 + timedelta(minutes=2)] * 2
    await agenda.remove_item(session, network.id, second.id, at=T0 + timedelta(minutes=3))
    assert await stamps() == [T0 + timedelta(minutes=3), T0 + timedelta(minutes=2)]
    assert await meetups.get_meetup(session, network.id, untouched.id) == untouched
