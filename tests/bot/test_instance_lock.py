"""The database lock that keeps a second bot process a standby, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
import os
import signal

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.instance_lock import FileLock, active_instance, lock_for
from tests.postgres import PostgresCluster


@pytest.fixture
def database_url(empty_engine: AsyncEngine) -> str:
    """The URL of an empty database of the test's backend (the lock needs no tables)."""
    return empty_engine.url.render_as_string(hide_password=False)


async def test_a_second_lock_waits_until_the_first_is_released(database_url):
    """While one holder has the lock nobody else gets it; after release the next one does."""
    first, second = lock_for(database_url), lock_for(database_url)
    assert first is not None and second is not None
    try:
        assert await first.try_acquire()
        assert not await second.try_acquire()
        assert not await second.try_acquire()
        await first.release()
        assert await second.try_acquire()
    finally:
        await first.release()
        await second.release()


async def test_standby_names_the_active_process_and_leaves_when_stopped(database_url, caplog):
    """A standby logs who is active; stopped while it waits, it yields None and never runs."""
    holder = lock_for(database_url)
    assert holder is not None
    stop = asyncio.Event()
    stop.set()
    try:
        assert await holder.try_acquire()
        with caplog.at_level(logging.INFO, logger="bot.instance_lock"):
            async with active_instance(database_url, stop) as active:
                assert active is None
    finally:
        await holder.release()
    standing_by = [m for r in caplog.records if (m := r.getMessage()).startswith("standing by")]
    assert len(standing_by) == 1
    assert f"pid {os.getpid()}" in standing_by[0]


async def test_standby_takes_over_when_the_active_one_releases(database_url):
    """The waiting process enters as soon as the lock is free, and holds it then."""
    holder = lock_for(database_url)
    assert holder is not None and await holder.try_acquire()
    entered = asyncio.Event()
    leave = asyncio.Event()

    async def standby() -> None:
        async with active_instance(database_url, asyncio.Event()) as active:
            assert active is not None
            entered.set()
            await leave.wait()

    task = asyncio.create_task(standby())
    try:
        await holder.release()
        async with asyncio.timeout(30):
            await entered.wait()
        third = lock_for(database_url)
        assert third is not None
        assert not await third.try_acquire()
        await third.release()
    finally:
        leave.set()
        await task
        await holder.release()


async def test_in_memory_sqlite_needs_no_lock():
    """Nobody else can open an in-memory database, so there is nothing to lock."""
    assert lock_for("sqlite+aiosqlite:///:memory:") is None


async def test_removed_lock_file_stops_the_active_process(tmp_path):
    """Without its file the lock would let the next process in: the holder stops instead."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'ikz.sqlite3'}"
    stop = asyncio.Event()
    async with active_instance(url, stop) as active:
        assert active is not None
        (tmp_path / "data" / "ikz.sqlite3.lock").unlink()
        async with asyncio.timeout(30):
            await stop.wait()
    assert active.lost is not None and "ikz.sqlite3.lock" in active.lost


async def test_lock_file_is_private_and_names_its_holder(tmp_path):
    """The lock file is created 0600 beside the database and says which process holds it."""
    lock = FileLock(tmp_path / "ikz.sqlite3.lock")
    try:
        assert await lock.try_acquire()
        assert (tmp_path / "ikz.sqlite3.lock").stat().st_mode & 0o777 == 0o600
        assert f"pid {os.getpid()}" in (await lock.holder() or "")
    finally:
        await lock.release()


@pytest.mark.postgres
async def test_lost_postgres_connection_stops_the_active_process(postgres: PostgresCluster):
    """When the server ends the lock's session, the holder sets stop and says why."""
    name = postgres.new_database_name("lock")
    await postgres.create_database(name)
    stop = asyncio.Event()
    try:
        async with active_instance(postgres.url(name), stop) as active:
            assert active is not None
            conn = await postgres.connect(name)
            try:
                ended = await conn.fetchval(
                    "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
                )
            finally:
                await conn.close()
            assert ended
            async with asyncio.timeout(30):
                await stop.wait()
        assert active.lost is not None
        # The lock is free again for whoever comes next.
        after = lock_for(postgres.url(name))
        assert after is not None and await after.try_acquire()
        await after.release()
    finally:
        await postgres.drop_database(name)


@pytest.mark.postgres
async def test_lock_session_that_stops_answering_stops_the_active_process(
    postgres: PostgresCluster,
):
    """A server that no longer answers (as behind a broken network) counts as a lost lock, and
    letting go of it does not hang."""
    name = postgres.new_database_name("lock")
    await postgres.create_database(name)
    conn = await postgres.connect(name)
    stop = asyncio.Event()
    frozen: int | None = None
    try:
        async with active_instance(postgres.url(name), stop) as active:
            assert active is not None
            frozen = await conn.fetchval(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            )
            os.kill(frozen, signal.SIGSTOP)
            async with asyncio.timeout(30):
                await stop.wait()
        assert active.lost is not None and "TimeoutError" in active.lost
    finally:
        if frozen is not None:
            os.kill(frozen, signal.SIGCONT)
        await conn.close()
        await postgres.drop_database(name)
