"""What each request cost Synapse itself, from its access log (`LocalSynapse(access_log=True)`).

Latency on two shared cores moves by 10 ms and more from run to run; Synapse's own
accounting of a request (`ru=`, the CPU its handling took; `db=`, its database transactions)
does not, and it shows what the bot's requests cost the homeserver next to the floor's. The
log's times also show how much later than the member's own sync Synapse answered the sync of
the one a command is for: one event wakes every sync waiting in its room, and Synapse works
on them side by side, one database connection for all. The member's commands are told apart
by room: how long Synapse took over a command in the bot's room and in the floor's moves
from one homeserver to the next, and the gap between bot and floor with it.
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
    r"\{(?P<user>[^}]*)\} Processed request: (?P<wall>[\d.]+)sec/[\d.]+sec "
    r"ru=\((?P<user_cpu>[\d.]+)sec, (?P<system_cpu>[\d.]+)sec\) "
    r"db=\((?P<db>[\d.]+)sec/[\d.]+sec/\d+\) .*? \d{3}!? \"(?P<method>\S+) (?P<path>[^? ]+)"
)
ROOM = re.compile(r"/rooms/(?P<room>[^/]+)/")
SYNC, SEND = "GET /sync", "PUT /send/m.room.message"


@dataclass(frozen=True, slots=True)
class Request:
    """One request as Synapse logged it when it was done."""

    who: str
    request: str
    cpu_ms: float
    db_ms: float
    wall_ms: float
    """From Synapse reading the request to its answer."""
    done_at: float
    """When Synapse logged it, in seconds (to the millisecond)."""


def endpoint(method: str, path: str) -> str:
    """`PUT /send/m.room.message` for any room and transaction; `GET /sync` and the like."""
    path = path.removeprefix("/_matrix/client/v3")
    path = re.sub(r"^/rooms/[^/]+", "", path)
    path = re.sub(r"^(/send/[^/]+)/.*", r"\1", path)
    return f"{method} {path}"


def read(
    log: Path, offset: int, roles: Mapping[str, str], rooms: Mapping[str, str]
) -> dict[str, Any]:
    """What the requests logged after `offset` by the users in `roles` (user id → role)
    cost Synapse, summed per kind, and how much later than the member's it answered the
    syncs commands woke (ms, one per command). The member's requests in a room of `rooms`
    (room id → role) are named by whose room it is."""
    done: list[Request] = []
    with log.open("rb") as lines:
        lines.seek(offset)
        for line in lines.read().decode("utf-8", "replace").splitlines():
            found = ACCESS.search(line)
            if found is not None and found["user"] in roles:
                who = roles[found["user"]]
                request = endpoint(found["method"], found["path"])
                room = ROOM.search(found["path"])
                if who == "member" and room is not None and room["room"] in rooms:
                    request += f" ({rooms[room['room']]}'s room)"
                at = datetime.strptime(found["at"], "%Y-%m-%d %H:%M:%S,%f").timestamp()
                cpu_ms = (float(found["user_cpu"]) + float(found["system_cpu"])) * 1000
                db_ms, wall_ms = float(found["db"]) * 1000, float(found["wall"]) * 1000
                done.append(Request(who, request, cpu_ms, db_ms, wall_ms, at))
    return {"sums": _sums(done), "sync_after_member_ms": _sync_after_member(done)}


def _sums(done: list[Request]) -> dict[str, list[float]]:
    """{"who request": [count, CPU ms, database ms, wall ms]}, summed."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0.0])
    for r in done:
        row = sums[f"{r.who} {r.request}"]
        for i, value in enumerate((1, r.cpu_ms, r.db_ms, r.wall_ms)):
            row[i] += value
    return dict(sums)


def command_walls(found: dict[str, Any]) -> list[float]:
    """The member's mean PUT wall time (ms) in the bot's room and in the floor's."""
    walls = []
    for room in ("bot", "floor"):
        n, _cpu, _db, wall = found["sums"].get(f"member {SEND} ({room}'s room)", [0, 0, 0, 0])
        walls.append(round(wall / n, 1) if n else float("nan"))
    return walls


def _sync_after_member(done: list[Request]) -> dict[str, list[float]]:
    """For each command the member sent, how much later than the member's own sync (which
    the command wakes too) Synapse answered the sync of the one the command is for: bot,
    floor or peer (negative: earlier). {role: [ms, one per command]}."""
    after: dict[str, list[float]] = defaultdict(list)
    command_out = False
    member_at: float | None = None
    pending: dict[str, float] = {}
    for r in done:
        if r.who == "member" and r.request.startswith(SEND):
            command_out, member_at, pending = True, None, {}
        elif command_out and r.request == SYNC:
            if r.who == "member" and member_at is None:
                member_at = r.done_at
            elif r.who != "member" and r.who not in pending:
                pending[r.who] = r.done_at
            if member_at is not None and pending:
                for who, at in pending.items():
                    after[who].append(round((at - member_at) * 1000))
                command_out = False
    return dict(after)


def report(runs: list[dict[str, Any]]) -> None:
    """Print what `read` found in each run, pooled."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0.0])
    after: dict[str, list[float]] = defaultdict(list)
    for found in runs:
        for key, row in found["sums"].items():
            sums[key] = [a + b for a, b in zip(sums[key], row, strict=True)]
        for who, gaps in found["sync_after_member_ms"].items():
            after[who].extend(gaps)
    rows = [
        [key, int(n), round(cpu / n, 1), round(db / n, 1), round(wall / n, 1)]
        for key, (n, cpu, db, wall) in sorted(sums.items())
    ]
    print("\nWhat each request cost Synapse (its access log; mean per request, in ms):")
    print(table(["who, request", "n", "Synapse CPU", "database", "wall"], rows))
    for who, gaps in sorted(after.items()):
        if len(gaps) >= 2:
            p50, p90 = statistics.median(gaps), statistics.quantiles(gaps, n=10)[-1]
            print(
                f"the {who}'s sync, woken by a command, was answered {p50:+.0f} ms (p50; "
                f"p90 {p90:+.0f}) after the member's, which the command woke too (-: before)"
            )
