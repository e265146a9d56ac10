"""What each request cost Synapse itself, from its access log (`LocalSynapse(access_log=True)`).

Latency on two shared cores moves by 10 ms and more from run to run; Synapse's own
accounting of a request (`ru=`, the CPU its handling took; `db=`, its database transactions)
does not, and it shows what the bot's requests cost the homeserver next to the floor's. The
log's times also show how much later than the member's own sync Synapse answered the sync of
the one a command is for: one event wakes every sync waiting in its room, and Synapse works
on them side by side, one database connection for all.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from common import table

ACCESS = re.compile(
    r"^(?P<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) .*?"
    r"\{(?P<user>[^}]*)\} Processed request: [\d.]+sec/[\d.]+sec "
    r"ru=\((?P<user_cpu>[\d.]+)sec, (?P<system_cpu>[\d.]+)sec\) "
    r"db=\((?P<db>[\d.]+)sec/[\d.]+sec/\d+\) .*? \d{3}!? \"(?P<method>\S+) (?P<path>[^? ]+)"
)
SYNC, SEND = "GET /sync", "PUT /send/m.room.message"


@dataclass(frozen=True, slots=True)
class Request:
    """One request as Synapse logged it when it was done."""

    who: str
    request: str
    cpu_ms: float
    db_ms: float
    done_at: float
    """When Synapse logged it, in seconds (to the millisecond)."""


def endpoint(method: str, path: str) -> str:
    """`PUT /send/m.room.message` for any room and transaction; `GET /sync` and the like."""
    path = path.removeprefix("/_matrix/client/v3")
    path = re.sub(r"^/rooms/[^/]+", "", path)
    path = re.sub(r"^(/send/[^/]+)/.*", r"\1", path)
    return f"{method} {path}"


def read(log: Path, offset: int, roles: Mapping[str, str]) -> dict[str, Any]:
    """What the requests logged after `offset` by the users in `roles` (user id → role)
    cost Synapse, and how much later than the member's it answered the syncs commands woke."""
    done: list[Request] = []
    with log.open("rb") as lines:
        lines.seek(offset)
        for line in lines.read().decode("utf-8", "replace").splitlines():
            found = ACCESS.search(line)
            if found is not None and found["user"] in roles:
                cpu_ms = (float(found["user_cpu"]) + float(found["system_cpu"])) * 1000
                request = endpoint(found["method"], found["path"])
                who = roles[found["user"]]
                at = datetime.strptime(found["at"], "%Y-%m-%d %H:%M:%S,%f").timestamp()
                done.append(Request(who, request, cpu_ms, float(found["db"]) * 1000, at))
    return {"cost": _cost(done), "sync_after_member_ms": _sync_after_member(done)}


def _cost(done: list[Request]) -> list[list[object]]:
    """Rows: who and request, count, CPU ms and database ms per request."""
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for r in done:
        row = sums[(r.who, r.request)]
        row[0] += 1
        row[1] += r.cpu_ms
        row[2] += r.db_ms
    return [
        [f"{who} {request}", int(n), round(cpu / n, 1), round(db / n, 1)]
        for (who, request), (n, cpu, db) in sorted(sums.items())
    ]


def _sync_after_member(done: list[Request]) -> dict[str, list[float]]:
    """For each command the member sent, how much later than the member's own sync (which
    the command wakes too) Synapse answered the sync of the one the command is for: bot,
    floor or peer (negative: earlier). {role: [p50, p90] in ms}."""
    after: dict[str, list[float]] = defaultdict(list)
    command_out = False
    member_at: float | None = None
    pending: dict[str, float] = {}
    for r in done:
        if r.who == "member" and r.request == SEND:
            command_out, member_at, pending = True, None, {}
        elif command_out and r.request == SYNC:
            if r.who == "member" and member_at is None:
                member_at = r.done_at
            elif r.who != "member" and r.who not in pending:
                pending[r.who] = r.done_at
            if member_at is not None and pending:
                for who, at in pending.items():
                    after[who].append((at - member_at) * 1000)
                command_out = False
    return {
        who: [statistics.median(gaps), statistics.quantiles(gaps, n=10)[-1]]
        for who, gaps in after.items()
        if len(gaps) >= 2
    }


def report(found: dict[str, Any]) -> None:
    """Print what `read` found."""
    print("\nWhat each request cost Synapse (its access log; mean per request, in ms):")
    print(table(["who, request", "n", "Synapse CPU", "database"], found["cost"]))
    for who, (p50, p90) in sorted(found["sync_after_member_ms"].items()):
        print(
            f"the {who}'s sync, woken by a command, was answered {p50:+.0f} ms (p50; "
            f"p90 {p90:+.0f}) after the member's, which the command woke too (-: before)"
        )
