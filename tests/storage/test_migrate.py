"""Migrations: fresh database to head, 0001 -> 0002 with data, refusal, atomicity."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage import deliveries, networks
from storage.bundled import bundled_municipalities
from storage.db import session_factory
from storage.migrate import (
    MIGRATIONS_DIR,
    DatabaseTooNew,
    alembic_config,
    current_revision,
    head_revision,
    new_revision,
    upgrade,
)
from storage.models import Base, Municipality
from tests.storage.support import T0, add_network

TABLES = {
    "networks",
    "municipalities",
    "handled_events",
    "deliveries",
    "bot_state",
    "meetup_series",
    "meetups",
    "agenda_items",
    "rsvps",
    "decisions",
    "post_settings",
    "contacts",
    "contact_changes",
    "work_packages",
    "work_package_owners",
    "action_items",
    "action_changes",
    "direct_chat_networks",
    "subscriptions",
}
MEETUP_TABLES = {"meetup_series", "meetups", "agenda_items", "rsvps", "decisions", "post_settings"}
CONTACT_TABLES = {"contacts", "contact_changes"}
ACTION_TABLES = {"work_packages", "work_package_owners", "action_items", "action_changes"}
DIRECT_CHAT_TABLES = {"direct_chat_networks"}
SUBSCRIPTION_TABLES = {"subscriptions"}
HEAD = "0009"
NEXT = f"{int(HEAD) + 1:04d}"


async def table_names(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))


def copy_migrations(tmp_path: Path) -> Path:
    """A private copy of the migrations a test may add revisions to."""
    target = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def add_revision(migrations: Path, upgrade_body: str) -> None:
    (migrations / "versions" / f"{NEXT}_test.py").write_text(
        '"""Test revision."""\n'
        "import sqlalchemy as sa\n"
        "from alembic import op\n\n"
        f'revision = "{NEXT}"\n'
        f'down_revision = "{HEAD}"\n'
        "branch_labels = None\n"
        "depends_on = None\n\n\n"
        "def upgrade():\n"
        f"{upgrade_body}\n\n\n"
        "def downgrade():\n"
        "    pass\n"
    )


async def seed_lippe(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        network = await add_network(session)
        await networks.seed_municipalities(session, network.id, bundled_municipalities("lippe"))


async def test_fresh_database_reaches_head_with_every_table(empty_engine: AsyncEngine) -> None:
    """An empty database is migrated to the head revision and has all tables."""
    engine = empty_engine
    try:
        assert await current_revision(engine) is None
        assert await upgrade(engine) == head_revision() == HEAD
        assert await current_revision(engine) == HEAD
        assert await table_names(engine) == TABLES | {"alembic_version"}
    finally:
        await engine.dispose()


# Alembic cannot compare an index on an expression on SQLite; test_schema_at_head does.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
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
    assert await upgrade(engine) == HEAD
    assert await current_revision(engine) == HEAD
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

    assert await current_revision(engine) == HEAD
    assert "scratch" not in await table_names(engine)


@pytest.mark.sqlite_only("batch mode's table rebuild, and its cascade risk, are SQLite's")
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

    assert await upgrade(engine, migrations=migrations) == NEXT

    async with sessions() as session:
        assert len((await session.scalars(select(Municipality))).all()) == 17


async def test_upgrade_restores_normal_connection_settings(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """After upgrade, pooled connections have foreign keys on and roll back uncommitted work."""
    await upgrade(engine)
    if engine.dialect.name == "sqlite":
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
    assert path.name == f"{NEXT}_add_contacts.py"
    assert head_revision(migrations) == NEXT
    source = path.read_text()
    compile(source, str(path), "exec")
    assert f"down_revision: str | None = '{HEAD}'" in source


def only_0001(tmp_path: Path) -> Path:
    """A copy of the migrations that ends at 0001, to build a database as 0.1 left it."""
    migrations = copy_migrations(tmp_path)
    for path in (migrations / "versions").glob("0*.py"):
        if not path.name.startswith("0001_"):
            path.unlink()
    return migrations


async def test_0002_upgrades_a_0001_database_and_keeps_its_data(
    tmp_path: Path, empty_engine: AsyncEngine
) -> None:
    """Networks, municipalities and deliveries written under 0001 survive 0002 intact."""
    engine = empty_engine
    sessions = session_factory(engine)
    try:
        assert await upgrade(engine, migrations=only_0001(tmp_path)) == "0001"
        await seed_lippe(sessions)
        async with engine.begin() as conn:
            # Raw SQL: the Delivery model already has 0002's meetup_id column.
            await conn.exec_driver_sql(
                "INSERT INTO deliveries (key, network_id, room_id, kind, due_at, grace_seconds,"
                " content, txn_id, state, event_id, attempts, last_error, created_at, sent_at)"
                " VALUES ('reply:!lippe:$a', 1, '!lippe:example.org', 'reply',"
                " '2026-01-13 09:00:00.000000', 600, '{\"body\": \"Hallo\"}', 'ikz-1', 'sent',"
                " '$sent', 1, NULL, '2026-01-13 08:59:00.000000', '2026-01-13 09:00:01.000000')"
            )

        assert await upgrade(engine) == HEAD

        assert await table_names(engine) == TABLES | {"alembic_version"}
        async with sessions() as session:
            assert len((await session.scalars(select(Municipality))).all()) == 17
            (lippe,) = await networks.list_networks(session)
            assert lippe.key == "lippe"
            delivery = await deliveries.by_event_id(session, "$sent")
        assert delivery is not None
        assert delivery.key == "reply:!lippe:$a"
        assert delivery.network_id == lippe.id
        assert delivery.content == {"body": "Hallo"}
        assert (delivery.state, delivery.attempts, delivery.grace_seconds) == ("sent", 1, 600)
        assert delivery.due_at == T0
        assert delivery.sent_at == T0 + timedelta(seconds=1)
        assert delivery.meetup_id is None
    finally:
        await engine.dispose()


async def test_0002_links_deliveries_to_meetups_with_set_null(engine: AsyncEngine) -> None:
    """After 0002, deliveries.meetup_id references meetups ON DELETE SET NULL and is indexed."""

    def shape(sync_conn: Connection) -> tuple[list[dict[str, Any]], set[str]]:
        inspector = inspect(sync_conn)
        indexes = {str(index["name"]) for index in inspector.get_indexes("deliveries")}
        return inspector.get_foreign_keys("deliveries"), indexes

    async with engine.connect() as conn:
        foreign_keys, indexes = await conn.run_sync(shape)
    (to_meetups,) = [fk for fk in foreign_keys if fk["referred_table"] == "meetups"]
    assert to_meetups["constrained_columns"] == ["meetup_id"]
    assert to_meetups["options"].get("ondelete") == "SET NULL"
    assert {"ix_deliveries_meetup_id", "ix_deliveries_event_id"} <= indexes


async def test_0002_downgrades_to_0001_and_back(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """Downgrading 0002 drops the meet-up tables and column, keeps deliveries; upgrade redoes it."""
    await seed_lippe(sessions)
    async with engine.begin() as conn:
        await conn.exec_driver_sql(
            "INSERT INTO deliveries (key, room_id, kind, due_at, content, txn_id, state,"
            " attempts, created_at) VALUES ('k', '!r', 'reply', '2026-01-13 09:00:00',"
            " '{}', 'ikz-k', 'pending', 0, '2026-01-13 09:00:00')"
        )

    await downgrade_to(engine, "0001")

    assert await current_revision(engine) == "0001"
    assert await table_names(engine) == (
        TABLES
        - MEETUP_TABLES
        - CONTACT_TABLES
        - ACTION_TABLES
        - DIRECT_CHAT_TABLES
        - SUBSCRIPTION_TABLES
    ) | {"alembic_version"}
    async with engine.connect() as conn:
        columns = await conn.run_sync(
            lambda sync: {c["name"] for c in inspect(sync).get_columns("deliveries")}
        )
        keys = (await conn.exec_driver_sql("SELECT key FROM deliveries")).scalars().all()
    assert "meetup_id" not in columns
    assert keys == ["k"]

    assert await upgrade(engine) == HEAD
    async with sessions() as session:
        assert (await deliveries.get(session, "k")) is not None
        assert len((await session.scalars(select(Municipality))).all()) == 17


async def test_0005_moves_the_late_version_and_file_bytes_out_of_the_content_and_back(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """A pending post's late version and a file's bytes become columns; downgrade restores
    the old envelope, so a post held back across an upgrade still goes out once, right."""
    await seed_lippe(sessions)
    async with sessions() as session, session.begin():
        await deliveries.enqueue(
            session,
            key="meetup:1:agenda",
            room_id="!lippe:example.org",
            kind="agenda",
            due_at=T0,
            content={"body": "Tagesordnung"},
            late_content={"body": "Verspätet\n\nTagesordnung"},
            created_at=T0,
        )
        await deliveries.enqueue(
            session,
            key="reply:!lippe:$f:file1",
            room_id="!lippe:example.org",
            kind="reply",
            due_at=T0,
            content={"msgtype": "m.file", "body": "treffen.ics"},
            upload=b"BEGIN:VCALENDAR",
            created_at=T0,
        )

    await downgrade_to(engine, "0004")
    async with engine.connect() as conn:
        rows = await conn.exec_driver_sql("SELECT key, content FROM deliveries ORDER BY key")
        # SQLite hands the JSON column back as text, PostgreSQL's driver as a decoded dict.
        old = {key: json.loads(c) if isinstance(c, str) else c for key, c in rows.all()}
    assert old["meetup:1:agenda"]["ikz.late"] == {"body": "Verspätet\n\nTagesordnung"}
    assert old["reply:!lippe:$f:file1"]["ikz.upload"] == "QkVHSU46VkNBTEVOREFS"

    assert await upgrade(engine) == HEAD
    async with sessions() as session:
        post = await deliveries.get(session, "meetup:1:agenda")
        file = await deliveries.get(session, "reply:!lippe:$f:file1")
    assert post is not None and file is not None
    assert post.content == {"body": "Tagesordnung"}
    assert post.late_content == {"body": "Verspätet\n\nTagesordnung"}
    assert file.content == {"msgtype": "m.file", "body": "treffen.ics"}
    assert file.upload == b"BEGIN:VCALENDAR"


async def downgrade_to(engine: AsyncEngine, revision: str) -> None:
    """Alembic's downgrade on `engine`, with SQLite's foreign keys off while batch mode
    rebuilds tables (storage.migrate does the same for upgrades); PostgreSQL alters in place."""

    def downgrade(sync_conn: Connection) -> None:
        sqlite = sync_conn.dialect.name == "sqlite"
        if sqlite:
            sync_conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        config = alembic_config()
        config.attributes["connection"] = sync_conn
        command.downgrade(config, revision)
        sync_conn.commit()
        if sqlite:
            sync_conn.exec_driver_sql("PRAGMA foreign_keys=ON")

    async with engine.connect() as conn:
        await conn.run_sync(downgrade)
