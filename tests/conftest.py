"""Shared fixtures: a real database built by the migrations, and a real Synapse on loopback.

Every test that uses `engine` (and so `sessions`, `session`) runs twice: on SQLite and on a
throwaway PostgreSQL cluster (tests/postgres.py). Without PostgreSQL's server binaries the
PostgreSQL half is not generated at all, and the header says so; with IKZ_REQUIRE_POSTGRES=1
(set by .ci/run) their absence is an error instead.
"""

from __future__ import annotations

import asyncio
import atexit
import itertools
import os
import secrets
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from demo.synapse import LocalSynapse
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from tests.integration.support import UserFactory
from tests.postgres import DatabasePool, PostgresCluster, find_bindir

INTEGRATION_DIR = Path(__file__).resolve().parent / "integration"

POSTGRES_BINDIR = find_bindir()
REQUIRE_POSTGRES = os.environ.get("IKZ_REQUIRE_POSTGRES", "") not in ("", "0")
# The database backends every storage, handler and scheduler test runs on.
BACKENDS = ["sqlite"] if POSTGRES_BINDIR is None else ["sqlite", "postgresql"]
# The session fixture holding each backend's once-migrated database.
MIGRATED = {"sqlite": "migrated_file", "postgresql": "migrated_postgres"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason): a database test about SQLite's own mechanics; not run on PostgreSQL",
    )
    config.addinivalue_line(
        "markers",
        "postgres: needs PostgreSQL's server binaries; not collected at all without them",
    )
    if REQUIRE_POSTGRES and POSTGRES_BINDIR is None:
        raise pytest.UsageError(
            "IKZ_REQUIRE_POSTGRES is set, but no PostgreSQL server binaries (initdb, postgres) "
            "were found via IKZ_POSTGRES_BINDIR, pg_config, /usr/lib/postgresql/*/bin or "
            "PATH. Install them (Debian: apt-get install postgresql) or unset "
            "IKZ_REQUIRE_POSTGRES."
        )


def pytest_report_header(config: pytest.Config) -> str:
    if POSTGRES_BINDIR is None:
        return (
            "PostgreSQL: server binaries not found, so the PostgreSQL half of the database "
            "tests is NOT run (install Debian's postgresql package to run it)"
        )
    return f"PostgreSQL: database tests run on SQLite and on PostgreSQL from {POSTGRES_BINDIR}"


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`sqlite_only` tests get only the SQLite value of the `backend` fixture."""
    marker = metafunc.definition.get_closest_marker("sqlite_only")
    if marker is not None and "backend" in metafunc.fixturenames:
        # As a parametrize mark, which pytest lets take precedence over the fixture's params.
        metafunc.definition.add_marker(
            pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark everything under tests/integration/ so `-m "not integration"` skips Synapse."""
    for item in items:
        if Path(item.path).resolve().is_relative_to(INTEGRATION_DIR):
            item.add_marker(pytest.mark.integration)
    if POSTGRES_BINDIR is None:
        # Like the PostgreSQL half of the database tests: not generated, rather than skipped.
        dropped = [item for item in items if item.get_closest_marker("postgres")]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = [item for item in items if item not in dropped]


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSynapse]:
    """One real homeserver per test session; a failed start errors out, it never skips."""
    server = LocalSynapse(tmp_path_factory.mktemp("synapse"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def user_factory(synapse: LocalSynapse) -> UserFactory:
    """Fresh, unique users so tests never share account state."""
    counter = itertools.count(1)

    def make(prefix: str = "erika") -> tuple[str, str]:
        localpart = f"{prefix}-{next(counter)}"
        password = f"pw-{secrets.token_hex(8)}"
        return synapse.register(localpart, password), password

    return make


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Which database the test runs on: "sqlite" or "postgresql" (part of the test id)."""
    # Build the session's migrated database here, outside the test's event loop: the build
    # runs its own asyncio.run().
    request.getfixturevalue(MIGRATED[request.param])
    return request.param


@pytest.fixture
async def engine(request: pytest.FixtureRequest, backend: str) -> AsyncIterator[AsyncEngine]:
    """A database built by the migrations, fresh for each test (a copy of the session's)."""
    migrated = request.getfixturevalue(MIGRATED[backend])
    if backend == "postgresql":
        # The pool checks each database's schema against the template's when it hands it
        # out again, which proves it current the way upgrade() does for the SQLite copy.
        pool: DatabasePool = migrated
        name = await pool.acquire()
        engine = create_engine(pool.cluster.url(name))
        try:
            yield engine
        finally:
            await engine.dispose()
            await pool.release(name)
        return
    target = request.getfixturevalue("tmp_path") / "data" / "ikz.sqlite3"
    target.parent.mkdir(parents=True)
    shutil.copyfile(migrated, target)
    engine = create_engine(f"sqlite+aiosqlite:///{target}")
    try:
        await upgrade(engine)  # a no-op at head; proves the copy is current
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
async def empty_engine(request: pytest.FixtureRequest, backend: str) -> AsyncIterator[AsyncEngine]:
    """An empty database (no tables yet), for tests that migrate step by step themselves."""
    if backend == "postgresql":
        cluster: PostgresCluster = request.getfixturevalue("postgres")
        name = cluster.new_database_name("empty")
        await cluster.create_database(name)
        engine = create_engine(cluster.url(name))
    else:
        path = request.getfixturevalue("tmp_path") / "empty" / "ikz.sqlite3"
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        yield engine
    finally:
        await engine.dispose()
        if backend == "postgresql":
            await cluster.drop_database(name)


@pytest.fixture(scope="session")
def migrated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the migrations once per test session; each test gets a copy of the result."""
    path = tmp_path_factory.mktemp("migrated") / "ikz.sqlite3"

    async def build() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        await upgrade(engine)
        await engine.dispose()

    asyncio.run(build())
    return path


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """One throwaway PostgreSQL cluster per test session, started on first use."""
    if POSTGRES_BINDIR is None:
        raise RuntimeError("no PostgreSQL server binaries; the postgresql backend is not offered")
    cluster = PostgresCluster(POSTGRES_BINDIR)
    # A backstop for an interrupted session; stop() is idempotent.
    atexit.register(cluster.stop)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        atexit.unregister(cluster.stop)


@pytest.fixture(scope="session")
def migrated_postgres(postgres: PostgresCluster) -> DatabasePool:
    """Run the migrations once into a template database; each test gets a copy of it."""
    name = "migrated"
    pool = DatabasePool(postgres, name)

    async def build() -> None:
        await postgres.create_database(name)
        engine = create_engine(postgres.url(name))
        try:
            await upgrade(engine)
        finally:
            # CREATE DATABASE ... TEMPLATE needs the template to have no connections.
            await engine.dispose()
        await pool.inspect_template()

    asyncio.run(build())
    return pool


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return session_factory(engine)


@pytest.fixture
async def session(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One session for a test; the test commits when it wants to read back in another."""
    async with sessions() as session:
        yield session
