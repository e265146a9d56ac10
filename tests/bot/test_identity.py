"""The cross-signing identity offline: signatures, the key file, and `ikz-bot keys export|import`.

Signatures are checked with `signedjson`, not with the code that made them.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
from pathlib import Path

import pytest
from signedjson.key import decode_verify_key_bytes
from signedjson.sign import SignatureVerifyException, verify_signed_json
from unpaddedbase64 import decode_base64

from bot.cli import main
from bot.config import load_config
from bot.identity import (
    IDENTITY_FILE,
    CrossSigningKeys,
    IdentityError,
    import_keys,
    load_keys,
    save_keys,
    sign_json,
)

ERIKA_BOT = "@ikz-bot:kommunen-owl.test"


def _verify(signed: dict, public: str, user_id: str = ERIKA_BOT) -> None:
    key = decode_verify_key_bytes(f"ed25519:{public}", decode_base64(public))
    verify_signed_json(signed, user_id, key)


@pytest.fixture
def data_dir(config_file: Path) -> Path:
    return load_config(config_file).bot.data_dir


def test_published_sub_keys_are_signed_by_the_master_key():
    """The upload body carries the three public keys, the sub-keys signed by the master."""
    keys = CrossSigningKeys.generate(ERIKA_BOT)
    body = keys.public_keys()
    [master] = body["master_key"]["keys"].values()
    assert master == keys.master_public
    for usage in ("self_signing", "user_signing"):
        entry = body[f"{usage}_key"]
        assert entry["usage"] == [usage]
        assert entry["user_id"] == ERIKA_BOT
        _verify(entry, master)


def test_signature_covers_the_content_and_keeps_other_signatures():
    """A device signed by the self-signing key verifies; its own signature stays; a changed
    device no longer verifies."""
    keys = CrossSigningKeys.generate(ERIKA_BOT)
    device = {
        "user_id": ERIKA_BOT,
        "device_id": "BOTDEVICE",
        "keys": {"ed25519:BOTDEVICE": "abc"},
        "signatures": {ERIKA_BOT: {"ed25519:BOTDEVICE": "own"}},
        "unsigned": {"device_display_name": "ikz-bot"},
    }
    signed = sign_json(device, ERIKA_BOT, keys.self_signing)
    _verify(signed, keys.self_signing_public)
    assert signed["signatures"][ERIKA_BOT]["ed25519:BOTDEVICE"] == "own"
    with pytest.raises(SignatureVerifyException):
        _verify({**signed, "device_id": "OTHER"}, keys.self_signing_public)


def test_key_file_round_trip_keeps_every_key(tmp_path):
    """Saved and loaded again, the identity signs exactly as before; the file is 0600."""
    keys = CrossSigningKeys.generate(ERIKA_BOT)
    save_keys(tmp_path, keys)
    assert stat.S_IMODE((tmp_path / IDENTITY_FILE).stat().st_mode) == 0o600
    loaded = load_keys(tmp_path)
    assert loaded is not None
    assert loaded.public_keys() == keys.public_keys()
    assert loaded.to_json() == keys.to_json()


def test_no_identity_yet_is_none(tmp_path):
    """An empty data directory has no identity (the bot makes one at start)."""
    assert load_keys(tmp_path) is None


@pytest.mark.parametrize(
    "text",
    ["", "[]", "{}", '{"format": "something else"}', '{"format": "ikz-bot cross-signing keys v1"}'],
)
def test_unreadable_key_file_is_refused_with_a_reason(text):
    """Anything but a complete key file raises IdentityError, never a traceback."""
    with pytest.raises(IdentityError):
        CrossSigningKeys.from_json(text)


def test_import_refuses_another_account(tmp_path):
    """A key file of another bot account is not imported."""
    text = CrossSigningKeys.generate("@other-bot:kommunen-owl.test").to_json()
    with pytest.raises(IdentityError, match="@other-bot"):
        import_keys(tmp_path, text, ERIKA_BOT)
    assert load_keys(tmp_path) is None


def test_import_keeps_a_different_identity_unless_told_to_replace(tmp_path):
    """A stored, different identity is kept (and named); --replace overwrites it."""
    old = CrossSigningKeys.generate(ERIKA_BOT)
    save_keys(tmp_path, old)
    new = CrossSigningKeys.generate(ERIKA_BOT)
    with pytest.raises(IdentityError, match=re.escape(old.master_public)):
        import_keys(tmp_path, new.to_json(), ERIKA_BOT)
    assert load_keys(tmp_path).master_public == old.master_public
    assert import_keys(tmp_path, new.to_json(), ERIKA_BOT, replace=True) == new.master_public
    assert load_keys(tmp_path).master_public == new.master_public


def test_cli_export_then_import_on_a_new_machine(config_file, data_dir, tmp_path, capsys):
    """`keys export --output` writes a 0600 file that `keys import` restores elsewhere."""
    keys = CrossSigningKeys.generate(ERIKA_BOT)
    save_keys(data_dir, keys)
    backup = tmp_path / "backup" / "keys.json"
    assert main(["keys", "export", "--output", str(backup), "--config", str(config_file)]) == 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert keys.master_public in capsys.readouterr().out

    shutil.rmtree(data_dir)
    assert main(["keys", "import", str(backup), "--config", str(config_file)]) == 0
    assert "restart the bot" in capsys.readouterr().out
    assert load_keys(data_dir).to_json() == keys.to_json()


def test_cli_export_prints_the_key_file(config_file, data_dir, capsys):
    """Without --output the key file goes to standard output."""
    keys = CrossSigningKeys.generate(ERIKA_BOT)
    save_keys(data_dir, keys)
    assert main(["keys", "export", "--config", str(config_file)]) == 0
    printed = capsys.readouterr().out
    assert CrossSigningKeys.from_json(printed).to_json() == keys.to_json()
    assert json.loads(printed)["user_id"] == ERIKA_BOT


def test_cli_export_without_identity_says_to_start_the_bot(config_file, capsys):
    """Nothing to export yet: exit 2 and say why."""
    assert main(["keys", "export", "--config", str(config_file)]) == 2
    assert "start the bot once" in capsys.readouterr().err


def test_cli_import_of_a_bad_file_changes_nothing(config_file, data_dir, tmp_path, capsys):
    """A broken or missing key file exits 2 with a message and stores nothing."""
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "ikz-bot cross-signing keys v1", "user_id": "x"}')
    assert main(["keys", "import", str(broken), "--config", str(config_file)]) == 2
    assert main(["keys", "import", str(tmp_path / "nope"), "--config", str(config_file)]) == 2
    assert capsys.readouterr().err.count("error:") == 2
    assert load_keys(data_dir) is None
