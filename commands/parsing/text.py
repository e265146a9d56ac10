"""Typed text compared (one spelling for `nächsten` and `naechsten`) and quoted back.

`fold` is defined beside the sort key in `storage.collation`, since stored addresses are
folded the same way; commands take it from here.
"""

from __future__ import annotations

from storage.collation import fold

__all__ = ["fold", "quote"]

_QUOTE_LIMIT = 40


def quote(text: str) -> str:
    """User text shown back in a message: one line, not longer than a glance."""
    line = " ".join(text.split())
    return line if len(line) <= _QUOTE_LIMIT else line[: _QUOTE_LIMIT - 1] + "…"
