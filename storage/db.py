"""Engine and session setup.

SQLite is the default backend; any SQLAlchemy async URL works (e.g. postgresql+asyncpg).
Sessions run in the driver's default transaction mode; only the migrations need SQLite's
transactional DDL and arrange it themselves (see storage.migrate).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from storage import data_mark, sqlite_driver  # noqa: F401  data_mark: its session listeners

_SQLITE_PRAGMAS = (
    # No busy_timeout here: a write waits for a competing writer (5 s) in the driver's
    # worker thread only, so the event loop never waits (storage.sqlite_driver).
    # SQLite ignores foreign keys unless asked, per connection.
    "PRAGMA foreign_keys=ON",
    # Readers do not block the writer, so the sync loop and the scheduler can overlap.
    "PRAGMA journal_mode=WAL",
    # In WAL mode a commit then survives a crash of the bot (SIGKILL included) without an
    # fsync; only a power cut can lose the last commits, and those are retried safely: an
    # unmarked command is handled again and its reply keeps its transaction id.
    "PRAGMA synchronous=NORMAL",
)


_SQLITE_ENGINE = {
    "connect_args": {"async_creator_fn": sqlite_driver.connect},
    # A session ends in commit or rollback already (closing one rolls back what is open), so
    # the pool's own rollback on every return is a second trip to SQLite's thread for nothing.
    "pool_reset_on_return": None,
}


def create_engine(url: str) -> AsyncEngine:
    """Build the async engine; for a SQLite file, create its directory and set the pragmas."""
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    # Parameters are personal data (phone numbers, names): never in a log line or an error.
    engine = create_async_engine(
        parsed,
        hide_parameters=True,
        **_SQLITE_ENGINE if sqlite else {},
    )
    if sqlite:
        _ensure_directory(parsed.database, uri=bool(parsed.query.get("uri")))
        event.listen(engine.sync_engine, "connect", _set_sqlite_pragmas)
    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose loaded values stay readable after commit, as records are built late."""
    return async_sessionmaker(engine, expire_on_commit=False)


def _ensure_directory(database: str | None, *, uri: bool) -> None:
    """A fresh install points at data/ikz.sqlite3; SQLite will not create data/ for us."""
    if not database or database == ":memory:" or uri:
        return
    Path(database).parent.mkdir(parents=True, exist_ok=True)


def _set_sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()
