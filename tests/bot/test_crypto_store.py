"""The bot's encryption store: nio's store in SQLite's WAL mode, keeping what it stores,
writing an encrypted room once and remembering every one across restarts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from nio.crypto import OlmAccount
from nio.store import DefaultStore

from bot.crypto_store import CryptoStore

USER, DEVICE = "@ikz-bot:example.org", "IKZBOTDEV"


def journal_mode(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])


def test_a_new_store_is_in_wal_mode_and_keeps_the_device_account(tmp_path: Path) -> None:
    """A first start's store is created in WAL mode; the device's keys are there after a
    reopen (a restart)."""
    account = OlmAccount()
    store = CryptoStore(USER, DEVICE, str(tmp_path))
    store.save_account(account)
    store.database.close()

    assert journal_mode(tmp_path / f"{USER}_{DEVICE}.db") == "wal"
    loaded = CryptoStore(USER, DEVICE, str(tmp_path)).load_account()
    assert loaded is not None
    assert loaded.identity_keys == account.identity_keys


def test_a_store_made_by_plain_nio_is_switched_and_keeps_its_data(tmp_path: Path) -> None:
    """An existing store (rollback journal, from before) is opened, converted, not emptied."""
    account = OlmAccount()
    old = DefaultStore(USER, DEVICE, str(tmp_path))
    old.save_account(account)
    old.database.close()
    path = tmp_path / f"{USER}_{DEVICE}.db"
    assert journal_mode(path) == "delete"

    loaded = CryptoStore(USER, DEVICE, str(tmp_path)).load_account()
    assert loaded is not None
    assert loaded.identity_keys == account.identity_keys
    assert journal_mode(path) == "wal"


def reopened(path: Path) -> CryptoStore:
    """The store as the next start of the bot opens it."""
    return CryptoStore(USER, DEVICE, str(path))


def test_encrypted_rooms_are_kept_across_restarts_also_when_seen_again(tmp_path: Path) -> None:
    store = reopened(tmp_path)
    store.save_account(OlmAccount())
    store.save_encrypted_rooms({"!lippe:localhost", "!direkt:localhost"})
    store.save_encrypted_rooms(set())  # a sync without encrypted rooms
    store.save_encrypted_rooms({"!lippe:localhost"})  # seen again
    assert reopened(tmp_path).load_encrypted_rooms() == {"!lippe:localhost", "!direkt:localhost"}

    again = reopened(tmp_path)
    again.save_encrypted_rooms({"!lippe:localhost", "!owl:localhost"})
    again.delete_encrypted_room("!direkt:localhost")  # the bot left that chat
    assert reopened(tmp_path).load_encrypted_rooms() == {"!lippe:localhost", "!owl:localhost"}

    again.save_encrypted_rooms({"!direkt:localhost"})  # invited back: saved anew
    assert "!direkt:localhost" in reopened(tmp_path).load_encrypted_rooms()
