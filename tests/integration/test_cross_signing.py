"""The bot's device is cross-signed by its own identity, as Element requires since MSC4153.

What other users see is read from the real Synapse (`/keys/query`) and every signature is
checked with `signedjson`, an implementation independent of the bot's.
"""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from typing import Any

from signedjson.key import (
    decode_verify_key_bytes,
)
from signedjson.sign import verify_signed_json
from unpaddedbase64 import decode_base64

from demo.chat import Member
from tests.integration.support import PROJECT, BotProcess, lippe

from .identities import identity_from_elsewhere


async def _query(member: Member, user_id: str) -> dict[str, Any]:
    response = await member.client.send(
        "POST",
        "/_matrix/client/v3/keys/query",
        json.dumps({"device_keys": {user_id: []}}),
        headers={"Authorization": f"Bearer {member.client.access_token}"},
    )
    async with response:
        assert response.status == 200
        return await response.json()


def _only_key(entry: dict[str, Any]) -> str:
    [key] = entry["keys"].values()
    return key


def _verify(signed: dict[str, Any], user_id: str, public: str) -> None:
    """Raises unless `signed` carries a valid signature by the ed25519 key `public`."""
    key = decode_verify_key_bytes(f"ed25519:{public}", decode_base64(public))
    verify_signed_json(signed, user_id, key)


async def _identity(member: Member, bot_user: str) -> tuple[str, str, dict[str, Any]]:
    """The bot's master and self-signing keys (the latter checked against the master) and its
    devices, as any member of the bot's rooms sees them."""
    body = await _query(member, bot_user)
    master = body["master_keys"][bot_user]
    assert master["usage"] == ["master"]
    self_signing = body["self_signing_keys"][bot_user]
    assert self_signing["usage"] == ["self_signing"]
    _verify(self_signing, bot_user, _only_key(master))
    return _only_key(master), _only_key(self_signing), body["device_keys"][bot_user]


def _device_of(bot: BotProcess) -> str:
    data = bot.config_path.parent / "data"
    return json.loads((data / "session.json").read_text())["device_id"]


def _keys_cli(bot: BotProcess, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "keys", *args, "--config", str(bot.config_path)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_started_bot_shows_a_verified_device(erika, start_bot, bot_account):
    """After the first start, the bot's device is signed by its self-signing key, which is
    signed by its master key; the private keys are in the data dir, readable by the bot only."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user], encrypted=True)
    bot = start_bot([lippe(room)])

    master, self_signing, devices = await _identity(erika, bot_user)
    _verify(devices[_device_of(bot)], bot_user, self_signing)
    key_file = bot.config_path.parent / "data" / "cross_signing.json"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert master in bot.log()


async def test_restart_and_a_new_device_keep_the_identity(erika, start_bot, bot_account):
    """A restart publishes nothing new; a new device (session.json lost) is signed by the same
    identity."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    bot = start_bot([lippe(room)])
    first = await _identity(erika, bot_user)
    first_device = _device_of(bot)

    bot.stop()
    offset = len(bot.log())
    bot.start()
    assert await _identity(erika, bot_user) == first
    assert "published cross-signing identity" not in bot.log()[offset:]

    bot.stop()
    (bot.config_path.parent / "data" / "session.json").unlink()
    bot.start()
    master, self_signing, devices = await _identity(erika, bot_user)
    assert (master, self_signing) == first[:2]
    assert _device_of(bot) != first_device
    _verify(devices[_device_of(bot)], bot_user, self_signing)


async def test_new_machine_restored_from_export_keeps_the_identity(erika, start_bot, bot_account):
    """`keys export` on the old machine and `keys import` on a new, empty one: the bot there
    comes back with the same identity on a new device."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    bot = start_bot([lippe(room)])
    master, self_signing, _ = await _identity(erika, bot_user)
    bot.stop()

    backup = bot.config_path.parent / "backup.json"
    exported = _keys_cli(bot, "export", "--output", str(backup))
    assert exported.returncode == 0, exported.stderr
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    data = bot.config_path.parent / "data"
    for path in sorted(data.rglob("*"), reverse=True):  # the new machine has nothing
        path.rmdir() if path.is_dir() else path.unlink()
    imported = _keys_cli(bot, "import", str(backup))
    assert imported.returncode == 0, imported.stderr

    bot.start()
    now_master, now_self_signing, devices = await _identity(erika, bot_user)
    assert (now_master, now_self_signing) == (master, self_signing)
    _verify(devices[_device_of(bot)], bot_user, self_signing)


async def test_identity_made_elsewhere_is_kept_until_the_operator_resets_it(
    erika, start_bot, bot_account, synapse
):
    """An identity the bot has no keys for is left alone and the log says what to do; after
    `ikz-bot keys reset` the account has the bot's identity and the device is signed."""
    bot_user, password = bot_account
    foreign = await identity_from_elsewhere(synapse.url, bot_user, password)
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    bot = start_bot([lippe(room)])

    body = await _query(erika, bot_user)
    assert _only_key(body["master_keys"][bot_user]) == foreign
    device = body["device_keys"][bot_user][_device_of(bot)]
    assert set(device["signatures"][bot_user]) == {f"ed25519:{_device_of(bot)}"}
    log = bot.log()
    assert foreign in log
    assert "ikz-bot keys import" in log
    assert "ikz-bot keys reset" in log
    assert not (bot.config_path.parent / "data" / "cross_signing.json").exists()

    reset = _keys_cli(bot, "reset")
    assert reset.returncode == 0, reset.stderr
    master, self_signing, devices = await _identity(erika, bot_user)
    assert master != foreign
    assert master in reset.stdout
    _verify(devices[_device_of(bot)], bot_user, self_signing)
