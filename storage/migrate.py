"""Bring the database schema to the version this code expects, at start-up.

Each start calls `prepare(engine)`: an empty database gets the head schema in one step (the
models' tables, stamped with the head revision; a test proves it equal to what the migrations
build), any other goes through `upgrade(engine)`: an up-to-date one is left alone, an older one
gets the missing revisions, and one written by a newer ikz-bot (a revision this code does not
know) is refused instead of being used or downgraded. The one step spares a first start
Alembic's import and every revision run one by one (0.3 s of CPU, 0.5 s on a busy disk).

All pending revisions run in one transaction, so a failing revision leaves the database as it
was. SQLite needs help for that: the sqlite3 driver commits DDL on its own, and with foreign
keys on, the table rebuild that Alembic's batch mode does for ALTER would cascade-delete child
rows. So on SQLite the upgrade runs with foreign keys off inside an explicit BEGIN, checks the
keys before COMMIT, and switches them back on.

To add a revision (no alembic.ini needed), from the project root:

    .venv/bin/python -m storage.migrate "add contacts"

This writes storage/migrations/versions/0002_add_contacts.py (the next number after head).
Write its upgrade()/downgrade() by hand, change storage/models.py to match, and run
tests/storage: one test compares the migrated schema with the models, and
test_schema_at_head.py checks that a database built from the models in one step is the same,
down to column order, constraint names and rows: put a column a revision adds last in its
model, and give rows a revision writes to the one step too.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    Connection,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    inspect,
    text,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.models import Base

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported where it is used: it costs ~0.8 s of CPU to import (all its dialects,
# Mako, Pygments), and a start with the database already at head does not need it.

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^revision(?:\s*:[^=]*)?\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision(?:\s*:[^=]*)?\s*=\s*(.+)$", re.MULTILINE)
_VERSION_TABLE = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)
"""Alembic's own version table, as `alembic stamp` creates it."""


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
    from alembic.config import Config

    config = Config()
    # Config values go through ConfigParser interpolation, where '%' is special.
    config.set_main_option("script_location", str(migrations).replace("%", "%%"))
    return config


def head_revision(migrations: Path = MIGRATIONS_DIR) -> str:
    """The newest revision this code knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(migrations)).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {migrations}")
    return head


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at; None for an empty database."""
    async with engine.connect() as conn:
        return await conn.run_sync(_current_revision)


async def prepare(engine: AsyncEngine) -> str:
    """The start-up path: an empty database gets the head schema in one step, any other is
    upgraded; returns the head revision."""
    heads = _heads_in_files(MIGRATIONS_DIR)
    async with engine.connect() as conn:
        empty = not await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    if not empty or len(heads) != 1:
        return await upgrade(engine)
    (head,) = heads
    return await _in_one_transaction(engine, lambda conn: _create_at_head(conn, head))


async def upgrade(engine: AsyncEngine, *, migrations: Path = MIGRATIONS_DIR) -> str:
    """Upgrade to head in one transaction and return the head revision; safe to repeat."""
    heads = _heads_in_files(migrations)
    async with engine.connect() as conn:
        stored = await conn.run_sync(_stored_revisions)
    if len(heads) == 1 and stored == heads:  # the everyday start: nothing to do
        return next(iter(heads))
    config = alembic_config(migrations)
    return await _in_one_transaction(engine, lambda conn: _upgrade(conn, config))


async def _in_one_transaction(engine: AsyncEngine, step: Callable[[Connection], str]) -> str:
    """Run a schema change all or nothing (see the module docstring for SQLite)."""
    async with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            return await _upgrade_sqlite(conn, step)
        async with conn.begin():
            return await conn.run_sync(step)


def _create_at_head(conn: Connection, head: str) -> str:
    """The models' tables and Alembic's version table saying `head`, on an empty database."""
    Base.metadata.create_all(conn)
    _VERSION_TABLE.create(conn)
    conn.execute(_VERSION_TABLE.insert().values(version_num=head))
    return head


async def _upgrade_sqlite(conn: AsyncConnection, step: Callable[[Connection], str]) -> str:
    # AUTOCOMMIT hands BEGIN/COMMIT to us; the pool restores the mode when conn is returned.
    conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
    # Only takes effect outside a transaction, hence before BEGIN.
    await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        await conn.exec_driver_sql("BEGIN")
        try:
            head = await conn.run_sync(step)
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


def _heads_in_files(migrations: Path) -> set[str]:
    """The head revision(s) of the revision files, read as text; empty if none is found.

    Only decides whether Alembic is needed at all: when in doubt (no match, several heads,
    a database elsewhere) the full Alembic upgrade runs and has the last word.
    """
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in (migrations / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision = _REVISION.search(source)
        if revision is None:
            continue
        revisions.add(revision.group(1))
        down = _DOWN_REVISION.search(source)
        if down is not None:
            downs.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    return revisions - downs


def _stored_revisions(conn: Connection) -> set[str]:
    """The revisions in the database's alembic_version table; empty for a fresh database."""
    if not inspect(conn).has_table("alembic_version"):
        return set()
    return {str(row[0]) for row in conn.execute(text("SELECT version_num FROM alembic_version"))}


def _upgrade(conn: Connection, config: Config) -> str:
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

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
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def new_revision(message: str, migrations: Path = MIGRATIONS_DIR) -> Path:
    """Write an empty revision numbered after head, for a developer to fill in."""
    from alembic import command

    rev_id = f"{int(head_revision(migrations)) + 1:04d}"
    script = command.revision(alembic_config(migrations), message=message, rev_id=rev_id)
    assert script is not None and not isinstance(script, list)
    return Path(script.path)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit('usage: python -m storage.migrate "what the revision changes"')
    print(new_revision(sys.argv[1]))
