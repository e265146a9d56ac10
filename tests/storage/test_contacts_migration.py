"""Migration 0003 (contacts): from an empty database, from a 0002 database with data, and back."""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic import command
from sqlalchemy import Connection, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import contacts, meetups, networks
from storage.bundled import bundled_municipalities
from storage.db import session_factory
from storage.migrate import MIGRATIONS_DIR, alembic_config, current_revision, upgrade
from storage.models import Municipality
from tests.storage.support import T0, add_meetup, add_network

CONTACT_TABLES = {"contacts", "contact_changes"}


def migrations_up_to(tmp_path: Path, last: str) -> Path:
    """A copy of the migrations that ends at revision `last`."""
    target = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    for path in (target / "versions").glob("0*.py"):
        if path.name[:4] > last:
            path.unlink()
    return target


def shape(sync_conn: Connection) -> dict[str, object]:
    """Tables, the contacts' columns, unique constraints and foreign keys."""
    inspector = inspect(sync_conn)
    return {
        "tables": set(inspector.get_table_names()),
        "columns": {c["name"]: c["nullable"] for c in inspector.get_columns("contacts")},
        "unique": [u["column_names"] for u in inspector.get_unique_constraints("contacts")],
        "foreign": {
            fk["referred_table"]: fk["options"].get("ondelete")
            for fk in inspector.get_foreign_keys("contact_changes")
        },
    }


async def test_empty_database_gets_the_contact_tables(
    tmp_path: Path, empty_engine: AsyncEngine
) -> None:
    """A fresh database gets contacts and contact_changes with the expected shape."""
    engine = empty_engine
    try:
        await upgrade(engine, migrations=migrations_up_to(tmp_path, "0003"))
        assert await current_revision(engine) == "0003"
        async with engine.connect() as conn:
            found = await conn.run_sync(shape)
    finally:
        await engine.dispose()
    assert found["tables"] >= CONTACT_TABLES
    assert found["columns"]["name"] is True  # drafts; the CHECK keeps the rest complete
    assert found["columns"]["topics"] is False
    assert ["network_id", "matrix_id"] in found["unique"]
    assert found["foreign"] == {"networks": "CASCADE", "contacts": "SET NULL"}


async def test_0003_upgrades_a_0002_database_and_keeps_its_data(
    tmp_path: Path, empty_engine: AsyncEngine
) -> None:
    """Networks, municipalities and meet-ups written under 0002 survive 0003, which then works."""
    engine = empty_engine
    sessions = session_factory(engine)
    try:
        assert await upgrade(engine, migrations=migrations_up_to(tmp_path, "0002")) == "0002"
        async with sessions() as session:
            network = await add_network(session)
            await networks.seed_municipalities(session, network.id, bundled_municipalities("lippe"))
            meetup = await add_meetup(session, network.id)
            await session.commit()
        async with engine.connect() as conn:
            assert not CONTACT_TABLES & set(
                await conn.run_sync(lambda sync: inspect(sync).get_table_names())
            )

        await upgrade(engine)

        async with sessions() as session:
            assert len((await session.scalars(select(Municipality))).all()) == 17
            assert await meetups.get_meetup(session, network.id, meetup.id) == meetup
            lemgo = next(
                m
                for m in await networks.list_municipalities(session, network.id)
                if m.name == "Lemgo"
            )
            record = await contacts.create(
                session,
                network_id=network.id,
                values={"name": "Erika Musterfrau", "municipality_id": lemgo.id},
                changed_by="@anna:example.org",
                at=T0,
            )
            await session.commit()
            assert (await contacts.directory(session, network.id)) == [record]
    finally:
        await engine.dispose()


async def test_0003_downgrades_to_0002_and_back(tmp_path: Path, empty_engine: AsyncEngine) -> None:
    """Downgrading drops only the contact tables; upgrading again restores them empty."""
    engine = empty_engine
    migrations = migrations_up_to(tmp_path, "0003")
    try:
        await upgrade(engine, migrations=migrations)

        def downgrade(sync_conn: Connection) -> None:
            config = alembic_config(migrations)
            config.attributes["connection"] = sync_conn
            command.downgrade(config, "0002")
            sync_conn.commit()

        async with engine.connect() as conn:
            await conn.run_sync(downgrade)
            tables = set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))
        assert await current_revision(engine) == "0002"
        assert not CONTACT_TABLES & tables
        assert {"meetups", "municipalities"} <= tables

        await upgrade(engine, migrations=migrations)
        async with engine.connect() as conn:
            count = (await conn.execute(text("SELECT count(*) FROM contacts"))).scalar()
        assert count == 0
    finally:
        await engine.dispose()
