"""Municipality lists shipped with the bot (storage/data/kommunen-<name>.csv).

The config names a list (`municipalities = "lippe"`), and the bot seeds a network from it;
the CSV also tells each municipality's kind (Stadt, Gemeinde, Kreis).
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

_PREFIX = "kommunen-"
_SUFFIX = ".csv"


def bundled_lists() -> list[str]:
    """Names of the shipped lists, e.g. ["lippe"]."""
    data = resources.files("storage").joinpath("data")
    return sorted(
        entry.name.removeprefix(_PREFIX).removesuffix(_SUFFIX)
        for entry in data.iterdir()
        if entry.name.startswith(_PREFIX) and entry.name.endswith(_SUFFIX)
    )


@cache
def bundled_municipalities(list_name: str) -> tuple[tuple[str, str | None], ...]:
    """(name, kind) pairs of one shipped list; KeyError naming the available lists."""
    resource = resources.files("storage").joinpath("data", f"{_PREFIX}{list_name}{_SUFFIX}")
    if not resource.is_file():
        raise KeyError(
            f"no bundled municipality list {list_name!r}; available: {', '.join(bundled_lists())}"
        )
    reader = csv.DictReader(io.StringIO(resource.read_text(encoding="utf-8")))
    return tuple((row["name"].strip(), (row.get("art") or "").strip() or None) for row in reader)


def known_kinds() -> dict[str, str]:
    """Kind of every municipality in any shipped list, by name."""
    return {
        name: kind
        for list_name in bundled_lists()
        for name, kind in bundled_municipalities(list_name)
        if kind is not None
    }
