"""aiosqlite that leaves its worker thread out unless SQLite has to wait for a lock.

SQLAlchemy's aiosqlite adapter creates a cursor, executes, fetches and closes it, and stock
aiosqlite sends each of those to its thread and back: four thread switches for every
statement. A trip to the thread and back costs about 0.15 ms of CPU on a busy 2-core
machine, several times what a small statement costs (`bench/bench_latency.py` measures the
bot's CPU per reply). Here `execute` does all four in one call, on the event loop's thread.

Only waiting must stay off that thread: the loop would stop, and a writer of this process
holding the lock could never commit. So the connection's busy timeout is 0: a statement or
commit that needs a lock another writer holds (of this process or another, such as
`ikz-bot contacts import`) fails at once with SQLITE_BUSY, having done nothing, and runs
again in the worker thread, which waits for the lock (`connect`'s timeout, 5 s) while the
loop goes on. In WAL mode (storage.db) that is only a transaction's first write. Calls
on one connection never overlap: an inline call queues behind calls in the thread.
Disk work stays inline, such as the checkpoint SQLite runs at a commit every ~4 MB of
changes.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite


class _Outcome:
    """What one statement left on its cursor, read in the worker thread."""

    __slots__ = ("description", "lastrowid", "rowcount", "rows")

    def __init__(self, cursor: sqlite3.Cursor, fetch: bool) -> None:
        self.description = cursor.description
        self.rows: list[Any] = cursor.fetchall() if fetch and cursor.description else []
        self.rowcount = cursor.rowcount
        self.lastrowid = cursor.lastrowid
        cursor.close()


def _execute(connection: sqlite3.Connection, sql: str, parameters: Any) -> _Outcome:
    return _Outcome(connection.execute(sql, parameters), fetch=True)


def _executemany(connection: sqlite3.Connection, sql: str, parameters: Any) -> _Outcome:
    return _Outcome(connection.executemany(sql, parameters), fetch=False)


class OneTripCursor:
    """The cursor SQLAlchemy's adapter drives; rows are buffered by `execute`."""

    arraysize = 1

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self._outcome: _Outcome | None = None
        self._next = 0

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        return None

    async def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> OneTripCursor:
        run = self._connection.run_statement
        self._outcome = await run(_execute, sql, () if parameters is None else parameters)
        self._next = 0
        return self

    async def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> OneTripCursor:
        self._outcome = await self._connection.run_statement(_executemany, sql, parameters)
        self._next = 0
        return self

    async def fetchone(self) -> Any:
        rows = self._rows()
        if self._next >= len(rows):
            return None
        self._next += 1
        return rows[self._next - 1]

    async def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        rows = self._rows()
        end = self._next + (size or self.arraysize)
        chunk, self._next = rows[self._next : end], min(end, len(rows))
        return chunk

    async def fetchall(self) -> Sequence[Any]:
        rows = self._rows()
        chunk, self._next = rows[self._next :], len(rows)
        return chunk

    async def close(self) -> None:
        self._outcome = None

    def _rows(self) -> list[Any]:
        return [] if self._outcome is None else self._outcome.rows

    @property
    def description(self) -> Any:
        return None if self._outcome is None else self._outcome.description

    @property
    def rowcount(self) -> int:
        return -1 if self._outcome is None else self._outcome.rowcount

    @property
    def lastrowid(self) -> int | None:
        return None if self._outcome is None else self._outcome.lastrowid


class OneTripConnection(aiosqlite.Connection):
    """An aiosqlite connection whose statements run inline unless SQLite says "busy"."""

    def __init__(self, connector: Any, *, waits_ms: int) -> None:
        super().__init__(connector, 64)
        self._waits_ms = waits_ms  # how long a call waits in the thread for a lock
        self._trips = 0  # calls queued for or running in the thread

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)

    async def run_statement(self, fn: Any, sql: str, parameters: Any) -> Any:
        """Run `fn(sqlite3 connection, sql, parameters)` (module docstring)."""
        return await self._run(fn, sql, parameters)

    async def commit(self) -> None:
        await self._run(lambda connection: connection.commit())

    async def rollback(self) -> None:
        await self._run(lambda connection: connection.rollback())

    async def run_in_thread(self, fn: Any, *args: Any) -> Any:
        """Run `fn(sqlite3 connection, *args)` in the connection's thread."""
        self._trips += 1
        try:
            return await self._execute(lambda: fn(self._conn, *args))
        finally:
            self._trips -= 1

    async def _run(self, fn: Any, *args: Any) -> Any:
        """`fn` inline, where the connection's busy timeout of 0 makes SQLite answer
        SQLITE_BUSY at once instead of waiting for a lock; then (nothing done: a busy
        statement or commit has no effect and can run again) in the thread, waiting."""
        if not self._trips:  # else queue behind the calls in the thread, in order
            if not self._running or self._connection is None:
                raise ValueError("Connection closed")
            try:
                return fn(self._conn, *args)
            except sqlite3.OperationalError as err:  # SQLITE_BUSY or one of its extended codes
                if getattr(err, "sqlite_errorcode", 0) & 0xFF != sqlite3.SQLITE_BUSY:
                    raise
        return await self.run_in_thread(self._waiting, fn, *args)

    def _waiting(self, connection: sqlite3.Connection, fn: Any, *args: Any) -> Any:
        """`fn` with SQLite waiting for a lock up to `waits_ms` (in the worker thread)."""
        connection.execute(f"PRAGMA busy_timeout={self._waits_ms}")
        try:
            return fn(connection, *args)
        finally:
            connection.execute("PRAGMA busy_timeout=0")


def connect(database: str, *, timeout: float = 5.0, **kwargs: Any) -> OneTripConnection:
    """What `aiosqlite.connect` does, with the one-trip connection (SQLAlchemy awaits it).

    `timeout` (seconds, `?timeout=` in the URL) is how long a write waits for another
    writer's lock, as in `sqlite3.connect`; only the worker thread waits (`_waiting`). The
    sqlite3 connection is used from the loop's thread as well as the worker thread, never
    both at once (`OneTripConnection._run`), so its same-thread check is off.
    """
    kwargs.update(timeout=0.0, check_same_thread=False)
    connector = functools.partial(sqlite3.connect, database, **kwargs)
    connection = OneTripConnection(connector, waits_ms=int(float(timeout) * 1000))
    connection._thread.daemon = True  # as SQLAlchemy's adapter does for stock aiosqlite
    return connection
