"""Bring the database schema to the version this code expects, at start-up.

Each start calls `upgrade(engine)`: a fresh database gets every revision, an up-to-date one is
left alone, and one written by a newer ikz-bot (a revision this code does not know) is refused
instead of being used or downgraded.

All pending revisions run in one transaction, so a failing revision leaves the database as it
was. SQLite needs help for that: the sqlite3 driver commits DDL on its own, and with foreign
keys on, the table rebuild that Alembic's batch mode does for ALTER would cascade-delete child
rows. So on SQLite the upgrade runs with foreign keys off inside an explicit BEGIN, checks the
keys before COMMIT, and switches them back on.

To add a revision (no alembic.ini needed), from the project root:

    .venv/bin/python -m storage.migrate "add contacts"

This writes storage/migrations/versions/0002_add_contacts.py (the next number after head).
Write its upgrade()/downgrade() by hand, change storage/models.py to match, and run
tests/storage: one test compares the migrated schema with the models.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class DatabaseTooNew(Exception):
    """The database carries a revision this version of ikz-bot does not know."""

    def __init__(self, revision: str) -> None:
        self.revision = revision
        super().__init__(
            f"The database is at revision {revision!r}, which this version of ikz-bot does not "
            "know; it was probably written by a newer ikz-bot. Upgrade ikz-bot, or restore a "
            "backup made with this version. The database was not changed."
        )


class BrokenForeignKeys(Exception):
    """A migration left rows that point at rows which do not exist; nothing was committed."""


def alembic_config(migrations: Path = MIGRATIONS_DIR) -> Config:
    """An Alembic config built in code, so the bot ships without an alembic.ini."""
    config = Config()
    # Config values go through ConfigParser interpolation, where '%' is special.
    config.set_main_option("script_location", str(migrations).replace("%", "%%"))
    return config


def head_revision(migrations: Path = MIGRATIONS_DIR) -> str:
    """The newest revision this code knows."""
    head = ScriptDirectory.from_config(alembic_config(migrations)).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {migrations}")
    return head


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at; None for an empty database."""
    async with engine.connect() as conn:
        return await conn.run_sync(_current_revision)


async def upgrade(engine: AsyncEngine, *, migrations: Path = MIGRATIONS_DIR) -> str:
    """Upgrade to head in one transaction and return the head revision; safe to repeat."""
    config = alembic_config(migrations)
    async with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            return await _upgrade_sqlite(conn, config)
        async with conn.begin():
            return await conn.run_sync(_upgrade, config)


async def _upgrade_sqlite(conn: AsyncConnection, config: Config) -> str:
    # AUTOCOMMIT hands BEGIN/COMMIT to us; the pool restores the mode when conn is returned.
    conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
    # Only takes effect outside a transaction, hence before BEGIN.
    await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        await conn.exec_driver_sql("BEGIN")
        try:
            head = await conn.run_sync(_upgrade, config)
            broken = (await conn.exec_driver_sql("PRAGMA foreign_key_check")).all()
            if broken:
                raise BrokenForeignKeys(
                    f"the migration to {head} left {len(broken)} rows with dangling foreign "
                    f"keys (first: {tuple(broken[0])}); rolled back"
                )
        except BaseException:
            # SQLite may already have rolled back on its own (disk full, I/O error); the
            # original error is the one worth seeing.
            with contextlib.suppress(OperationalError):
                await conn.exec_driver_sql("ROLLBACK")
            raise
        await conn.exec_driver_sql("COMMIT")
    finally:
        await conn.exec_driver_sql("PRAGMA foreign_keys=ON")
    return head


def _upgrade(conn: Connection, config: Config) -> str:
    script = ScriptDirectory.from_config(config)
    known = {revision.revision for revision in script.walk_revisions()}
    for revision in MigrationContext.configure(conn).get_current_heads():
        if revision not in known:
            raise DatabaseTooNew(revision)
    config.attributes["connection"] = conn
    command.upgrade(config, "head")
    head = script.get_current_head()
    assert head is not None, "a script directory with revisions has a head"
    return head


def _current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def new_revision(message: str, migrations: Path = MIGRATIONS_DIR) -> Path:
    """Write an empty revision numbered after head, for a developer to fill in."""
    rev_id = f"{int(head_revision(migrations)) + 1:04d}"
    script = command.revision(alembic_config(migrations), message=message, rev_id=rev_id)
    assert script is not None and not isinstance(script, list)
    return Path(script.path)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit('usage: python -m storage.migrate "what the revision changes"')
    print(new_revision(sys.argv[1]))
