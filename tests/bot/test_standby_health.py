"""A standby's side of the HTTP listener: `on_standby` runs only when the lock is taken, and
its /health reports `"role": "standby"` from the database alone."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.http import StandbyHealth
from bot.instance_lock import active_instance, lock_for
from storage.db import session_factory


async def test_on_standby_runs_once_when_the_lock_is_taken_and_never_when_free(
    empty_engine: AsyncEngine,
):
    """A free lock: straight in, no standby call; a held one: one call, then the wait."""
    url = empty_engine.url.render_as_string(hide_password=False)
    calls: list[str] = []
    called = asyncio.Event()

    async def on_standby() -> None:
        calls.append("standby")
        called.set()

    async with active_instance(url, asyncio.Event(), on_standby) as active:
        assert active is not None
    assert calls == []
    holder = lock_for(url)
    assert holder is not None and await holder.try_acquire()
    stop = asyncio.Event()
    try:
        waiting = asyncio.create_task(_enter(url, stop, on_standby))
        async with asyncio.timeout(30):
            await called.wait()
        stop.set()
        assert await waiting is None
    finally:
        await holder.release()
    assert calls == ["standby"]


async def _enter(url: str, stop: asyncio.Event, on_standby) -> object:
    async with active_instance(url, stop, on_standby) as active:
        return active


async def test_standby_health_is_ok_with_the_database_and_503_worthy_without(sessions, tmp_path):
    """Reaching the database: healthy, role standby; an unreachable one is named as failing."""
    healthy, body = await StandbyHealth(sessions).report()
    assert healthy
    assert body == {"status": "ok", "failing": [], "database": "ok", "role": "standby"}
    gone = create_async_engine(f"sqlite+aiosqlite:///{tmp_path}/missing-dir/ikz.sqlite3")
    try:
        healthy, body = await StandbyHealth(session_factory(gone)).report()
    finally:
        await gone.dispose()
    assert not healthy
    assert body["failing"] == ["database"] and body["role"] == "standby"
