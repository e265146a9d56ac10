"""The SQLite driver runs statements on the event loop's thread only where they cannot wait:
a write that must wait for another writer's lock waits in the worker thread, so the bot goes
on meanwhile and the other writer can finish (storage/sqlite_driver.py)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import state
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from tests.storage.support import sqlite_url


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[tuple[Path, async_sessionmaker[AsyncSession]]]:
    """A migrated SQLite file and sessions on it."""
    path = tmp_path / "ikz.sqlite3"
    engine = create_engine(sqlite_url(path) + "?timeout=1")  # waits 1 s for a lock, not 5
    await upgrade(engine)
    try:
        yield path, session_factory(engine)
    finally:
        await engine.dispose()


async def value(sessions: async_sessionmaker[AsyncSession], key: str) -> str | None:
    async with sessions() as session:
        return await state.get_value(session, key)


async def test_a_second_writer_in_the_bot_waits_for_the_first_to_commit(database) -> None:
    """Two transactions of the bot write at once (say the sender marks a reply sent while a
    command is handled): the second waits, the first commits, both are kept. Had the second
    waited on the loop's thread, the first could never commit and both would fail."""
    _, sessions = database
    async with sessions() as first:
        await state.set_value(first, "first", "1")  # holds the write lock from here on
        second = asyncio.create_task(write(sessions, "second", "2"))
        await asyncio.sleep(0.2)  # the second write is now waiting for the lock
        assert not second.done()
        assert await value(sessions, "first") is None  # readers see only what is committed
        await first.commit()
    await second
    assert (await value(sessions, "first"), await value(sessions, "second")) == ("1", "2")


async def write(sessions: async_sessionmaker[AsyncSession], key: str, text: str) -> None:
    async with sessions() as session, session.begin():
        await state.set_value(session, key, text)


async def test_a_write_waits_for_another_process_without_stopping_the_bot(database) -> None:
    """Another process (say `ikz-bot contacts import`) holds the write lock for a while: the
    bot's write waits for it, and the bot's other work goes on meanwhile."""
    path, sessions = database
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO bot_state (key, value) VALUES ('import', 'running')")
    ticks = 0

    async def go_on() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticker = asyncio.create_task(go_on())
    waiting = asyncio.create_task(write(sessions, "sync_token", "s1"))
    await asyncio.sleep(0.3)
    assert not waiting.done() and ticks >= 5  # waiting, and the loop kept running
    other.execute("COMMIT")
    other.close()
    await waiting
    ticker.cancel()
    assert await value(sessions, "sync_token") == "s1"
    assert await value(sessions, "import") == "running"


async def test_a_lock_held_longer_than_the_busy_timeout_fails_the_write_and_keeps_nothing(
    database,
) -> None:
    """After the timeout (here 1 s) the write fails with "database is locked", as SQLite's
    own waiting would, and nothing of its transaction is kept."""
    path, sessions = database
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        async with sessions() as session:
            with pytest.raises(OperationalError, match="database is locked"):
                await state.set_value(session, "sync_token", "s1")
            await session.rollback()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert await value(sessions, "sync_token") is None
