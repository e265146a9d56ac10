"""Golden files for rendered replies, posts, minutes, calendars and vCards.

A change in look shows up as a diff; after an intended change rewrite them with
`UPDATE_GOLDEN=1 make test` (or the single test module) and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, data: str | bytes) -> None:
    """Compare with `golden/<name>` byte for byte; UPDATE_GOLDEN=1 rewrites it instead."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(raw)
    assert path.exists(), f"{path} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert raw == path.read_bytes()
