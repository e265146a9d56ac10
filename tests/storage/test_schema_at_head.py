"""A first start builds the head schema in one step: it must equal what the migrations build."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import ClauseElement

from storage.db import create_engine
from storage.migrate import DatabaseTooNew, current_revision, head_revision, prepare, upgrade
from tests.storage.support import migrations_up_to, sqlite_url

ASPECTS = (
    "columns",
    "primary key",
    "foreign keys",
    "indexes",
    "expression indexes",
    "unique",
    "checks",
)


def schema(conn: Connection) -> dict[str, dict[str, Any]]:
    """Every table's columns (in order), keys, indexes and constraints, comparable with ==."""
    inspector = inspect(conn)

    def plain(items: list[dict[str, Any]]) -> list[str]:
        return sorted(repr(comparable(item)) for item in items)

    with warnings.catch_warnings():  # SQLite's: read from sqlite_master instead (below)
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        return {
            table: {
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                    for c in inspector.get_columns(table)
                ],
                "primary key": inspector.get_pk_constraint(table),
                "foreign keys": plain(inspector.get_foreign_keys(table)),
                "indexes": plain(inspector.get_indexes(table)),
                "expression indexes": expression_indexes(conn, table),
                "unique": plain(inspector.get_unique_constraints(table)),
                "checks": plain(inspector.get_check_constraints(table)),
            }
            for table in inspector.get_table_names()
        }


def expression_indexes(conn: Connection, table: str) -> list[str]:
    """SQLite's CREATE statements of the indexes its inspector cannot reflect (on an
    expression); PostgreSQL's inspector reflects those with the others."""
    if conn.dialect.name != "sqlite":
        return []
    reflected = {index["name"] for index in inspect(conn).get_indexes(table)}
    rows = conn.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :table"),
        {"table": table},
    )
    return sorted(sql for name, sql in rows if sql is not None and name not in reflected)


def comparable(value: Any) -> Any:
    """Dicts and lists as sorted plain values; SQL clauses (a partial index's WHERE) as text."""
    if isinstance(value, dict):
        return sorted((key, comparable(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        return [comparable(item) for item in value]
    if isinstance(value, ClauseElement):
        return str(value)
    return value


async def rows_of(engine: AsyncEngine, table: str) -> list[tuple[Any, ...]]:
    async with engine.connect() as conn:
        rows = (await conn.execute(text(f'SELECT * FROM "{table}"'))).all()
    return sorted(tuple(map(str, row)) for row in rows)


async def schema_of(engine: AsyncEngine) -> dict[str, dict[str, Any]]:
    async with engine.connect() as conn:
        return await conn.run_sync(schema)


async def test_the_one_step_schema_equals_the_migrated_one_table_by_table(
    engine: AsyncEngine, empty_engine: AsyncEngine
) -> None:
    """Same tables; per table the same columns in the same order (type, null, default), the
    same primary and foreign keys, indexes (partial ones with their condition), unique and
    check constraints with the same names, so a later migration finds what it alters."""
    assert await prepare(empty_engine) == head_revision()
    migrated, created = await schema_of(engine), await schema_of(empty_engine)
    assert sorted(created) == sorted(migrated)
    for table in migrated:
        for aspect in ASPECTS:
            assert created[table][aspect] == migrated[table][aspect], (table, aspect)
        # Rows a revision writes (none so far) would have to be written by the one step too.
        assert await rows_of(empty_engine, table) == await rows_of(engine, table), table


async def test_a_database_created_in_one_step_is_at_head_and_needs_no_migration(
    empty_engine: AsyncEngine,
) -> None:
    """The version table says head, so the next start (and `ikz-bot db upgrade`) leave it be."""
    await prepare(empty_engine)
    assert await current_revision(empty_engine) == head_revision()
    before = await schema_of(empty_engine)
    assert await upgrade(empty_engine) == head_revision()
    assert await prepare(empty_engine) == head_revision()
    assert await schema_of(empty_engine) == before


async def test_an_older_database_is_migrated_with_its_rows(tmp_path: Path) -> None:
    """A database at 0001 is upgraded revision by revision, never created over."""
    engine = create_engine(sqlite_url(tmp_path / "old.sqlite3"))
    try:
        await upgrade(engine, migrations=migrations_up_to(tmp_path, "0001"))
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO bot_state (key, value) VALUES ('k', 'v')"))
        assert await prepare(engine) == head_revision()
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT key, value FROM bot_state"))).all()
        assert [tuple(row) for row in rows] == [("k", "v")]
        assert "subscriptions" in await schema_of(engine)
    finally:
        await engine.dispose()


async def test_a_database_of_a_newer_bot_is_still_refused(engine: AsyncEngine) -> None:
    """The one step is only for an empty database; a newer revision stays untouched."""
    async with engine.begin() as conn:
        await conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseTooNew):
        await prepare(engine)
    assert await current_revision(engine) == "9999"


def test_a_first_start_does_not_import_alembic(tmp_path: Path) -> None:
    """Creating the schema in one step needs no Alembic (about 0.2 s of CPU to import)."""
    probe = (
        "import asyncio, sys\n"
        "from storage.db import create_engine\n"
        "from storage.migrate import prepare\n"
        f"engine = create_engine({sqlite_url(tmp_path / 'new.sqlite3')!r})\n"
        "print(asyncio.run(prepare(engine)), 'alembic' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == [head_revision(), "False"]
