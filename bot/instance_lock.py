"""One active bot per database (DESIGN.md invariant 14): the database itself is the lock.

Two processes on one database would both answer commands and send posts. So before the bot
starts it takes a lock that the operating system or the database server frees when the
process dies, however it dies:

- PostgreSQL: a session advisory lock on a connection kept for the process's life. The server
  frees it when that connection ends: at once when the process is killed, and within about
  ten seconds when its machine vanishes (TCP keepalives and a user timeout set per session).
- SQLite: an exclusive `flock` on a file beside the database; the kernel frees it with the
  process.

A process that finds the lock taken is a hot standby: it logs so, keeps no sync running,
sends nothing, and asks for the lock every second; once it has it, the normal start follows
(session restore, sync from the saved token, scheduler rebuild). An active process whose
PostgreSQL connection breaks may have lost the lock to a standby, so it stops acting.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
"""How often a standby asks for the lock: it takes over this long after the lock is freed."""

CHECK_SECONDS = 2.0
CHECK_TIMEOUT_SECONDS = 3.0
"""An active PostgreSQL instance checks its lock this often and gives up if no answer comes in
time: within 5 s of a broken connection it stops, well before the server frees the lock for
a standby (keepalives below: 5 s idle + 3 probes 2 s apart, or 10 s of unacknowledged data)."""

_SERVER_KEEPALIVES = (
    "SET tcp_keepalives_idle = 5",
    "SET tcp_keepalives_interval = 2",
    "SET tcp_keepalives_count = 3",
    "SET tcp_user_timeout = 10000",
)

ADVISORY_KEY = int.from_bytes(b"ikz-bot", "big")
"""The advisory lock's key; advisory locks are per database, so other databases never clash."""
_THE_LOCK = """
locktype = 'advisory' AND granted AND objsubid = 1 AND classid = :high AND objid = :low
AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
"""
_HELD_BY_ME = f"SELECT count(*) FROM pg_locks WHERE {_THE_LOCK} AND pid = pg_backend_pid()"
_HOLDER = f"""
SELECT application_name FROM pg_stat_activity
WHERE pid = (SELECT pid FROM pg_locks WHERE {_THE_LOCK} LIMIT 1)
"""
_KEY = {"high": ADVISORY_KEY >> 32, "low": ADVISORY_KEY & 0xFFFFFFFF}


class LockLost(Exception):
    """The lock is no longer certainly ours; another instance may be active already."""


class InstanceLock(Protocol):
    """The lock of one database; `check` raises LockLost once it is not held any more."""

    where: str

    async def try_acquire(self) -> bool: ...

    async def holder(self) -> str | None: ...

    async def check(self) -> None: ...

    async def release(self) -> None: ...


def _me() -> str:
    return f"ikz-bot on {socket.gethostname()[:32]}, pid {os.getpid()}"


class FileLock:
    """An exclusive flock on `<database>.lock`; the file names the holder for the standby."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = f"lock file {path}"
        self._fd: int | None = None

    async def try_acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # Someone removed or replaced the file before we locked it: not the shared lock.
            if not self._is_ours(fd):
                raise BlockingIOError
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, _me().encode())
        self._fd = fd
        return True

    async def holder(self) -> str | None:
        with contextlib.suppress(OSError):
            return self.path.read_text(encoding="utf-8", errors="replace").strip() or None
        return None

    async def check(self) -> None:
        """A lock file that was removed would let the next process start unhindered."""
        if self._fd is not None and not self._is_ours(self._fd):
            raise LockLost(f"{self.path} was removed or replaced")

    async def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # frees the flock; the file stays for the next process
            self._fd = None

    def _is_ours(self, fd: int) -> bool:
        try:
            named, held = os.stat(self.path), os.fstat(fd)
        except FileNotFoundError:
            return False
        return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


class AdvisoryLock:
    """A PostgreSQL session advisory lock on its own connection (autocommit, never idle in a
    transaction); the connection's application name says who holds it."""

    def __init__(self, url: str) -> None:
        # Named by database only, never with the URL's password.
        self.where = f"advisory lock of PostgreSQL database {make_url(url).database}"
        self._engine: AsyncEngine = create_async_engine(
            url,
            poolclass=NullPool,
            isolation_level="AUTOCOMMIT",
            connect_args={"server_settings": {"application_name": _me()}},
        )
        self._conn: AsyncConnection | None = None
        self._held = False

    async def try_acquire(self) -> bool:
        conn = await self._connection()
        try:
            got = await conn.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}
            )
        except Exception:
            await self._drop_connection()
            raise
        self._held = bool(got)
        return self._held

    async def holder(self) -> str | None:
        conn = await self._connection()
        return await conn.scalar(text(_HOLDER), _KEY)

    async def check(self) -> None:
        """Ask the server whether this session still holds the lock; no answer counts as no."""
        if self._conn is None or not self._held:
            raise LockLost("no connection to the database")
        try:
            async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
                held = await self._conn.scalar(text(_HELD_BY_ME), _KEY)
        except Exception as err:
            raise LockLost(f"the lock's connection failed: {type(err).__name__}: {err}") from err
        if not held:
            raise LockLost("the server no longer lists the lock as ours")

    async def release(self) -> None:
        """Closing the session frees the lock."""
        await self._drop_connection()
        await self._engine.dispose()

    async def _connection(self) -> AsyncConnection:
        if self._conn is None:
            conn = await self._engine.connect()
            try:
                for statement in _SERVER_KEEPALIVES:
                    await conn.execute(text(statement))
            except Exception:
                await conn.close()
                raise
            self._conn = conn
        return self._conn

    async def _drop_connection(self) -> None:
        conn, self._conn, self._held = self._conn, None, False
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.close()


def lock_for(database_url: str) -> InstanceLock | None:
    """The lock of the database at `database_url`; None for an in-memory SQLite database,
    which no second process can open anyway."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        return AdvisoryLock(database_url)
    if not url.database or url.database == ":memory:" or url.query.get("uri"):
        return None
    return FileLock(Path(f"{url.database}.lock"))


@dataclass
class Active:
    """What the caller learns while it runs as the active instance."""

    lost: str | None = None
    """Why the lock was lost (and `stop` set), or None while it is held."""


@contextlib.asynccontextmanager
async def active_instance(
    database_url: str,
    stop: asyncio.Event,
    on_standby: Callable[[], Awaitable[None]] | None = None,
) -> AsyncIterator[Active | None]:
    """Wait as a standby until this process holds the database's lock, then yield.

    `on_standby` is awaited once if the lock is taken, before the waiting starts (the CLI
    starts a /health listener there). Yields None if `stop` was set while standing by.
    While the caller runs, the lock is checked; if it is lost, `stop` is set and
    `Active.lost` says why. Released on exit.
    """
    lock = lock_for(database_url)
    if lock is None:
        yield Active()
        return
    try:
        if not await _wait_for(lock, stop, on_standby):
            yield None
            return
        active = Active()
        watcher = asyncio.create_task(_watch(lock, active, stop), name="instance lock")
        try:
            yield active
        finally:
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)
    finally:
        await lock.release()


async def _wait_for(
    lock: InstanceLock,
    stop: asyncio.Event,
    on_standby: Callable[[], Awaitable[None]] | None = None,
) -> bool:
    """True once the lock is ours, False if stopped first.

    The first attempt's errors (a wrong URL, a database that is down) end the process, as
    they would without the lock; later ones are logged and retried.
    """
    if await lock.try_acquire():
        log.info("active: this process holds the %s", lock.where)
        return True
    log.info(
        "standing by: %s is active on this database (%s); taking over when it stops",
        await _holder(lock),
        lock.where,
    )
    if on_standby is not None:
        await on_standby()
    failing = False
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), POLL_SECONDS)
        if stop.is_set():
            break
        try:
            acquired = await lock.try_acquire()
        except Exception as err:
            if not failing:
                log.warning("standby cannot reach the database, retrying: %s", err)
            failing = True
            continue
        failing = False
        if acquired:
            log.warning("taking over: this process now holds the %s", lock.where)
            return True
    log.info("stopped while standing by")
    return False


async def _holder(lock: InstanceLock) -> str:
    try:
        return await lock.holder() or "another ikz-bot"
    except Exception:
        return "another ikz-bot"


async def _watch(lock: InstanceLock, active: Active, stop: asyncio.Event) -> None:
    while True:
        await asyncio.sleep(CHECK_SECONDS)
        try:
            await lock.check()
        except Exception as err:  # LockLost, or a check that cannot tell: not certainly ours
            active.lost = str(err) if isinstance(err, LockLost) else f"{type(err).__name__}: {err}"
            log.error(
                "lost the %s (%s); stopping, so that a standby can take over alone",
                lock.where,
                active.lost,
            )
            stop.set()
            return
