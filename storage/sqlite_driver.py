"""aiosqlite with one trip to its worker thread per statement instead of four.

SQLAlchemy's aiosqlite adapter creates a cursor, executes, fetches and closes it, and stock
aiosqlite sends each of those to its thread and back: four thread switches, about 0.1 ms of
CPU each on a busy machine, for every statement (`bench/bench_latency.py` measures the bot's
CPU per reply). Here `execute` creates the sqlite3 cursor, runs the statement, fetches all its
rows and closes it in one trip; the other calls answer from what that trip brought back.
Transactions, locking and errors are SQLite's as before: the same connection, the same thread.
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
        run = self._connection.run_in_thread
        self._outcome = await run(_execute, sql, () if parameters is None else parameters)
        self._next = 0
        return self

    async def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> OneTripCursor:
        self._outcome = await self._connection.run_in_thread(_executemany, sql, parameters)
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
    """An aiosqlite connection whose cursors make one trip per statement."""

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)

    async def run_in_thread(self, fn: Any, *args: Any) -> Any:
        """Run `fn(sqlite3 connection, *args)` in the connection's thread."""
        return await self._execute(lambda: fn(self._conn, *args))


def connect(database: str, **kwargs: Any) -> OneTripConnection:
    """What `aiosqlite.connect` does, with the one-trip connection (SQLAlchemy awaits it)."""
    connection = OneTripConnection(lambda: sqlite3.connect(database, **kwargs), 64)
    connection._thread.daemon = True  # as SQLAlchemy's adapter does for stock aiosqlite
    return connection
