"""aiosqlite that leaves its worker thread out wherever SQLite cannot make the bot wait.

SQLAlchemy's aiosqlite adapter creates a cursor, executes, fetches and closes it, and stock
aiosqlite sends each of those to its thread and back: four thread switches for every
statement. Here `execute` does all four in one call, and that call runs right on the event
loop's thread when it cannot wait for a lock; only a statement that may wait goes to the
worker thread, so the loop goes on meanwhile. A trip to the thread and back costs about
0.15 ms of CPU on a busy 2-core machine, several times what a small statement costs
(`bench/bench_latency.py` measures the bot's CPU per reply).

In WAL mode (storage.db) these cannot wait: a SELECT or a PRAGMA that only reads (readers
never wait for writers), any statement of a transaction that has written already (it holds
the write lock), its commit and any rollback. The first write of a transaction needs the
write lock: it is tried inline without waiting, and only if another writer holds the lock
(of this process or another, such as `ikz-bot contacts import`) it goes to the thread and
waits there, up to `busy_timeout`. Transactions, locking and errors are SQLite's as before,
on one connection, never two calls at once: an inline call queues behind calls in the
thread. A commit that triggers SQLite's automatic checkpoint (every ~4 MB of changes) does
that disk work inline too.
"""

from __future__ import annotations

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
    """An aiosqlite connection whose cursors make at most one trip per statement."""

    def __init__(self, connector: Any, iter_chunk_size: int) -> None:
        super().__init__(connector, iter_chunk_size)
        self._trips = 0  # calls queued for or running in the thread
        self._wrote = False  # this transaction has written: it holds the write lock

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)

    async def run_statement(self, fn: Any, sql: str, parameters: Any) -> Any:
        """Run `fn(sqlite3 connection, sql, parameters)`: inline if it cannot wait for a
        lock (module docstring), else in the connection's thread."""
        verb = sql.lstrip()[:6].upper()
        reads = verb == "SELECT" or (verb == "PRAGMA" and "=" not in sql)
        if reads or self._holds_write_lock():
            return await self._inline(fn, sql, parameters)
        outcome = await self._first_write(fn, sql, parameters)
        self._wrote = self._conn.in_transaction and not verb.startswith("BEGIN")
        return outcome

    async def run_in_thread(self, fn: Any, *args: Any) -> Any:
        """Run `fn(sqlite3 connection, *args)` in the connection's thread."""
        self._trips += 1
        try:
            return await self._execute(lambda: fn(self._conn, *args))
        finally:
            self._trips -= 1

    async def commit(self) -> None:
        """Commit inline: a transaction that wrote holds the lock, one that did not has
        nothing to commit."""
        if self._conn.in_transaction and not self._wrote:
            await self.run_in_thread(lambda connection: connection.commit())
        else:
            await self._inline(lambda connection: connection.commit())
        self._wrote = False

    async def rollback(self) -> None:
        """Roll back inline: giving locks up never waits."""
        await self._inline(lambda connection: connection.rollback())
        self._wrote = False

    async def _first_write(self, fn: Any, sql: str, parameters: Any) -> Any:
        """A statement that may need the write lock: inline if it is free right now, else
        in the thread, which waits for it up to `busy_timeout`."""
        if not self._trips:
            try:
                return self._without_waiting(fn, sql, parameters)
            except sqlite3.OperationalError as err:
                if getattr(err, "sqlite_errorcode", None) != sqlite3.SQLITE_BUSY:
                    raise
        return await self.run_in_thread(fn, sql, parameters)

    def _without_waiting(self, fn: Any, sql: str, parameters: Any) -> Any:
        """`fn` inline, failing with SQLITE_BUSY at once instead of waiting for the lock
        (the statement then had no effect and can run again)."""
        if not self._running or self._connection is None:
            raise ValueError("Connection closed")
        connection = self._conn
        waits = int(connection.execute("PRAGMA busy_timeout").fetchone()[0])
        connection.execute("PRAGMA busy_timeout=0")
        try:
            return fn(connection, sql, parameters)
        finally:
            connection.execute(f"PRAGMA busy_timeout={waits}")

    def _holds_write_lock(self) -> bool:
        return self._wrote and self._conn.in_transaction

    async def _inline(self, fn: Any, *args: Any) -> Any:
        """Run `fn` on this thread once the worker thread is done with the connection."""
        if self._trips:  # keep the order of calls: queue behind them instead
            return await self.run_in_thread(fn, *args)
        if not self._running or self._connection is None:
            raise ValueError("Connection closed")
        return fn(self._conn, *args)


def connect(database: str, **kwargs: Any) -> OneTripConnection:
    """What `aiosqlite.connect` does, with the one-trip connection (SQLAlchemy awaits it).

    The sqlite3 connection is used from the loop's thread as well as the worker thread,
    never both at once (`OneTripConnection._inline`), so its same-thread check is off.
    """
    kwargs["check_same_thread"] = False
    connection = OneTripConnection(lambda: sqlite3.connect(database, **kwargs), 64)
    connection._thread.daemon = True  # as SQLAlchemy's adapter does for stock aiosqlite
    return connection
