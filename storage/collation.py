"""Comparing text the way a German reader expects: sorting names, one spelling for matching."""

from __future__ import annotations

import unicodedata

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def german_key(text: str) -> tuple[str, str]:
    """Sort key after DIN 5007-1: umlauts sort as their base letter, ß as ss, case ignored.

    Done in Python because database collations differ between SQLite and PostgreSQL.
    The original text breaks ties so the order is total and stable.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return base.casefold(), text


def fold(text: str) -> str:
    """Lower case, umlauts spelled out (ä → ae), other accents dropped."""
    spelled = text.casefold().translate(_UMLAUTS)
    if spelled.isascii():  # most words: nothing left to decompose (searches fold thousands)
        return spelled
    decomposed = unicodedata.normalize("NFKD", spelled)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
