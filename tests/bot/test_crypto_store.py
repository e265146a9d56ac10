"""The bot's encryption store writes an encrypted room once and still remembers every one
across restarts (bot/crypto_store.py)."""

from __future__ import annotations

from pathlib import Path

from nio.crypto import OlmAccount

from bot.crypto_store import CryptoStore

USER, DEVICE = "@ikz-bot:localhost", "BOTDEVICE"


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
