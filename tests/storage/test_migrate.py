"""Migrations: fresh database to head, idempotence, refusal of unknown revisions, atomicity."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage import networks
from storage.bundled import bundled_municipalities
from storage.db import create_engine
from storage.migrate import (
    MIGRATIONS_DIR,
    DatabaseTooNew,
    current_revision,
    head_revision,
    new_revision,
    upgrade,
)
from storage.models import Base, Municipality
from tests.storage.conftest import T0, sqlite_url

TABLES = {"networks", "municipalities", "handled_events", "deliveries", "bot_state"}


async def table_names(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))


def copy_migrations(tmp_path: Path) -> Path:
    """A private copy of the migrations a test may add revisions to."""
    target = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def add_revision(migrations: Path, upgrade_body: str) -> None:
    (migrations / "versions" / "0002_test.py").write_text(
        '"""Test revision."""\n'
        "import sqlalchemy as sa\n"
        "from alembic import op\n\n"
        'revision = "0002"\n'
        'down_revision = "0001"\n'
        "branch_labels = None\n"
        "depends_on = None\n\n\n"
        "def upgrade():\n"
        f"{upgrade_body}\n\n\n"
        "def downgrade():\n"
        "    pass\n"
    )


async def seed_lippe(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        network = await networks.sync_network(
            session,
            key="lippe",
            room_id="!lippe:example.org",
            name="IKZ Lippe",
            timezone="Europe/Berlin",
            language="de",
            holiday_region="NW",
            created_at=T0,
        )
        await networks.seed_municipalities(session, network.id, bundled_municipalities("lippe"))


async def test_fresh_database_reaches_head_with_every_table(tmp_path: Path) -> None:
    """An empty database is migrated to the head revision and has all tables."""
    engine = create_engine(sqlite_url(tmp_path / "ikz.sqlite3"))
    try:
        assert await current_revision(engine) is None
        assert await upgrade(engine) == head_revision() == "0001"
        assert await current_revision(engine) == "0001"
        assert await table_names(engine) == TABLES | {"alembic_version"}
    finally:
        await engine.dispose()


async def test_migrated_schema_matches_the_models(engine: AsyncEngine) -> None:
    """The hand-written migrations produce exactly the schema storage/models.py describes."""

    def differences(sync_conn: object) -> list[object]:
        context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as conn:
        assert await conn.run_sync(differences) == []


async def test_upgrade_twice_is_a_no_op(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """Upgrading an up-to-date database changes nothing and keeps the data."""
    await seed_lippe(sessions)
    assert await upgrade(engine) == "0001"
    assert await current_revision(engine) == "0001"
    async with sessions() as session:
        assert len((await session.scalars(select(Municipality))).all()) == 17


async def test_unknown_revision_is_refused_and_left_alone(engine: AsyncEngine) -> None:
    """A database stamped by a newer ikz-bot raises DatabaseTooNew and is not changed."""
    async with engine.begin() as conn:
        await conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    before = await table_names(engine)

    with pytest.raises(DatabaseTooNew) as refused:
        await upgrade(engine)

    assert refused.value.revision == "9999"
    assert "'9999'" in str(refused.value)
    assert "Upgrade ikz-bot" in str(refused.value)
    assert await current_revision(engine) == "9999"
    assert await table_names(engine) == before


async def test_failing_revision_leaves_database_as_it_was(
    tmp_path: Path, engine: AsyncEngine
) -> None:
    """A revision that fails halfway is rolled back, DDL included (SQLite too)."""
    migrations = copy_migrations(tmp_path)
    add_revision(
        migrations,
        '    op.create_table("scratch", sa.Column("id", sa.Integer(), primary_key=True))\n'
        '    raise RuntimeError("boom")',
    )

    with pytest.raises(RuntimeError, match="boom"):
        await upgrade(engine, migrations=migrations)

    assert await current_revision(engine) == "0001"
    assert "scratch" not in await table_names(engine)


async def test_table_rebuild_in_a_revision_keeps_child_rows(
    tmp_path: Path, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """Rebuilding the networks table (SQLite batch mode) does not cascade-delete municipalities."""
    await seed_lippe(sessions)
    migrations = copy_migrations(tmp_path)
    add_revision(
        migrations,
        '    with op.batch_alter_table("networks", recreate="always") as batch:\n'
        '        batch.add_column(sa.Column("note", sa.String(), nullable=True))',
    )

    assert await upgrade(engine, migrations=migrations) == "0002"

    async with sessions() as session:
        assert len((await session.scalars(select(Municipality))).all()) == 17


async def test_upgrade_restores_normal_connection_settings(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """After upgrade, pooled connections have foreign keys on and roll back uncommitted work."""
    await upgrade(engine)
    async with engine.connect() as conn:
        assert (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
    async with sessions() as session:
        await networks.sync_network(
            session,
            key="lippe",
            room_id="!lippe:example.org",
            name="IKZ Lippe",
            timezone="Europe/Berlin",
            language="de",
            holiday_region="NW",
            created_at=T0,
        )
        await session.rollback()
    async with sessions() as session:
        assert await networks.list_networks(session) == []


def test_new_revision_is_numbered_after_head(tmp_path: Path) -> None:
    """The developer helper writes the next numbered revision from the template."""
    migrations = copy_migrations(tmp_path)
    path = new_revision("add contacts", migrations)
    assert path.name == "0002_add_contacts.py"
    assert head_revision(migrations) == "0002"
    source = path.read_text()
    compile(source, str(path), "exec")
    assert "down_revision: str | None = '0001'" in source
