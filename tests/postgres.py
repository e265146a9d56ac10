"""A throwaway PostgreSQL cluster for the tests: initdb in a temp dir, one server per session.

The server listens only on a Unix socket inside its own temp dir (no TCP port, so parallel
test sessions on one machine never collide), runs without fsync, and trusts local
connections. initdb and postgres refuse to run as root, so under root (CI containers) they run
as the `postgres` system user that Debian's package creates.

Each test gets a database that is indistinguishable from a copy of a template the real
migrations built once, which mirrors the SQLite fixture's "migrate once, copy per test".
Copying a database (`CREATE DATABASE ... TEMPLATE`) takes about half a second, though, which
over several hundred tests is minutes; so `DatabasePool` copies only when it must and
otherwise hands out a database that a previous test used and that was reset after it: its
schema (tables, columns, defaults, constraints, indexes, sequences, Alembic revision) checked
against the template's, all rows deleted and every sequence restarted, so ids start at 1 again.
A database whose schema a test changed (the migration tests do) or that a leaked connection
still uses is dropped instead.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg

# Binaries that must sit in one directory for the cluster to start.
REQUIRED = ("initdb", "postgres")
# The role initdb creates; the bot's tables belong to it.
SUPERUSER = "ikz"
# The Debian package's system user, used when the tests run as root.
SYSTEM_USER = "postgres"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0
# Temp dirs are named so that a later session can recognise and remove abandoned ones.
DIR_PREFIX = "ikz-pg-"
# A dir this old without a running server was left behind by a killed session.
STALE_AFTER = 600.0
_PR_SET_PDEATHSIG = 1


def find_bindir() -> Path | None:
    """Where initdb and postgres live: pg_config's answer, Debian's layout, then PATH.

    IKZ_POSTGRES_BINDIR names the directory instead (one of several installed versions);
    a directory without the binaries means no PostgreSQL.
    """
    chosen = os.environ.get("IKZ_POSTGRES_BINDIR")
    if chosen is not None:
        return _if_complete(Path(chosen))
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            result = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            )
            candidates.append(Path(result.stdout.strip()))
    # Debian installs the server outside PATH, one directory per major version; newest first.
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        versions = [p for p in debian.iterdir() if p.name.isdigit()]
        for version in sorted(versions, key=lambda p: int(p.name), reverse=True):
            candidates.append(version / "bin")
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    for bindir in candidates:
        if _if_complete(bindir):
            return bindir
    return None


def _if_complete(bindir: Path) -> Path | None:
    return bindir if all(os.access(bindir / name, os.X_OK) for name in REQUIRED) else None


@dataclass
class _RunAs:
    """Who runs the server: the current user, or the postgres system user under root."""

    uid: int | None = None
    gid: int | None = None

    @classmethod
    def for_current_user(cls) -> _RunAs:
        if os.geteuid() != 0:
            return cls()
        try:
            entry = pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            raise RuntimeError(
                f"PostgreSQL refuses to run as root and there is no {SYSTEM_USER!r} user to run "
                "it as; install Debian's postgresql package or run the tests as a normal user"
            ) from None
        return cls(uid=entry.pw_uid, gid=entry.pw_gid)

    def chown(self, path: Path) -> None:
        if self.uid is not None and self.gid is not None:
            os.chown(path, self.uid, self.gid)

    def kwargs(self) -> dict[str, object]:
        if self.uid is None:
            return {}
        # extra_groups=[] drops root's supplementary groups along with the user.
        return {"user": self.uid, "group": self.gid, "extra_groups": []}


class PostgresCluster:
    """One server on a Unix socket in a private temp dir; start() and stop() are explicit."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.run_as = _RunAs.for_current_user()
        # Not pytest's tmp_path: its parents are private to the current user (0700), which the
        # postgres user could not traverse. /tmp itself is world-writable and sticky.
        remove_abandoned_dirs()
        self.root = Path(tempfile.mkdtemp(prefix=DIR_PREFIX))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = 5432  # only names the socket file; nothing listens on TCP
        self._process: subprocess.Popen[bytes] | None = None
        self._counter = itertools.count(1)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        self.run_as.chown(self.root)
        self._run(
            "initdb",
            "--pgdata",
            str(self.data),
            "--username",
            SUPERUSER,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            # UTF-8 case mapping (lower() of "Ä" is "ä") on every current glibc; its collation
            # is code point order. The code never relies on the database to order text (see
            # storage.collation). Messages stay English for readable failures.
            "--locale",
            "C.UTF-8",
            "--lc-messages",
            "C",
            "--no-sync",
        )
        with self.log.open("wb") as log:
            self.run_as.chown(self.log)
            self._process = subprocess.Popen(
                [
                    str(self.bindir / "postgres"),
                    "-D",
                    str(self.data),
                    "-k",
                    str(self.root),
                    "-p",
                    str(self.port),
                    "-c",
                    "listen_addresses=",
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off",
                    "-c",
                    "shared_buffers=32MB",
                    "-c",
                    "max_connections=100",
                    # UTC like the bot's instants, so a stray now() in SQL is unambiguous.
                    "-c",
                    "timezone=UTC",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.root,
                # If pytest dies without running its finalizers (SIGKILL, a timeout's
                # SIGTERM), the server must not outlive it.
                preexec_fn=_die_with_parent,
                **self.run_as.kwargs(),  # type: ignore[arg-type]
            )
        self._wait_until_ready()

    def stop(self) -> None:
        """Fast shutdown (SIGINT), then SIGQUIT/SIGKILL if it hangs; remove the temp dir."""
        process, self._process = self._process, None
        try:
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(STOP_TIMEOUT)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    # -- databases ---------------------------------------------------------------------------

    def url(self, database: str) -> str:
        """A SQLAlchemy URL for `database`, over the Unix socket."""
        return f"postgresql+asyncpg://{SUPERUSER}@/{database}?host={self.root}&port={self.port}"

    def new_database_name(self, prefix: str = "t") -> str:
        return f"{prefix}_{next(self._counter)}"

    async def create_database(self, name: str, *, template: str | None = None) -> None:
        _check_name(name)
        sql = f'CREATE DATABASE "{name}"'
        if template is not None:
            _check_name(template)
            sql += f' TEMPLATE "{template}"'
        await self.execute(sql)

    async def drop_database(self, name: str) -> None:
        _check_name(name)
        # FORCE ends connections a test leaked, so one sloppy test cannot wedge the session.
        await self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    async def execute(self, sql: str, database: str = "postgres") -> None:
        conn = await self.connect(database)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    async def connect(self, database: str) -> asyncpg.Connection:
        return await asyncpg.connect(
            user=SUPERUSER, database=database, host=str(self.root), port=self.port
        )

    # -- helpers -----------------------------------------------------------------------------

    def _run(self, binary: str, *args: str) -> None:
        result = subprocess.run(
            [str(self.bindir / binary), *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            cwd=self.root,
            timeout=120,
            **self.run_as.kwargs(),  # type: ignore[arg-type]
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{binary} failed with exit code {result.returncode}:\n"
                f"{result.stdout}\n{result.stderr}"
            )

    def _wait_until_ready(self) -> None:
        socket = self.root / f".s.PGSQL.{self.port}"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"postgres exited with code {self._process.returncode}:\n{self._log_text()}"
                )
            # The socket appears once the server accepts connections (pid file says "ready").
            if socket.exists() and "ready to accept connections" in self._log_text():
                return
            time.sleep(0.05)
        log = self._log_text()
        self.stop()
        raise RuntimeError(f"postgres did not start within {START_TIMEOUT:.0f} s:\n{log}")

    def _log_text(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""


def _check_name(name: str) -> None:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"unsafe database name {name!r}")


# Everything a test could change about a database's schema, as one digest: relations with their
# columns (type, nullability, collation, default), constraints, indexes, triggers, functions,
# types and the Alembic revision.
_FINGERPRINT = """
SELECT md5(string_agg(item, E'\\n' ORDER BY item)) FROM (
    SELECT c.relkind::text || ' ' || c.relname || ' ' || coalesce(string_agg(
        a.attname || ':' || format_type(a.atttypid, a.atttypmod) || ':' || a.attnotnull::text
            || ':' || a.attcollation::text || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), ''),
        ',' ORDER BY a.attnum), '') AS item
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    WHERE n.nspname = 'public'
    GROUP BY c.oid, c.relkind, c.relname
  UNION ALL
    SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
  UNION ALL
    SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
  UNION ALL
    SELECT 'trigger ' || tgrelid::regclass::text || ' ' || tgname FROM pg_trigger
    WHERE NOT tgisinternal
  UNION ALL
    SELECT 'function ' || oid::regprocedure::text FROM pg_proc
    WHERE pronamespace = 'public'::regnamespace
  UNION ALL
    SELECT 'type ' || typname FROM pg_type WHERE typnamespace = 'public'::regnamespace
  UNION ALL
    SELECT 'alembic ' || version_num FROM alembic_version
) AS schema
"""
_DATA_TABLES = """
SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'
"""
_RESTART_SEQUENCES = """
SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false)
FROM pg_sequences WHERE schemaname = 'public'
"""
_OTHER_SESSIONS = """
SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
"""


class DatabasePool:
    """Databases that look freshly copied from `template`, reused after a reset when safe."""

    def __init__(self, cluster: PostgresCluster, template: str) -> None:
        self.cluster = cluster
        self.template = template
        self._fingerprint: str | None = None
        self._reusable = False
        self._clean: list[str] = []

    async def inspect_template(self) -> None:
        """Remember the template's schema; reuse only works if the template holds no rows."""
        conn = await self.cluster.connect(self.template)
        try:
            self._fingerprint = await conn.fetchval(_FINGERPRINT)
            tables = [row[0] for row in await conn.fetch(_DATA_TABLES)]
            rows = 0
            for table in tables:
                rows += await conn.fetchval(f'SELECT count(*) FROM "{table}"')
        finally:
            await conn.close()
        # A migration that seeds rows would need a smarter reset; copy every time then.
        self._reusable = rows == 0

    async def acquire(self) -> str:
        if self._clean:
            return self._clean.pop()
        name = self.cluster.new_database_name()
        await self.cluster.create_database(name, template=self.template)
        return name

    async def release(self, name: str) -> None:
        """Reset `name` for the next test, or drop it if it cannot be made like new."""
        if self._reusable and await self._reset(name):
            self._clean.append(name)
        else:
            await self.cluster.drop_database(name)

    async def _reset(self, name: str) -> bool:
        conn = await self.cluster.connect(name)
        try:
            # A connection the test leaked could still write or hold locks.
            if await conn.fetchval(_OTHER_SESSIONS):
                return False
            if await conn.fetchval(_FINGERPRINT) != self._fingerprint:
                return False
            tables = [row[0] for row in await conn.fetch(_DATA_TABLES)]
            async with conn.transaction():
                # Skip foreign key triggers, so the order of the deletes does not matter.
                await conn.execute("SET LOCAL session_replication_role = replica")
                for table in tables:
                    await conn.execute(f'DELETE FROM "{table}"')
                await conn.execute(_RESTART_SEQUENCES)
            return True
        finally:
            await conn.close()


def _die_with_parent() -> None:
    """In the server's process before exec: immediate shutdown (SIGQUIT) when pytest dies."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGQUIT)


def remove_abandoned_dirs() -> None:
    """Remove cluster dirs of earlier sessions that were killed before they could clean up."""
    for path in Path(tempfile.gettempdir()).glob(f"{DIR_PREFIX}*"):
        with contextlib.suppress(OSError, ValueError):
            if time.time() - path.stat().st_mtime < STALE_AFTER or _server_running(path):
                continue
            shutil.rmtree(path)


def _server_running(root: Path) -> bool:
    pid_file = root / "data" / "postmaster.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text().splitlines()[0])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
