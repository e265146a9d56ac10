"""The bot with Element's crypto stack: a member on matrix-js-sdk and its Rust crypto.

Element maps "only send to verified devices" (and, since MSC4153, its default) to
`OnlySignedDevicesIsolationMode`: keys go only to devices their owner cross-signed, and
messages from other devices are not decrypted. The bot must be reachable and readable in
that mode, and still in the legacy `AllDevicesIsolationMode`.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.integration.support import lippe

from .identities import identity_from_elsewhere

ELEMENT = Path(__file__).parent / "element"


@pytest.fixture(scope="session")
def element_member() -> Path:
    """The member script, with its locked npm dependencies installed (`npm ci`) if needed."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail("these tests need Node.js 20 or newer with npm (matrix-js-sdk)")
    installed = ELEMENT / "node_modules" / ".package-lock.json"
    lock = ELEMENT / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ELEMENT, check=True, timeout=600)
    return ELEMENT / "member.mjs"


async def _member_says(
    script: Path, homeserver: str, account: tuple[str, str], room: str, bot: str, mode: str
) -> dict[str, Any]:
    user_id, password = account
    process = await asyncio.create_subprocess_exec(
        "node",
        str(script),
        homeserver,
        user_id,
        password,
        room,
        bot,
        mode,
        "!hilfe",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=300)
    lines = [line for line in out.decode().splitlines() if line.startswith("RESULT ")]
    assert process.returncode == 0 and lines, err.decode()[-3000:]
    return json.loads(lines[-1].removeprefix("RESULT "))


@pytest.mark.parametrize("mode", ["signed", "all"])
async def test_element_member_gets_a_readable_answer(
    mode, element_member, synapse, user_factory, erika, start_bot, bot_account
):
    """A js-sdk member with a cross-signed device sends `!hilfe` in an encrypted network room:
    the bot answers, and the member decrypts the answer (both isolation modes)."""
    bot_user = bot_account[0]
    member = user_factory("max")
    room = await erika.create_room("IKZ Lippe", invite=[bot_user, member[0]], encrypted=True)
    start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_user)

    result = await _member_says(element_member, synapse.url, member, room, bot_user, mode)

    assert result["own_device_cross_signed"], result
    assert result["replied"], result
    assert result["decrypted"], result
    assert result["body"].startswith("Alle Befehle")
    assert result["failures"] == []


async def test_member_whose_app_withholds_the_key_is_told_why(
    element_member, synapse, user_factory, erika, start_bot, bot_account
):
    """The bot's device unsigned (the account has an identity made elsewhere): the Element
    member withholds its key and cannot read the bot, and the bot tells it why it got no
    answer."""
    bot_user, password = bot_account
    await identity_from_elsewhere(synapse.url, bot_user, password)
    member = user_factory("max")
    room = await erika.create_room("IKZ Lippe", invite=[bot_user, member[0]], encrypted=True)
    start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_user)

    result = await _member_says(element_member, synapse.url, member, room, bot_user, "signed")

    assert not result["replied"]
    assert "UNSIGNED_SENDER_DEVICE" in result["failures"]
    notice = await erika.reply_to(room, result["sent"], timeout=60)
    assert notice.source["content"]["body"] == (
        "Ich konnte Ihre verschlüsselte Nachricht nicht lesen. Ihre App gibt Schlüssel nur an "
        "verifizierte Geräte weiter und hält mein Gerät nicht für verifiziert. Bitte geben Sie "
        "den Betreibern des Bots Bescheid."
    )
