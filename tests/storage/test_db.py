"""Engine and session setup."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage.db import create_engine, session_factory
from tests.storage.support import sqlite_url


async def test_sqlite_file_directory_is_created(tmp_path: Path) -> None:
    """A SQLite URL whose directory does not exist yet still opens (fresh install)."""
    path = tmp_path / "nested" / "data" / "ikz.sqlite3"
    engine = create_engine(sqlite_url(path))
    try:
        async with engine.connect() as conn:
            await conn.exec_driver_sql("SELECT 1")
    finally:
        await engine.dispose()
    assert path.is_file()


async def test_sqlite_pragmas_are_set_on_every_connection(tmp_path: Path) -> None:
    """Foreign keys and WAL are on for connections the engine opens; the busy timeout is
    0, as only the driver's worker thread waits for a lock (tests/storage/test_sqlite_driver.py)."""
    engine = create_engine(sqlite_url(tmp_path / "ikz.sqlite3"))
    try:
        async with engine.connect() as conn:
            foreign_keys = (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar()
            journal_mode = (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar()
            busy_timeout = (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar()
    finally:
        await engine.dispose()
    assert (foreign_keys, journal_mode, busy_timeout) == (1, "wal", 0)


async def test_memory_database_needs_no_directory() -> None:
    """An in-memory SQLite URL works and creates no directory."""
    engine = create_engine("sqlite+aiosqlite:///:memory:")
    try:
        async with engine.connect() as conn:
            assert (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
    finally:
        await engine.dispose()


async def test_session_values_stay_readable_after_commit(tmp_path: Path) -> None:
    """Sessions do not expire loaded objects on commit, so records can be built afterwards."""
    engine = create_engine(sqlite_url(tmp_path / "ikz.sqlite3"))
    try:
        assert session_factory(engine).kw["expire_on_commit"] is False
    finally:
        await engine.dispose()


async def test_sql_parameters_stay_out_of_logs_and_errors(tmp_path: Path, caplog) -> None:
    """Even at DEBUG, and in a database error, a value (a phone number) is never shown."""
    engine = create_engine(sqlite_url(tmp_path / "ikz.sqlite3"))
    phone = "05261 213-0"
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")
    engine.echo = "debug"
    try:
        async with engine.begin() as conn:
            await conn.exec_driver_sql("CREATE TABLE t (phone TEXT UNIQUE)")
            await conn.execute(text("INSERT INTO t VALUES (:p)"), {"p": phone})
            with pytest.raises(IntegrityError) as raised:
                await conn.execute(text("INSERT INTO t VALUES (:p)"), {"p": phone})
    finally:
        await engine.dispose()
    assert "INSERT INTO t" in caplog.text
    assert phone not in caplog.text
    assert phone not in str(raised.value)
