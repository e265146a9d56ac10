"""Networks and municipalities: sync from config, isolation, seeding, German order."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage import networks
from storage.bundled import bundled_municipalities
from storage.collation import german_key
from storage.models import Municipality, Network
from storage.records import NetworkRecord
from tests.storage.support import T0

LIPPE_IN_ORDER = [
    "Augustdorf",
    "Bad Salzuflen",
    "Barntrup",
    "Blomberg",
    "Detmold",
    "Dörentrup",
    "Extertal",
    "Horn-Bad Meinberg",
    "Kalletal",
    "Kreis Lippe",
    "Lage",
    "Lemgo",
    "Leopoldshöhe",
    "Lügde",
    "Oerlinghausen",
    "Schieder-Schwalenberg",
    "Schlangen",
]


async def sync(
    session: AsyncSession, key: str = "lippe", room_id: str = "!lippe:example.org", **changes: str
) -> NetworkRecord:
    settings = {
        "name": "IKZ Lippe",
        "timezone": "Europe/Berlin",
        "language": "de",
        "holiday_region": "NW",
    } | changes
    return await networks.sync_network(session, key=key, room_id=room_id, created_at=T0, **settings)


async def test_sync_network_inserts_a_new_network(session: AsyncSession) -> None:
    """An unknown key creates the network with the given settings."""
    record = await sync(session)
    assert record == NetworkRecord(
        id=record.id,
        key="lippe",
        room_id="!lippe:example.org",
        name="IKZ Lippe",
        timezone="Europe/Berlin",
        language="de",
        holiday_region="NW",
    )
    assert await networks.network_by_room(session, "!lippe:example.org") == record


async def test_sync_network_updates_settings_and_keeps_the_id(session: AsyncSession) -> None:
    """A known key updates name, language etc. in place; no second row appears."""
    first = await sync(session)
    second = await sync(session, name="IKZ Kreis Lippe", language="en")
    assert second.id == first.id
    assert (second.name, second.language) == ("IKZ Kreis Lippe", "en")
    assert await networks.list_networks(session) == [second]


async def test_sync_network_follows_a_room_move(session: AsyncSession) -> None:
    """A known key with a new room id moves the network (and its data) to the new room."""
    first = await sync(session)
    moved = await sync(session, room_id="!new-lippe:example.org")
    assert moved.id == first.id
    assert await networks.network_by_room(session, "!lippe:example.org") is None
    assert await networks.network_by_room(session, "!new-lippe:example.org") == moved


async def test_a_room_cannot_serve_two_networks(session: AsyncSession) -> None:
    """Syncing a second key onto a room that another network has raises RoomTaken."""
    await sync(session)
    with pytest.raises(networks.RoomTaken, match="lippe"):
        await sync(session, key="herford")


async def test_network_by_unknown_room_is_none(session: AsyncSession) -> None:
    """A room no network uses (e.g. a DM) has no network."""
    await sync(session)
    assert await networks.network_by_room(session, "!dm:example.org") is None


async def test_list_networks_in_creation_order(session: AsyncSession) -> None:
    """All networks are listed, oldest first."""
    lippe = await sync(session)
    herford = await sync(session, key="herford", room_id="!herford:example.org")
    assert await networks.list_networks(session) == [lippe, herford]


async def test_municipalities_belong_to_their_network(session: AsyncSession) -> None:
    """One network's municipalities are never listed for another network."""
    lippe = await sync(session)
    herford = await sync(session, key="herford", room_id="!herford:example.org")
    await networks.seed_municipalities(session, lippe.id, [("Detmold", "Stadt")])
    await networks.seed_municipalities(session, herford.id, [("Bünde", "Stadt")])

    assert [m.name for m in await networks.list_municipalities(session, lippe.id)] == ["Detmold"]
    assert [m.name for m in await networks.list_municipalities(session, herford.id)] == ["Bünde"]


async def test_same_name_may_exist_in_two_networks(session: AsyncSession) -> None:
    """Municipality names are unique per network, not globally."""
    lippe = await sync(session)
    herford = await sync(session, key="herford", room_id="!herford:example.org")
    assert await networks.seed_municipalities(session, lippe.id, [("Vlotho", "Stadt")]) == 1
    assert await networks.seed_municipalities(session, herford.id, [("Vlotho", "Stadt")]) == 1


async def test_seeding_twice_adds_nothing_the_second_time(session: AsyncSession) -> None:
    """Seeding the bundled Lippe list adds 17 municipalities once, then 0."""
    lippe = await sync(session)
    bundled = bundled_municipalities("lippe")
    assert await networks.seed_municipalities(session, lippe.id, bundled) == 17
    assert await networks.seed_municipalities(session, lippe.id, bundled) == 0
    assert len(await networks.list_municipalities(session, lippe.id)) == 17


async def test_seeding_adds_only_missing_and_never_edits(session: AsyncSession) -> None:
    """Existing municipalities keep their kind; only new names are added; none removed."""
    lippe = await sync(session)
    await networks.seed_municipalities(session, lippe.id, [("Lage", "Stadt"), ("Alt", None)])
    added = await networks.seed_municipalities(
        session, lippe.id, [("Lage", "Gemeinde"), ("Lemgo", "Stadt"), ("Lemgo", "Stadt")]
    )
    listed = {m.name: m.kind for m in await networks.list_municipalities(session, lippe.id)}
    assert added == 1
    assert listed == {"Alt": None, "Lage": "Stadt", "Lemgo": "Stadt"}


def test_bundled_lippe_list() -> None:
    """The bundled Lippe list has the 16 towns and municipalities plus the Kreis."""
    bundled = bundled_municipalities("lippe")
    assert len(bundled) == 17
    assert ("Kreis Lippe", "Kreis") in bundled
    assert ("Dörentrup", "Gemeinde") in bundled
    assert sorted(name for name, _ in bundled) == sorted(LIPPE_IN_ORDER)


def test_unknown_bundled_list_names_the_available_ones() -> None:
    """Asking for a list that is not bundled raises KeyError that lists what exists."""
    with pytest.raises(KeyError, match="lippe"):
        bundled_municipalities("atlantis")


async def test_municipalities_are_listed_in_german_order(session: AsyncSession) -> None:
    """Umlauts sort as their base letter: Detmold, Dörentrup, Extertal."""
    lippe = await sync(session)
    await networks.seed_municipalities(
        session, lippe.id, list(reversed(bundled_municipalities("lippe")))
    )
    names = [m.name for m in await networks.list_municipalities(session, lippe.id)]
    assert names == LIPPE_IN_ORDER


def test_german_key_folds_umlauts_sharp_s_and_case() -> None:
    """DIN 5007-1 order: Ä with A, Ö with O, Ü with U, ß as ss, case ignored."""
    names = [
        "Zell",
        "übach",
        "Ulm",
        "Ottersberg",
        "Öhringen",
        "ärzen",
        "Aachen",
        "Strasse",
        "Straße",
    ]
    assert sorted(names, key=german_key) == [
        "Aachen",
        "ärzen",
        "Öhringen",
        "Ottersberg",
        "Strasse",
        "Straße",
        "übach",
        "Ulm",
        "Zell",
    ]


async def test_deleting_a_network_deletes_its_municipalities(session: AsyncSession) -> None:
    """Foreign keys are enforced: removing a network cascades to its municipalities."""
    lippe = await sync(session)
    herford = await sync(session, key="herford", room_id="!herford:example.org")
    await networks.seed_municipalities(session, lippe.id, bundled_municipalities("lippe"))
    await networks.seed_municipalities(session, herford.id, [("Bünde", "Stadt")])
    await session.commit()

    await session.execute(delete(Network).where(Network.id == lippe.id))
    await session.commit()

    remaining = (await session.scalars(select(Municipality.name))).all()
    assert remaining == ["Bünde"]


async def test_municipality_needs_an_existing_network(session: AsyncSession) -> None:
    """Foreign keys are enforced: a municipality of a missing network is rejected."""
    with pytest.raises(IntegrityError):
        await networks.seed_municipalities(session, 4711, [("Nirgendwo", None)])
    await session.rollback()
    count = await session.scalar(select(func.count()).select_from(Municipality))
    assert count == 0
