"""Typed text compared (one spelling for `nächsten` and `naechsten`) and quoted back."""

from __future__ import annotations

import unicodedata

_QUOTE_LIMIT = 40
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case, umlauts spelled out (ä → ae), other accents dropped."""
    spelled = text.casefold().translate(_UMLAUTS)
    if spelled.isascii():  # most words: nothing left to decompose (searches fold thousands)
        return spelled
    decomposed = unicodedata.normalize("NFKD", spelled)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def quote(text: str) -> str:
    """User text shown back in a message: one line, not longer than a glance."""
    line = " ".join(text.split())
    return line if len(line) <= _QUOTE_LIMIT else line[: _QUOTE_LIMIT - 1] + "…"
