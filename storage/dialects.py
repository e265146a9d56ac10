"""The one place that knows which SQL dialects storage supports.

"Insert unless it exists" must be a single statement (ON CONFLICT) to be safe against a
second writer, and SQLAlchemy only offers that per dialect.

Ordering text is the other difference: SQLite compares strings bytewise, PostgreSQL by the
database's collation (de_DE.UTF-8, en_US.UTF-8, ...), which ignores case and punctuation at
first. `bytewise` makes an ORDER BY on text mean the same on both; names a person reads are
sorted in Python instead (storage.collation).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

_DIALECTS = ("postgresql", "sqlite")
"""Imported when first used: a SQLite bot need not load PostgreSQL's dialect at start."""


S = TypeVar("S")


def upsert_insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT for `table` that supports on_conflict_do_nothing / on_conflict_do_update."""
    return _insert_for(session.get_bind().dialect.name)(table)


def _insert_for(dialect: str) -> Callable[[Any], Any]:
    if dialect not in _DIALECTS:
        raise NotImplementedError(f"storage supports {', '.join(_DIALECTS)}, not {dialect}")
    return importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert


class Prepared(Generic[S]):
    """A statement built once per dialect, its values bound at execution (`bindparam` or
    an INSERT's parameters), for the statements of every command and reply.

    Building a statement with `.where(...)` and `.values(...)` and computing its cache key
    costs more CPU than SQLite takes to run it (0.2–0.3 ms on a busy 2-core machine); a
    built statement keeps its cache key. `build` gets the dialect's upsert-capable insert.
    """

    def __init__(self, build: Callable[[Callable[[Any], Any]], S]) -> None:
        self._build = build
        self._by_dialect: dict[str, S] = {}

    def __call__(self, session: AsyncSession) -> S:
        """The statement for the dialect `session` speaks."""
        dialect = session.get_bind().dialect.name
        built = self._by_dialect.get(dialect)
        if built is None:
            built = self._by_dialect[dialect] = self._build(_insert_for(dialect))
        return built


class bytewise(ColumnElement[str]):
    """`column` ordered by code point (UTF-8 byte order), whatever the database collation."""

    inherit_cache = True
    _traverse_internals: ClassVar[list[tuple[str, Any]]] = [
        ("column", InternalTraversal.dp_clauseelement)
    ]

    def __init__(self, column: ColumnElement[str]) -> None:
        self.column = column
        self.type = column.type


@compiles(bytewise)
def _bytewise_sqlite(element: bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite's default collation, BINARY, is already memcmp on UTF-8.
    return compiler.process(element.column, **kw)


@compiles(bytewise, "postgresql")
def _bytewise_postgresql(element: bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    return f'{compiler.process(element.column, **kw)} COLLATE "C"'
