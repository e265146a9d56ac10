"""What each request cost Synapse itself, from its access log (`LocalSynapse(access_log=True)`).

Latency on two shared cores moves by 10 ms and more from run to run; Synapse's own accounting of a
request (`ru=`, the CPU its handling took; `db=`, its database transactions) does not, and it
shows what the bot's requests cost the homeserver next to the floor's.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from common import table

ACCESS = re.compile(
    r"\{(?P<user>[^}]*)\} Processed request: [\d.]+sec/[\d.]+sec "
    r"ru=\((?P<user_cpu>[\d.]+)sec, (?P<system_cpu>[\d.]+)sec\) "
    r"db=\((?P<db>[\d.]+)sec/[\d.]+sec/\d+\) .*? \d{3}!? \"(?P<method>\S+) (?P<path>[^? ]+)"
)


def endpoint(method: str, path: str) -> str:
    """`PUT /send/m.room.message` for any room and transaction; `GET /sync` and the like."""
    path = path.removeprefix("/_matrix/client/v3")
    path = re.sub(r"^/rooms/[^/]+", "", path)
    path = re.sub(r"^(/send/[^/]+)/.*", r"\1", path)
    return f"{method} {path}"


def read(log: Path, offset: int, roles: Mapping[str, str]) -> list[list[object]]:
    """Rows (who and request, count, CPU ms, database ms; both per request) for the
    requests logged after `offset` by the users in `roles` (user id → role)."""
    cost: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    with log.open("rb") as lines:
        lines.seek(offset)
        for line in lines.read().decode("utf-8", "replace").splitlines():
            found = ACCESS.search(line)
            if found is None or found["user"] not in roles:
                continue
            sums = cost[(roles[found["user"]], endpoint(found["method"], found["path"]))]
            sums[0] += 1
            sums[1] += (float(found["user_cpu"]) + float(found["system_cpu"])) * 1000
            sums[2] += float(found["db"]) * 1000
    return [
        [f"{who} {request}", int(n), round(cpu / n, 1), round(db / n, 1)]
        for (who, request), (n, cpu, db) in sorted(cost.items())
    ]


def report(rows: list[list[object]]) -> None:
    """Print the rows of `read`."""
    print("\nWhat each request cost Synapse (its access log; mean per request, in ms):")
    print(table(["who, request", "n", "Synapse CPU", "database"], rows))
