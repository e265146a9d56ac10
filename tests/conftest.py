"""Shared fixtures: a real database built by the migrations, and a real Synapse on loopback."""

from __future__ import annotations

import asyncio
import itertools
import secrets
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Protocol

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from demo.synapse import LocalSynapse
from storage.db import create_engine, session_factory
from storage.migrate import upgrade

INTEGRATION_DIR = Path(__file__).resolve().parent / "integration"


class UserFactory(Protocol):
    """Registers a fresh user and returns (user_id, password)."""

    def __call__(self, prefix: str = "erika") -> tuple[str, str]: ...


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark everything under tests/integration/ so `-m "not integration"` skips Synapse."""
    for item in items:
        if Path(item.path).resolve().is_relative_to(INTEGRATION_DIR):
            item.add_marker(pytest.mark.integration)


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


@pytest.fixture
async def engine(tmp_path: Path, migrated_file: Path) -> AsyncIterator[AsyncEngine]:
    """A database built by the migrations, fresh for each test (a copy of the session's)."""
    target = tmp_path / "data" / "ikz.sqlite3"
    target.parent.mkdir(parents=True)
    shutil.copyfile(migrated_file, target)
    engine = create_engine(f"sqlite+aiosqlite:///{target}")
    await upgrade(engine)  # a no-op at head; proves the copy is current
    yield engine
    await engine.dispose()


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


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return session_factory(engine)


@pytest.fixture
async def session(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One session for a test; the test commits when it wants to read back in another."""
    async with sessions() as session:
        yield session
