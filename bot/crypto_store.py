"""nio's encryption store with SQLite's write-ahead log.

nio's DefaultStore keeps SQLite's rollback journal, so every write is a commit with two or
three fsyncs: a new device's store alone is about twenty CREATE TABLE/INDEX commits before
the first sync, and each sync's keys and sessions add more. In WAL mode a commit is one fsync
of the log and just as durable (synchronous stays FULL); on a busy disk that is the
difference between tens and hundreds of milliseconds at the first start.
"""

from __future__ import annotations

from nio.store import DefaultStore
from peewee import SqliteDatabase


class WalStore(DefaultStore):
    """DefaultStore whose database is in WAL mode (files and format otherwise unchanged)."""

    def _create_database(self) -> SqliteDatabase:
        # nio's own pragmas, plus the journal mode (persistent: set once per file).
        return SqliteDatabase(
            self.database_path,
            pragmas={"foreign_keys": 1, "secure_delete": 1, "journal_mode": "wal"},
        )
