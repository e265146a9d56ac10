"""The `synapse` fixture is a real homeserver, not a mock."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from nio import (
    AsyncClient,
    AsyncClientConfig,
    LoginResponse,
    RoomCreateResponse,
    RoomMessagesResponse,
    RoomMessageText,
    RoomSendResponse,
)

from demo.synapse import LocalSynapse
from tests.integration.support import UserFactory

# Loopback only: ignore any HTTP(S)_PROXY in the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _post_json(url: str, body: dict[str, Any]) -> dict[str, Any]:
    req = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with OPENER.open(req, timeout=30) as resp:
        return dict(json.loads(resp.read()))


def test_versions_endpoint_answers(synapse: LocalSynapse) -> None:
    """The homeserver answers GET /_matrix/client/versions on loopback."""
    assert synapse.url.startswith("http://127.0.0.1:")
    with OPENER.open(f"{synapse.url}/_matrix/client/versions", timeout=10) as resp:
        assert resp.status == 200
        versions = json.loads(resp.read())["versions"]
    assert "v1.1" in versions


async def test_nio_client_sends_and_reads_back_a_message(
    synapse: LocalSynapse, user_factory: UserFactory
) -> None:
    """A matrix-nio client logs in, creates a room, sends a message and reads it back."""
    user_id, password = user_factory()
    client = AsyncClient(synapse.url, user_id, config=AsyncClientConfig(encryption_enabled=False))
    try:
        login = await client.login(password, device_name="fixture-check")
        assert isinstance(login, LoginResponse), login
        room = await client.room_create(name="Fixture check")
        assert isinstance(room, RoomCreateResponse), room
        body = "Moin aus Detmold!"
        sent = await client.room_send(
            room.room_id, "m.room.message", {"msgtype": "m.text", "body": body}
        )
        assert isinstance(sent, RoomSendResponse), sent
        history = await client.room_messages(room.room_id, limit=20)
        assert isinstance(history, RoomMessagesResponse), history
        texts = [
            (event.event_id, event.sender, event.body)
            for event in history.chunk
            if isinstance(event, RoomMessageText)
        ]
        assert texts == [(sent.event_id, user_id, body)]
    finally:
        await client.close()


def test_register_is_idempotent(synapse: LocalSynapse) -> None:
    """Registering an existing user with the same password returns the same id."""
    first = synapse.register("hannelore-idempotent", "same-secret")
    assert first == f"@hannelore-idempotent:{synapse.server_name}"
    assert synapse.register("hannelore-idempotent", "same-secret") == first
    with pytest.raises(ValueError, match="different password"):
        synapse.register("hannelore-idempotent", "another-secret")


def test_restart_on_same_base_dir_keeps_users(tmp_path: Path) -> None:
    """A second LocalSynapse on a stopped server's base_dir keeps port, users and passwords."""
    base_dir = tmp_path / "hs"
    with LocalSynapse(base_dir) as first:
        user_id = first.register("jonas-restart", "restart-secret")
    assert not first.is_running()
    first.stop()  # idempotent

    with LocalSynapse(base_dir) as second:
        assert second.url == first.url
        login = _post_json(
            f"{second.url}/_matrix/client/v3/login",
            {
                "type": "m.login.password",
                "identifier": {"type": "m.id.user", "user": "jonas-restart"},
                "password": "restart-secret",
            },
        )
        assert login["user_id"] == user_id
