"""The golden table of date phrasings (`phrases.txt`), read once for the tests that use it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

TABLE = Path(__file__).with_name("phrases.txt")


@dataclass(frozen=True)
class Row:
    now: str
    kind: str
    typed: str
    expected: str


def _rows() -> list[Row]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        now, kind, typed, expected = (part.strip() for part in line.split("|"))
        rows.append(Row(now, kind, typed, expected))
    return rows


ROWS = _rows()
