"""nio's encryption store with SQLite's write-ahead log and without a write at every sync.

nio's DefaultStore keeps SQLite's rollback journal, so every write is a commit with two or
three fsyncs: a new device's store alone is about twenty CREATE TABLE/INDEX commits before
the first sync, and each sync's keys and sessions add more. In WAL mode a commit is one fsync
of the log and just as durable (synchronous stays FULL); on a busy disk that is the
difference between tens and hundreds of milliseconds at the first start.

nio also saves the encrypted rooms of each sync response, a transaction (and a read of the
account row) per sync even when nothing is new: about a tenth of the bot's CPU per reply
(`bench/bench_latency.py`). This store writes a room only the first time it is seen as
encrypted, and nothing for a sync that brought none.
"""

from __future__ import annotations

from collections.abc import Iterable

from nio.store import DefaultStore
from peewee import SqliteDatabase


class CryptoStore(DefaultStore):
    """DefaultStore in WAL mode (files and format otherwise unchanged) that remembers which
    encrypted rooms it holds already."""

    _known: set[str] | None = None

    def _create_database(self) -> SqliteDatabase:
        # nio's own pragmas, plus the journal mode (persistent: set once per file).
        return SqliteDatabase(
            self.database_path,
            pragmas={"foreign_keys": 1, "secure_delete": 1, "journal_mode": "wal"},
        )

    def save_encrypted_rooms(self, rooms: Iterable[str]) -> None:
        """Save only rooms not saved before (a room never stops being encrypted)."""
        if self._known is None:
            self._known = set(self.load_encrypted_rooms())
        new = set(rooms) - self._known
        if new:
            super().save_encrypted_rooms(new)
            self._known |= new

    def delete_encrypted_room(self, room: str) -> None:
        """Forget a room the bot left, here as in the store."""
        super().delete_encrypted_room(room)
        if self._known is not None:
            self._known.discard(room)
