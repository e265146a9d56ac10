"""A cross-signing identity made by another client than the bot, with `signedjson`."""

from __future__ import annotations

import json
from typing import Any

from nio import AsyncClient, AsyncClientConfig, LoginResponse
from signedjson.key import encode_verify_key_base64, generate_signing_key, get_verify_key
from signedjson.sign import sign_json

USAGES = ("master", "self_signing", "user_signing")


async def identity_from_elsewhere(homeserver: str, user_id: str, password: str) -> str:
    """Someone logs into the bot's account with another client and sets up cross-signing;
    returns the new master key."""
    client = AsyncClient(homeserver, user_id, config=AsyncClientConfig(encryption_enabled=False))
    try:
        assert isinstance(await client.login(password, device_name="Element"), LoginResponse)
        keys = {}
        for usage in USAGES:
            key = generate_signing_key("pending")
            key.version = encode_verify_key_base64(get_verify_key(key))
            keys[usage] = key
        body: dict[str, Any] = {}
        for usage, key in keys.items():
            entry = {
                "user_id": user_id,
                "usage": [usage],
                "keys": {f"ed25519:{key.version}": key.version},
            }
            signed = usage != "master"
            body[f"{usage}_key"] = sign_json(entry, user_id, keys["master"]) if signed else entry
        response = await client.send(
            "POST",
            "/_matrix/client/v3/keys/device_signing/upload",
            json.dumps(body),
            headers={"Authorization": f"Bearer {client.access_token}"},
        )
        async with response:
            assert response.status == 200, await response.text()
        return keys["master"].version
    finally:
        await client.close()
