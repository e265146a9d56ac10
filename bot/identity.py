"""The bot's cross-signing identity: its own device is verified, so Element talks to it.

Element shares room keys only with devices their owner has cross-signed (MSC4153). The bot
owns three ed25519 keys (master, self-signing, user-signing), kept in `cross_signing.json`
in the data directory (0600), and signs each of its devices with the self-signing key. The
same file is what `ikz-bot keys export` prints and `ikz-bot keys import` restores.

An identity the bot has no private keys for (made elsewhere) is never replaced silently:
the bot says what to do, and only `ikz-bot keys reset` replaces it (with the password).
"""

from __future__ import annotations

import base64
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import ClientError
from canonicaljson import encode_canonical_json
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from nio import AsyncClient

log = logging.getLogger(__name__)

IDENTITY_FILE = "cross_signing.json"
KEY_FILE_FORMAT = "ikz-bot cross-signing keys v1"
USAGES = ("master", "self_signing", "user_signing")

Json = dict[str, Any]


class IdentityError(Exception):
    """The identity cannot be used as asked; the message says what to do."""


def _b64(data: bytes) -> str:
    """Matrix's unpadded base64."""
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def _public(key: Ed25519PrivateKey) -> str:
    return _b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def sign_json(obj: Json, user_id: str, key: Ed25519PrivateKey) -> Json:
    """`obj` with this key's signature added (canonical JSON without signatures/unsigned)."""
    unsigned = {k: v for k, v in obj.items() if k not in ("signatures", "unsigned")}
    signature = _b64(key.sign(encode_canonical_json(unsigned)))
    signatures = {user: dict(sigs) for user, sigs in obj.get("signatures", {}).items()}
    signatures.setdefault(user_id, {})[f"ed25519:{_public(key)}"] = signature
    return {**obj, "signatures": signatures}


@dataclass(frozen=True, slots=True)
class CrossSigningKeys:
    """The private half of a user's cross-signing identity."""

    user_id: str
    master: Ed25519PrivateKey
    self_signing: Ed25519PrivateKey
    user_signing: Ed25519PrivateKey

    @classmethod
    def generate(cls, user_id: str) -> CrossSigningKeys:
        """A new identity for `user_id`."""
        return cls(user_id, *(Ed25519PrivateKey.generate() for _ in USAGES))

    @property
    def master_public(self) -> str:
        return _public(self.master)

    @property
    def self_signing_public(self) -> str:
        return _public(self.self_signing)

    def _by_usage(self) -> dict[str, Ed25519PrivateKey]:
        """The three keys by their Matrix usage name."""
        return dict(zip(USAGES, (self.master, self.self_signing, self.user_signing), strict=True))

    def public_keys(self) -> Json:
        """The body of `/keys/device_signing/upload`: the sub-keys signed by the master key."""
        body: Json = {}
        for usage, key in self._by_usage().items():
            entry = {
                "user_id": self.user_id,
                "usage": [usage],
                "keys": {f"ed25519:{_public(key)}": _public(key)},
            }
            signed = usage != "master"
            body[f"{usage}_key"] = sign_json(entry, self.user_id, self.master) if signed else entry
        return body

    def to_json(self) -> str:
        """The key file: the three private seeds, unpadded base64."""
        seeds = {usage: _b64(key.private_bytes_raw()) for usage, key in self._by_usage().items()}
        return json.dumps({"format": KEY_FILE_FORMAT, "user_id": self.user_id, **seeds}, indent=2)

    @classmethod
    def from_json(cls, text: str) -> CrossSigningKeys:
        """Read a key file; raises IdentityError saying what is wrong with it."""
        try:
            data = json.loads(text)
            if data.get("format") != KEY_FILE_FORMAT:
                raise IdentityError(f"not an ikz-bot key file (format {data.get('format')!r})")
            keys = [Ed25519PrivateKey.from_private_bytes(_unb64(data[u])) for u in USAGES]
            return cls(str(data["user_id"]), *keys)
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise IdentityError(f"unreadable key file: {err!r}") from err


def load_keys(data_dir: Path) -> CrossSigningKeys | None:
    """The stored identity, or None if there is none yet."""
    try:
        text = (data_dir / IDENTITY_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return CrossSigningKeys.from_json(text)


def save_keys(data_dir: Path, keys: CrossSigningKeys) -> None:
    """Write the identity atomically with permissions 0600 (it holds private keys)."""
    write_private(data_dir / IDENTITY_FILE, keys.to_json())


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, readable only by the bot's user."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def import_keys(data_dir: Path, text: str, user_id: str, *, replace: bool = False) -> str:
    """Store a key file's identity for `user_id`; returns its master key.

    A different identity already stored is kept unless `replace` is set, because it may be
    the one the homeserver knows.
    """
    keys = CrossSigningKeys.from_json(text)
    if keys.user_id != user_id:
        raise IdentityError(f"the key file belongs to {keys.user_id}, not to {user_id}")
    current = load_keys(data_dir)
    if current and current.master_public != keys.master_public and not replace:
        raise IdentityError(
            f"{data_dir / IDENTITY_FILE} already holds another identity (master key "
            f"{current.master_public}); export it first if you may still need it, "
            "then import again with --replace"
        )
    save_keys(data_dir, keys)
    return keys.master_public


@dataclass(frozen=True, slots=True)
class ServerIdentity:
    """What the homeserver publishes about the bot's account."""

    master: str | None
    self_signing: str | None
    device: Json | None


async def cross_sign_device(client: AsyncClient, data_dir: Path, password: str | None) -> None:
    """Make sure the account has the bot's identity and this device is signed by it.

    Never replaces an identity that is not ours; that, a broken key file or a homeserver
    error is logged and leaves the device unsigned (the bot still runs).
    """
    try:
        if client.should_upload_keys:  # a new device: publish its keys now, to sign them
            await client.keys_upload()
        keys = load_keys(data_dir)
        if keys is not None and keys.user_id != client.user_id:
            raise IdentityError(
                f"{data_dir / IDENTITY_FILE} belongs to {keys.user_id}, not {client.user_id}"
            )
        server = await query_identity(client)
        if server.master is None:
            if keys is None:
                keys = CrossSigningKeys.generate(client.user_id)
                save_keys(data_dir, keys)  # before the upload: never publish a lost key
            await upload_identity(client, keys, password)
            log.info("published cross-signing identity, master key %s", keys.master_public)
        elif keys is None or keys.master_public != server.master:
            log.error(foreign_identity_advice(client.user_id, server.master, data_dir))
            return
        elif keys.self_signing_public != server.self_signing:
            await upload_identity(client, keys, password)
            log.info("re-published the self-signing key of master key %s", keys.master_public)
        await sign_device(client, keys, server.device)
    except (IdentityError, ClientError, TimeoutError) as err:
        log.error("the bot's device is not cross-signed: %s", err)


async def reset_identity(client: AsyncClient, data_dir: Path, password: str | None) -> str:
    """Replace the account's identity by a new one and sign this device; returns the master key.

    The operator's explicit choice when nobody has the old identity's keys any more.
    Needs no encryption store: the device's keys are on the homeserver since its first start.
    """
    device = (await query_identity(client)).device
    if device is None:
        raise IdentityError(f"device {client.device_id} has no keys yet; start the bot once")
    keys = CrossSigningKeys.generate(client.user_id)
    save_keys(data_dir, keys)
    await upload_identity(client, keys, password)
    await sign_device(client, keys, device)
    return keys.master_public


def foreign_identity_advice(user_id: str, master: str, data_dir: Path) -> str:
    """What the operator should do when the account's identity is not the bot's."""
    return (
        f"{user_id} already has a cross-signing identity (master key {master}) whose private "
        f"keys are not in {data_dir / IDENTITY_FILE}; the bot leaves it alone, so its device "
        "stays unverified and Element users may not reach it in encrypted rooms. To fix: if "
        "the identity comes from another ikz-bot installation, run `ikz-bot keys export "
        "--output keys.json` there and `ikz-bot keys import keys.json` here, then restart; "
        "if nobody has its keys any more (e.g. someone set it up in Element), replace it with "
        "`ikz-bot keys reset` (needs the bot's password; people who verified the bot will "
        "see a new identity)."
    )


async def query_identity(client: AsyncClient) -> ServerIdentity:
    """The account's published master and self-signing keys and this device's keys."""
    body = await _request(client, "keys/query", {"device_keys": {client.user_id: []}})
    user = client.user_id

    def only_key(section: str) -> str | None:
        entry = body.get(section, {}).get(user)
        return next(iter(entry["keys"].values())) if entry else None

    device = body.get("device_keys", {}).get(user, {}).get(client.device_id)
    return ServerIdentity(only_key("master_keys"), only_key("self_signing_keys"), device)


async def upload_identity(
    client: AsyncClient, keys: CrossSigningKeys, password: str | None
) -> None:
    """Publish the public keys; answer the password prompt if the homeserver asks."""
    body = keys.public_keys()
    status, answer = await _post(client, "keys/device_signing/upload", body)
    if status == 401 and "flows" in answer:
        if not password:
            raise IdentityError(
                "the homeserver wants the password to change the identity; set matrix.password"
            )
        auth = {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": client.user_id},
            "password": password,
            "session": answer.get("session"),
        }
        status, answer = await _post(client, "keys/device_signing/upload", {**body, "auth": auth})
    if status != 200:
        raise IdentityError(f"the homeserver refused the identity: {status} {answer}")


async def sign_device(client: AsyncClient, keys: CrossSigningKeys, device: Json | None) -> None:
    """Sign this device's published keys with the self-signing key, unless already signed."""
    if device is None:
        raise IdentityError(f"the homeserver has no keys of device {client.device_id}")
    key_id = f"ed25519:{keys.self_signing_public}"
    if key_id not in device.get("signatures", {}).get(client.user_id, {}):
        bare = {k: v for k, v in device.items() if k not in ("signatures", "unsigned")}
        signed = sign_json(bare, client.user_id, keys.self_signing)
        answer = await _request(
            client, "keys/signatures/upload", {client.user_id: {client.device_id: signed}}
        )
        if answer.get("failures"):
            failures = answer["failures"]
            raise IdentityError(f"the homeserver refused the device signature: {failures}")
    log.info("device %s is cross-signed by %s", client.device_id, keys.master_public)


async def _request(client: AsyncClient, endpoint: str, body: Json) -> Json:
    status, answer = await _post(client, endpoint, body)
    if status != 200:
        raise IdentityError(f"{endpoint} failed: {status} {answer}")
    return answer


async def _post(client: AsyncClient, endpoint: str, body: Json) -> tuple[int, Json]:
    response = await client.send(
        "POST",
        f"/_matrix/client/v3/{endpoint}",
        json.dumps(body),
        headers={
            "Authorization": f"Bearer {client.access_token}",
            "Content-Type": "application/json",
        },
    )
    async with response:
        return response.status, await response.json(content_type=None)
