"""Sorting names the way a German reader expects."""

from __future__ import annotations

import unicodedata


def german_key(text: str) -> tuple[str, str]:
    """Sort key after DIN 5007-1: umlauts sort as their base letter, ß as ss, case ignored.

    Done in Python because database collations differ between SQLite and PostgreSQL.
    The original text breaks ties so the order is total and stable.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return base.casefold(), text
