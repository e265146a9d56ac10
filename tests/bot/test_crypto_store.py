"""The bot's encryption store: nio's store in SQLite's WAL mode, keeping what it stores."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from nio.crypto import OlmAccount
from nio.store import DefaultStore

from bot.crypto_store import WalStore

USER, DEVICE = "@ikz-bot:example.org", "IKZBOTDEV"


def journal_mode(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])


def test_a_new_store_is_in_wal_mode_and_keeps_the_device_account(tmp_path: Path) -> None:
    """A first start's store is created in WAL mode; the device's keys are there after a
    reopen (a restart)."""
    account = OlmAccount()
    store = WalStore(USER, DEVICE, str(tmp_path))
    store.save_account(account)
    store.database.close()

    assert journal_mode(tmp_path / f"{USER}_{DEVICE}.db") == "wal"
    loaded = WalStore(USER, DEVICE, str(tmp_path)).load_account()
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

    loaded = WalStore(USER, DEVICE, str(tmp_path)).load_account()
    assert loaded is not None
    assert loaded.identity_keys == account.identity_keys
    assert journal_mode(path) == "wal"
