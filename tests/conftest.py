"""Shared fixtures: a real Synapse homeserver on loopback for the integration tests."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest

from demo.synapse import LocalSynapse

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
