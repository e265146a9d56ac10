"""Migration 0004 (work packages, action items, history): fresh, from a 0003 database, back."""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic import command
from sqlalchemy import Connection, inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import contacts, networks
from storage.bundled import bundled_municipalities
from storage.db import session_factory
from storage.migrate import MIGRATIONS_DIR, alembic_config, current_revision, upgrade
from storage.models import Municipality
from tests.storage.support import add_network

ACTION_TABLES = {"work_packages", "work_package_owners", "action_items", "action_changes"}


def until_0003(tmp_path: Path) -> Path:
    """A copy of the migrations that ends at 0003, to build a database as issue 5 left it."""
    target = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    for path in (target / "versions").glob("0*.py"):
        if path.name[:4] > "0003":
            path.unlink()
    return target


async def tables(engine) -> set[str]:
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))


async def test_fresh_database_gets_the_action_tables(empty_engine: AsyncEngine) -> None:
    """An empty database migrated to head has all four tables and is at 0004 or later."""
    engine = empty_engine
    try:
        await upgrade(engine)
        assert await tables(engine) >= ACTION_TABLES
        assert (await current_revision(engine)) >= "0004"
    finally:
        await engine.dispose()


async def test_0004_upgrades_a_0003_database_and_keeps_its_data(
    tmp_path: Path, empty_engine: AsyncEngine
) -> None:
    """Networks, municipalities and a contact written under 0003 survive 0004 unchanged."""
    engine = empty_engine
    sessions = session_factory(engine)
    try:
        assert await upgrade(engine, migrations=until_0003(tmp_path)) == "0003"
        assert not ACTION_TABLES & await tables(engine)
        async with engine.begin() as conn:
            await conn.exec_driver_sql(
                "INSERT INTO networks (key, room_id, name, timezone, language, holiday_region,"
                " created_at) VALUES ('lippe', '!lippe:example.org', 'IKZ Lippe',"
                " 'Europe/Berlin', 'de', 'NW', '2026-01-13 09:00:00')"
            )
            await conn.exec_driver_sql(
                "INSERT INTO municipalities (network_id, name, kind) VALUES (1, 'Lemgo', 'Stadt')"
            )
            await conn.exec_driver_sql(
                "INSERT INTO contacts (network_id, name, municipality_id, matrix_id, topics,"
                " created_at, updated_at) VALUES (1, 'Erika Musterfrau', 1,"
                " '@erika:example.org', '[\"ozg\"]', '2026-01-13 09:00:00',"
                " '2026-01-13 09:00:00')"
            )

        await upgrade(engine)

        assert await tables(engine) >= ACTION_TABLES
        async with sessions() as session:
            (lippe,) = await networks.list_networks(session)
            found = await contacts.by_matrix_ids(session, lippe.id, ["@erika:example.org"])
            assert found["@erika:example.org"].name == "Erika Musterfrau"
            assert found["@erika:example.org"].municipality == "Lemgo"
    finally:
        await engine.dispose()


async def test_0004_downgrades_to_0003_and_back(tmp_path: Path, empty_engine: AsyncEngine) -> None:
    """Downgrading 0004 drops exactly its tables and keeps the rest; upgrading redoes it."""
    engine = empty_engine
    sessions = session_factory(engine)
    try:
        await upgrade(engine)
        async with sessions.begin() as session:
            network = await add_network(session)
            await networks.seed_municipalities(session, network.id, bundled_municipalities("lippe"))
        before = await tables(engine)

        def downgrade(sync_conn: Connection) -> None:
            config = alembic_config()
            config.attributes["connection"] = sync_conn
            command.downgrade(config, "0003")
            sync_conn.commit()

        async with engine.connect() as conn:
            await conn.run_sync(downgrade)

        assert await current_revision(engine) == "0003"
        assert await tables(engine) == before - ACTION_TABLES - {
            "direct_chat_networks",
            "subscriptions",
        }
        await upgrade(engine)
        assert await tables(engine) == before
        async with sessions() as session:
            assert len((await session.scalars(select(Municipality))).all()) == 17
    finally:
        await engine.dispose()
