"""Issue 6, benchmark 3: scheduler scale — start-up with all jobs, lateness of due posts, memory.

One throwaway Synapse on loopback. The bot serves `--networks` network rooms (default 50),
each with a weekly meet-up series and `--items` dated action items (default 200), plus a year
of sent posts in the deliveries table (what a bot has after a year). The posts the stored
rows imply over the scheduler's 120-day horizon are the pending deliveries: about 9,000 date
jobs, well above the issue's 5,000.

Everything runs under the bot's own clock (`--pretend-now`), set to a "peak Monday": at
09:00 local every network gets its due-day post and weekly digest, half of them the agenda
of Tuesday's meet-up, the other half the reminder of today's and the agenda call of next
Monday's meet-up (175 posts at one instant with the defaults; the worst case the default
post times produce).

Measured:
- start-up: process spawn → migrations done → first sync → all jobs armed, from the bot's
  log (asctime, ms), over `--restarts` restarts with all data stored (the scheduler plans
  alongside the first sync, so "synced" and "jobs built" can be the same instant);
- lateness of the posts due in the run, from their delivery rows (bot clock): stored
  (`created_at`) and sent (`sent_at`, set when the homeserver answered) minus `due_at`;
- peak resident memory of the bot process (VmHWM from /proc/<pid>/status).
Goals: start-up ≤ 3 s, p99 lateness ≤ 1 s, peak RSS ≤ 150 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

# bench/ for its helpers, then this checkout (not an editable install elsewhere) for the bot's
# own packages, which the bot processes it starts (cwd = this checkout) also use.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    ChildProcess,
    bot_process,
    cpu_seconds,
    first_line,
    http_json,
    log_time,
    peak_rss_mb,
    percentile,
    run_benchmark,
    table,
)
from sqlalchemy import func, insert, select

from demo.botconfig import NetworkSpec, write_bot_config
from demo.synapse import LocalSynapse
from storage import actions, meetups, networks
from storage.db import create_engine, session_factory
from storage.deliveries import SENT, txn_id_for
from storage.migrate import upgrade
from storage.models import ActionItem, Delivery

BERLIN = ZoneInfo("Europe/Berlin")
SCHEDULE_LINE = "post schedule built"
MIGRATED_LINE = "database at revision"
SYNCED_LINE = "ikz-bot is ready"
STARTUP_GOAL_S, LATENESS_GOAL_S, RSS_GOAL_MB = 3.0, 1.0, 150.0


def peak_monday() -> datetime:
    """09:00 Berlin on the Monday two to three weeks ahead (any Monday would do)."""
    today = date.today()
    monday = today + timedelta(days=14 + (7 - today.weekday()) % 7)
    return datetime.combine(monday, wall_time(9, 0), tzinfo=BERLIN)


def create_rooms(synapse: LocalSynapse, bot_user: str, count: int) -> tuple[list[str], str]:
    """`count` private rooms made by erika over plain HTTP, the bot invited to each; and
    erika's access token."""
    password = "pw-erika"
    synapse.register("erika", password)
    login = {
        "type": "m.login.password",
        "identifier": {"type": "m.id.user", "user": "erika"},
        "password": password,
    }
    token = str(http_json(f"{synapse.url}/_matrix/client/v3/login", "POST", login)["access_token"])
    rooms = []
    for i in range(count):
        body = {"name": f"IKZ Netzwerk {i + 1}", "invite": [bot_user], "preset": "private_chat"}
        created = http_json(f"{synapse.url}/_matrix/client/v3/createRoom", "POST", body, token)
        rooms.append(str(created["room_id"]))
    return rooms, token


def send_floor(synapse: LocalSynapse, token: str, rooms: list[str], count: int) -> float:
    """Seconds a bare HTTP client needs to send `count` notices one after another, round
    robin over `rooms`: what sending that many posts costs the homeserver, the floor."""
    start = time.perf_counter()
    for i in range(count):
        room = rooms[i % len(rooms)]
        url = f"{synapse.url}/_matrix/client/v3/rooms/{room}/send/m.room.message/floor-{i}"
        body = {"msgtype": "m.notice", "body": f"Boden {i}: eine Nachricht so lang wie ein Post"}
        http_json(url, "PUT", body, token)
    return time.perf_counter() - start


async def seed_scale(
    data_dir: Path, rooms: list[str], owner: str, peak: datetime, n_items: int, history_days: int
) -> dict[str, int]:
    """Series, action items and a year of sent posts for every network, through storage/."""
    engine = create_engine(f"sqlite+aiosqlite:///{data_dir / 'ikz-bot.sqlite3'}")
    monday = peak.date()
    at = (peak - timedelta(days=history_days)).astimezone(UTC)
    counts = {"series": 0, "action_items": 0, "history_rows": 0}
    try:
        await upgrade(engine)
        async with session_factory(engine)() as session, session.begin():
            for i, room in enumerate(rooms):
                net = await networks.network_by_room(session, room)
                if net is None:
                    raise RuntimeError(f"the bot did not store a network for {room}")
                # Even networks meet on Tuesdays (agenda post on Monday 09:00), odd ones on
                # Mondays (reminder at 09:00, agenda call for next Monday at 09:00).
                await meetups.create_series(
                    session,
                    network_id=net.id,
                    title="IKZ-Treffen",
                    rrule="FREQ=WEEKLY;BYDAY=" + ("TU" if i % 2 == 0 else "MO"),
                    start_time=wall_time(10, 0),
                    duration_minutes=90,
                    timezone="Europe/Berlin",
                    location="https://meet.example.org/ikz",
                    first_day=monday - timedelta(days=28),
                    created_by=owner,
                    created_at=at,
                )
                counts["series"] += 1
                # In bulk (actions.create_item takes ~5 ms per item, minutes for 10,000);
                # the rows are what create_item stores, less the history entry.
                items = [
                    {
                        "network_id": net.id,
                        "number": k + 1,
                        "title": f"Aufgabe {k + 1}",
                        "owner": owner,
                        "created_by": owner,
                        "due_on": monday + timedelta(days=-60 + k * 181 // n_items),
                        "status": actions.OPEN,
                        "topics": [],
                        "created_at": at,
                        "updated_at": at,
                    }
                    for k in range(n_items)  # due dates spread over -60 … +120 days
                ]
                await session.execute(insert(ActionItem), items)
                counts["action_items"] += n_items
                rows = _history(net.id, room, monday, history_days)
                await session.execute(insert(Delivery), rows)
                counts["history_rows"] += len(rows)
    finally:
        await engine.dispose()
    return counts


def _history(network_id: int, room: str, monday: date, days: int) -> list[dict[str, Any]]:
    """Sent posts of the past `days` days up to three days ago, keyed as the sources key them."""
    rows: list[dict[str, Any]] = []
    for back in range(days, 2, -1):
        day = monday - timedelta(days=back)
        due = datetime.combine(day, wall_time(9, 0), tzinfo=BERLIN).astimezone(UTC)
        keys = []
        if day.weekday() < 5:
            keys.append((f"actions:{network_id}:{day:%Y%m%d}:action_due", "action_due"))
        if day.weekday() == 0:
            keys.append((f"actions:{network_id}:{day:%Y%m%d}:action_digest", "action_digest"))
            occurrence = due + timedelta(hours=1)
            fake_meetup = 1_000_000 + network_id * 1000 + back  # no longer stored
            for kind in ("agenda_call", "agenda", "reminder", "followup"):
                keys.append((f"meetup:{fake_meetup}:{occurrence:%Y%m%dT%H%MZ}:{kind}", kind))
        for key, kind in keys:
            rows.append(
                {
                    "key": key,
                    "network_id": network_id,
                    "room_id": room,
                    "kind": kind,
                    "due_at": due,
                    "grace_seconds": 3600,
                    "content": {},
                    "txn_id": txn_id_for(key),
                    "state": SENT,
                    "event_id": f"$history-{len(rows)}-{network_id}-{back}",
                    "attempts": 0,
                    "created_at": due,
                    "sent_at": due + timedelta(seconds=1),
                }
            )
    return rows


def pretend(instant: datetime) -> tuple[str, str]:
    """The bot's CLI arguments for a clock that starts at `instant`."""
    return ("--pretend-now", instant.isoformat())


def startup_figures(bot: ChildProcess) -> dict[str, Any]:
    """Seconds from spawn to migrated, first sync and jobs rebuilt, read from the bot's log."""
    log = bot.this_run()
    figures: dict[str, Any] = {}
    for name, needle in (
        ("migrated_s", MIGRATED_LINE),
        ("synced_s", SYNCED_LINE),
        ("jobs_built_s", SCHEDULE_LINE),
    ):
        line = first_line(log, needle)
        figures[name] = None if line is None else log_time(line) - bot.started_at
    line = first_line(log, SCHEDULE_LINE) or ""
    # "post schedule built: 9001 posts planned in 0.91 s"
    words = line.split(SCHEDULE_LINE + ": ")[-1].split()
    figures["jobs"] = int(words[0]) if words and words[0].isdigit() else None
    figures["rebuild_s"] = float(words[4]) if len(words) > 4 else None
    return figures


async def lateness(
    data_dir: Path, start: datetime, end: datetime
) -> tuple[list[float], list[float], dict[str, int]]:
    """(stored − due, sent − due) in seconds for posts due in [start, end), and their states."""
    engine = create_engine(f"sqlite+aiosqlite:///{data_dir / 'ikz-bot.sqlite3'}")
    try:
        async with session_factory(engine)() as session:
            rows = (
                await session.scalars(
                    select(Delivery).where(Delivery.due_at >= start, Delivery.due_at < end)
                )
            ).all()
            total = await session.scalar(select(func.count()).select_from(Delivery))
    finally:
        await engine.dispose()
    stored = [(r.created_at - r.due_at).total_seconds() for r in rows]
    sent = [(r.sent_at - r.due_at).total_seconds() for r in rows if r.sent_at is not None]
    states: dict[str, int] = {"deliveries_in_db": int(total or 0)}
    for r in rows:
        states[r.state] = states.get(r.state, 0) + 1
    return stored, sent, states


async def run(args: argparse.Namespace, base: Path) -> dict[str, Any]:
    """Set everything up, measure, tear everything down; returns the raw numbers."""
    synapse = LocalSynapse(base / "synapse")
    synapse.start()
    bot: ChildProcess | None = None
    peak = peak_monday()
    data = base / "bot" / "data"
    try:
        bot_user = synapse.register("ikz-bot", "pw-bot")
        t0 = time.monotonic()
        rooms, token = create_rooms(synapse, bot_user, args.networks)
        print(f"created {len(rooms)} rooms in {time.monotonic() - t0:.1f} s")
        config = write_bot_config(
            base / "bot" / "config.toml",
            homeserver=synapse.url,
            user_id=bot_user,
            password="pw-bot",
            networks=[
                NetworkSpec(key=f"net{i:02d}", room_id=room, name=f"IKZ Netzwerk {i + 1}")
                for i, room in enumerate(rooms)
            ],
            data_dir=data,
        )
        settle = peak - timedelta(minutes=10)
        # First start ever: migrations from scratch, networks stored, 50 rooms joined.
        bot = bot_process(config, *pretend(settle), ready_line=SCHEDULE_LINE)
        bot.start(timeout=180)
        assert bot.pid is not None
        cpu = cpu_seconds(bot.pid)
        first = startup_figures(bot)
        first["cpu_s"] = cpu
        bot.stop()
        print(f"first start (empty database): {first}")

        t0 = time.monotonic()
        seeded = await seed_scale(
            data, rooms, "@erika:localhost", peak, args.items, args.history_days
        )
        print(f"seeded {seeded} in {time.monotonic() - t0:.1f} s")
        # One unmeasured start sends what the seeded rows made due (e.g. Sunday's agenda
        # of the Monday meet-ups), as the first start after an import would.
        bot.start(timeout=180)
        await asyncio.sleep(5)
        bot.stop()

        restarts = []
        for i in range(args.restarts):
            bot.start(timeout=180)
            assert bot.pid is not None
            cpu = cpu_seconds(bot.pid)  # read within 0.1 s of the "schedule built" line
            figures = startup_figures(bot)
            figures["cpu_s"] = cpu
            figures["vmhwm_mb"], figures["vmrss_mb"] = peak_rss_mb(bot.pid)
            bot.stop()
            restarts.append(figures)
            print(f"restart {i + 1}: {figures}")

        # The lateness run: the bot's clock starts `--lead` seconds before the 09:00 peak.
        clock_start = peak - timedelta(seconds=args.lead)
        bot = bot_process(config, *pretend(clock_start), ready_line=SCHEDULE_LINE)
        bot.start(timeout=180)
        assert bot.pid is not None
        cpu = cpu_seconds(bot.pid)
        run_figures = startup_figures(bot)
        run_figures["cpu_s"] = cpu
        wall_end = bot.started_at + args.lead + args.tail
        await asyncio.sleep(max(0.0, wall_end - time.time()))
        assert bot.pid is not None
        run_figures["vmhwm_mb"], run_figures["vmrss_mb"] = peak_rss_mb(bot.pid)
        bot.stop()
        window_end = clock_start + timedelta(seconds=args.lead + args.tail)
        stored, sent, states = await lateness(data, clock_start, window_end)
        print(f"lateness run: {run_figures}; posts due in the run: {states}")
        due = sum(v for k, v in states.items() if k != "deliveries_in_db")
        floor_s = send_floor(synapse, token, rooms, due)
        print(f"floor: a bare client sends {due} messages one after another in {floor_s:.1f} s")
        return {
            "networks": args.networks,
            "items_per_network": args.items,
            "peak": peak.isoformat(),
            "seeded": seeded,
            "first_start": first,
            "restarts": restarts,
            "lateness_run": run_figures,
            "states": states,
            "stored_lateness_s": stored,
            "sent_lateness_s": sent,
            "floor_send_s": floor_s,
        }
    finally:
        if bot is not None:
            bot.stop()
        synapse.stop()


def _verdict(value: float | None, goal: float) -> str:
    if value is None:
        return "MISSED (no figure)"
    return "met" if value <= goal else "MISSED"


def report(raw: dict[str, Any]) -> dict[str, Any]:
    """Print the tables and verdicts; return the summary that goes into the JSON."""
    runs = [("first start (empty DB)", raw["first_start"])]
    runs += [(f"restart {i + 1}", r) for i, r in enumerate(raw["restarts"])]
    runs.append(("lateness run", raw["lateness_run"]))
    rows = [
        [
            name,
            r.get("jobs"),
            r.get("migrated_s"),
            r.get("synced_s"),
            r.get("rebuild_s"),
            r.get("jobs_built_s"),
            r.get("cpu_s"),
            r.get("vmhwm_mb", "-"),
        ]
        for name, r in runs
    ]
    print(
        f"\nScheduler scale: {raw['networks']} networks × (1 weekly series + "
        f"{raw['items_per_network']} action items), {raw['seeded']['history_rows']} sent posts"
    )
    headers = [
        "start",
        "jobs",
        "migrated s",
        "synced s",
        "scheduler s",
        "jobs built s",
        "CPU s",
        "VmHWM MB",
    ]
    print(table(headers, [[c if c is not None else "-" for c in row] for row in rows]))
    print(
        "(seconds since process spawn; scheduler = its start alone: planning alongside the "
        "first sync, then the posts missed while down; "
        "CPU s = the bot's CPU time until all jobs were built)"
    )

    built = [r["jobs_built_s"] for _, r in runs[1:] if r.get("jobs_built_s") is not None]
    startup = max(built) if built else None
    stored, sent = raw["stored_lateness_s"], raw["sent_lateness_s"]
    due = sum(v for k, v in raw["states"].items() if k != "deliveries_in_db")
    unsent = due - len(sent)
    rss = max(r.get("vmhwm_mb", 0.0) for _, r in runs[1:])
    sent_p99 = percentile(sent, 99) if sent and not unsent else None
    stored_p99 = percentile(stored, 99) if stored else None
    print(f"\nPosts due at the {raw['peak']} peak, under the bot's clock: {raw['states']}")
    lat_rows = [
        [name, len(v), percentile(v, 50), percentile(v, 90), percentile(v, 99), max(v)]
        for name, v in (("stored − due", stored), ("sent − due", sent))
        if v
    ]
    print(table(["lateness (s)", "n", "p50", "p90", "p99", "max"], lat_rows))
    floor = raw["floor_send_s"]
    print(
        f"floor: a bare HTTP client needs {floor:.1f} s to send {due} messages one after "
        f"another to the same homeserver ({1000 * floor / max(1, due):.0f} ms each)"
    )
    goals = [
        ["start-up: spawn → all jobs rebuilt (worst restart)", startup, STARTUP_GOAL_S],
        ["p99 lateness of due posts, stored (scheduler)", stored_p99, LATENESS_GOAL_S],
        ["p99 lateness of due posts, sent (homeserver answered)", sent_p99, LATENESS_GOAL_S],
        ["peak resident memory (VmHWM, MB)", rss, RSS_GOAL_MB],
    ]
    print()
    print(
        table(
            ["goal", "measured", "goal ≤", "verdict"],
            [[g, "-" if v is None else round(v, 2), lim, _verdict(v, lim)] for g, v, lim in goals],
        )
    )
    if unsent:
        print(f"{unsent} due post(s) were not sent within the run: lateness counts as missed")
    return {
        "startup_s": startup,
        "sent_p99_s": sent_p99,
        "stored_p99_s": stored_p99,
        "floor_send_s": floor,
        "peak_rss_mb": rss,
        "unsent": unsent,
        "goals_met": {g: _verdict(v, lim) == "met" for g, v, lim in goals},
    }


def main() -> None:
    """Parse arguments, run, report, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", type=int, default=50)
    parser.add_argument("--items", type=int, default=200, help="action items per network")
    parser.add_argument("--history-days", type=int, default=365, help="days of sent posts")
    parser.add_argument("--restarts", type=int, default=3, help="measured restarts")
    parser.add_argument("--lead", type=float, default=30.0, help="s of bot clock before 09:00")
    parser.add_argument("--tail", type=float, default=30.0, help="s of bot clock after 09:00")
    args = parser.parse_args()
    print(f"bench_scheduler: {args.networks} networks × {args.items} action items")
    run_benchmark("scheduler", run, report, args)


if __name__ == "__main__":
    main()
