"""nio's encryption store without its write at every sync.

nio saves the encrypted rooms of each sync response in its store, a SQLite transaction (and
a read of the account row) per sync even when nothing is new: about a tenth of the bot's CPU
per reply (`bench/bench_latency.py`). This store writes a room only the first time it is
seen as encrypted, and nothing for a sync that brought none.
"""

from __future__ import annotations

from collections.abc import Iterable

from nio.store import DefaultStore


class CryptoStore(DefaultStore):
    """`DefaultStore` that remembers which encrypted rooms it holds already."""

    _known: set[str] | None = None

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
