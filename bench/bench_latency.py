"""Issues 6 and 16, benchmark 1: send→reply latency and CPU per reply of the bot's commands
against a bare echo bot (the floor) and matrix-reminder-bot (the peer).

A throwaway Synapse on loopback for each of `--runs` runs, pooled for the goal (Synapse is
slower storing commands in one of the rooms, the same one for one Synapse, another with the
next, so one run is not enough); each round trip is also timed from the command stored (the
homeserver's answer to the send), which leaves that out. The bot serves a room with
`--members` members and a seeded database (1,000 contacts, 1,000 action items, 50 work
packages, a meet-up series); the echo bot (bench/echo_bot.py) sits alone with the same
members in a second room, the peer (bench/peer.py, its own venv) in a third with
`!listreminders`. One member sends each
command, waits for the reply through its own sync, and alternates: each command, then the
floor. Goals per command: p50 ≤ floor p50 + 3 ms, p90 ≤ floor p90 + 5 ms, both ahead of the
peer; CPU per reply (the bot process's own CPU time, /proc, over the run) median ≤ 10 ms.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# bench/ for its helpers, then this checkout (not an editable install elsewhere) for the bot's
# own packages, which the bot processes it starts (cwd = this checkout) also use.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import homeserver_cpu
import peer
from common import (
    ReplyClock,
    add_silent_members,
    bot_process,
    cpu_seconds,
    echo_process,
    make_public_room,
    percentile,
    run_benchmark,
    seed,
    table,
    write_config,
)

from demo.chat import Member
from demo.synapse import LocalSynapse

COMMANDS = ("!treffen", "!agenda", "!aufgaben", "!wer serviceportal", "!kontakt lemgo")
FLOOR = "!echo"
PEER = f"peer {peer.COMMAND}"
P50_SLACK_MS, P90_SLACK_MS = 3.0, 5.0
CPU_GOAL_MS = 10.0


async def round_trip(
    member: Member,
    clock: ReplyClock,
    room: str,
    text: str,
    split: list[list[float]] | None = None,
    stored: list[float] | None = None,
) -> float:
    """Milliseconds from sending `text` until the reply arrives through the member's sync.

    With `split`, also appends [to the homeserver, bot, back to the member] (ms): from sending
    to the command's `origin_server_ts`, from it to the reply's, from that to the arrival (one
    machine, one clock; the homeserver stamps an event when it starts storing it). With
    `stored`, appends the milliseconds from the homeserver's answer to the send (the command
    stored) until the reply arrives."""
    start, wall = time.perf_counter(), time.time() * 1000
    event_id = await member.say(room, text)
    answered = time.perf_counter()
    arrived = await clock.wait(event_id)
    took = (arrived - start) * 1000
    if split is not None:
        command_ts = clock.stamped[event_id]
        reply_ts = clock.stamped[clock.reply_of[event_id]]
        split.append([command_ts - wall, reply_ts - command_ts, wall + took - reply_ts])
    if stored is not None:
        stored.append((arrived - answered) * 1000)
    return took


async def peer_trip(
    member: Member,
    clock: peer.SenderClock,
    room: str,
    give_up_after: float = 30.0,
    stored: list[float] | None = None,
) -> float:
    """Milliseconds from sending the peer's command until its answer arrives (`stored`: as
    in `round_trip`)."""
    clock.forget()
    start = time.perf_counter()
    await member.say(room, peer.COMMAND)
    answered = time.perf_counter()
    arrived = await clock.next(give_up_after)
    if stored is not None:
        stored.append((arrived - answered) * 1000)
    return (arrived - start) * 1000


async def first_peer_trip(member: Member, clock: peer.SenderClock, room: str) -> None:
    """The peer's first answer, asked up to three times: a command that reaches it in its
    first sync, which it reads as history, goes unanswered."""
    for attempt in range(3):
        try:
            await peer_trip(member, clock, room, give_up_after=40)
            return
        except TimeoutError:
            if attempt == 2:
                raise


class CpuMeter:
    """CPU milliseconds a process spent between `start()` and `stop()`, summed per label."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        self.spent: dict[str, float] = {}
        self._at = 0.0

    def start(self) -> None:
        if self.pid is not None:
            self._at = cpu_seconds(self.pid)

    def stop(self, label: str) -> None:
        if self.pid is not None:
            spent = (cpu_seconds(self.pid) - self._at) * 1000
            self.spent[label] = self.spent.get(label, 0.0) + spent


async def run(args: argparse.Namespace, base: Path) -> dict[str, Any]:
    """`--runs` measurements, each on a homeserver of its own; returns the raw numbers."""
    peer_python = None if args.no_peer else peer.ensure_venv()
    runs = []
    for number in range(1, args.runs + 1):
        print(f"run {number} of {args.runs}, on a fresh homeserver:")
        (base / f"run{number}").mkdir()
        runs.append(await run_once(args, base / f"run{number}", peer_python))
    return {
        "members": args.members,
        "floor_filter": args.floor_filter,
        "floor_mentions": args.floor_mentions,
        "n": args.n,
        "peer": f"matrix-reminder-bot {peer.VERSION}" if any(r["peer_ran"] for r in runs) else None,
        "runs": runs,
    }


async def run_once(
    args: argparse.Namespace, base: Path, peer_python: Path | None
) -> dict[str, Any]:
    """Set everything up, measure, tear everything down; returns one run's raw numbers."""
    synapse = LocalSynapse(base / "synapse", access_log=args.synapse_cpu)
    synapse.start()
    bot = echo = reminder = None
    member: Member | None = None
    try:
        bot_user, bot_pw = synapse.register("ikz-bot", "pw-bot"), "pw-bot"
        echo_user, echo_pw = synapse.register("echo", "pw-echo"), "pw-echo"
        peer_user, peer_pw = synapse.register("reminder", "pw-reminder"), "pw-reminder"
        erika_user = synapse.register("erika", "pw-erika")
        member = Member(synapse.url, erika_user, "pw-erika", base / "erika")
        await member.login()
        bot_room = await make_public_room(member, "IKZ Lippe", [bot_user])
        floor_room = await make_public_room(member, "Floor", [echo_user])
        peer_room = await make_public_room(member, "Peer", [peer_user])

        t0 = time.monotonic()
        silent = max(0, args.members - 2)  # the room has erika + bot (or echo) + silent ones
        add_silent_members(synapse, [bot_room, floor_room, peer_room], "m", silent)
        print(f"joined {silent} silent members to all rooms in {time.monotonic() - t0:.1f} s")

        # Erika sends 1,000+ commands one after another: as a config admin she is exempt from
        # the per-user flood limit (bot/flood.py), which would otherwise pause her after 30.
        config = write_config(base, synapse, bot_user, bot_pw, bot_room, admins=(erika_user,))
        bot = bot_process(config)
        bot.start()  # first start stores the network and its municipalities
        bot.stop()
        t0 = time.monotonic()
        seeded = await seed(
            base / "bot" / "data",
            bot_room,
            erika_user,
            n_contacts=1000,
            n_items=1000,
            n_packages=50,
        )
        print(f"seeded {seeded} in {time.monotonic() - t0:.1f} s")
        bot.start()
        echo = echo_process(
            synapse.url,
            echo_user,
            echo_pw,
            floor_room,
            base / "echo.log",
            filtered=args.floor_filter,
            mentions=args.floor_mentions,
        )
        echo.start()
        await member.wait_for_member(bot_room, bot_user)
        await member.wait_for_member(floor_room, echo_user)
        peer_clock = None
        if peer_python is not None:
            reminder = peer.peer_process(peer_python, base, synapse.url, peer_user, peer_pw)
            reminder.start()
            await member.wait_for_member(peer_room, peer_user)
            peer_clock = peer.SenderClock(member, peer_room, peer_user)
            try:  # its first answer may take a while (imports); without one, go on without it
                await first_peer_trip(member, peer_clock, peer_room)
            except TimeoutError:
                print(
                    f"peer did not answer; going on without it. Its log (tail):\n"
                    f"{reminder.this_run()[-2000:]}"
                )
                reminder.stop()
                reminder = peer_clock = None

        clock = ReplyClock(member)
        for text in (*COMMANDS, FLOOR):  # warm-up, not counted
            room = floor_room if text == FLOOR else bot_room
            for _ in range(3):
                await round_trip(member, clock, room, text)
        for _ in range(3 if peer_clock else 0):
            await peer_trip(member, peer_clock, peer_room)

        samples: dict[str, list[float]] = {c: [] for c in (*COMMANDS, FLOOR)}
        splits: dict[str, list[list[float]]] = {c: [] for c in (*COMMANDS, FLOOR)}
        if peer_clock is not None:
            samples[PEER] = []
        stored: dict[str, list[float]] = {label: [] for label in samples}
        cpu = {
            "bot": CpuMeter(bot.pid),
            "floor": CpuMeter(echo.pid),
            "peer": CpuMeter(reminder.pid if reminder else None),
        }
        profiler = profile_process(bot.pid, args.profile) if args.profile else None
        log_offset = synapse.log_path.stat().st_size if args.synapse_cpu else 0
        t0 = time.monotonic()
        for i in range(args.n):
            # Each command, then the floor; a process's CPU is read before its command and
            # after the floor's round trip that follows, so work after the reply counts too.
            for command in (*COMMANDS, *([PEER] if peer_clock else [])):
                meter = cpu["peer" if command == PEER else "bot"]
                meter.start()
                if command == PEER:
                    took = await peer_trip(member, peer_clock, peer_room, stored=stored[PEER])
                else:
                    text = command + " " * i if args.fresh_answers else command
                    took = await round_trip(
                        member, clock, bot_room, text, splits[command], stored[command]
                    )
                samples[command].append(took)
                cpu["floor"].start()
                took = await round_trip(
                    member, clock, floor_room, f"{FLOOR} {i}", splits[FLOOR], stored[FLOOR]
                )
                samples[FLOOR].append(took)
                cpu["floor"].stop(FLOOR)
                meter.stop(command)
        if profiler is not None:
            profiler.send_signal(signal.SIGINT)
            profiler.wait(60)
            print(f"profile of the bot during the measurement: {args.profile}")
        print(
            f"measured {sum(map(len, samples.values()))} round trips in "
            f"{time.monotonic() - t0:.1f} s"
        )
        roles = {bot_user: "bot", echo_user: "floor", peer_user: "peer", erika_user: "member"}
        rooms = {bot_room: "bot", floor_room: "floor", peer_room: "peer"}
        homeserver = (
            homeserver_cpu.read(synapse.log_path, log_offset, roles, rooms)
            if args.synapse_cpu
            else None
        )
        cpu_ms = {
            label: spent / len(samples[label])
            for meter in cpu.values()
            for label, spent in meter.spent.items()
        }
        return {
            "seeded": seeded.__dict__,
            "peer_ran": peer_clock is not None,
            "samples": samples,
            "stored_to_reply": stored,
            "splits": splits,
            "cpu_ms_per_reply": cpu_ms,
            "synapse_cpu": homeserver,
        }
    except BaseException:
        if reminder is not None:
            print(f"peer log (tail):\n{reminder.this_run()[-3000:]}", file=sys.stderr)
        raise
    finally:
        if member is not None:
            await member.close()
        for proc in (reminder, echo, bot):
            if proc is not None:
                proc.stop()
        synapse.stop()


def profile_process(pid: int | None, path: Path) -> subprocess.Popen[bytes]:
    """py-spy sampling `pid` (threads, idle excluded) into `path` as collapsed stacks, one
    line per stack with its sample count (grep- and flamegraph-friendly)."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    argv = [spy, "record", "--pid", str(pid), "--format", "raw", "--threads", "-o", str(path)]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def report(raw: dict[str, Any]) -> dict[str, Any]:
    """Print the tables, the runs pooled and each run's gap to its floor; return the summary
    that goes into the JSON."""
    runs: list[dict[str, Any]] = raw["runs"]
    samples = pooled([run["samples"] for run in runs])
    splits = pooled([run["splits"] for run in runs])
    spent = pooled([{k: [v] for k, v in run["cpu_ms_per_reply"].items()} for run in runs])
    cpu_ms = {label: statistics.mean(values) for label, values in spent.items()}
    rows, summary = judged(samples, cpu_ms)
    headers = ["command", "n", "p50", "p90", "p99", "p50-floor", "p90-floor", "CPU ms", "goal"]
    print(
        f"\nReply latency in ms ({raw['members']} room members, N={raw['n']} per command "
        f"in each of {len(runs)} runs, pooled)"
    )
    peer_name = raw.get("peer") or "not run"
    print(f"bot: ikz-bot; floor: matrix-nio echo bot, {floor_name(raw)}; peer: {peer_name}")
    print(table(headers, rows))
    print(
        f"latency goal: p50 ≤ floor+{P50_SLACK_MS:g} ms, p90 ≤ floor+{P90_SLACK_MS:g} ms and "
        "both ahead of the peer; CPU ms = the process's own CPU time per reply"
    )
    if all("stored_to_reply" in run for run in runs):
        rows, summary["stored_to_reply"] = judged(
            pooled([run["stored_to_reply"] for run in runs]), cpu_ms
        )
        print(
            "\nFrom the command stored to the reply, ms (from the homeserver's answer to the "
            "member's send):\nleaves out Synapse storing the member's command, which is slower "
            "in one room of each homeserver"
        )
        print(table(headers, rows))
    summary["per_run"] = report_runs(runs)
    summary["split_p50_ms"] = report_split(splits)
    if runs[0]["synapse_cpu"]:
        homeserver_cpu.report([run["synapse_cpu"] for run in runs])
    ours = sorted(v for c, v in cpu_ms.items() if c in COMMANDS)
    if ours:
        median = ours[len(ours) // 2]
        met = median <= CPU_GOAL_MS
        print(
            f"CPU goal: median over the bot's commands {median:.1f} ms per reply "
            f"(≤ {CPU_GOAL_MS:g} ms): {'met' if met else 'MISSED'}"
        )
        summary["cpu_median_ms"] = {"value": median, "goal_ms": CPU_GOAL_MS, "goal_met": met}
    return summary


def judged(
    samples: dict[str, list[float]], cpu_ms: dict[str, float]
) -> tuple[list[list[Any]], dict[str, Any]]:
    """Each command's percentiles against the floor and the peer: table rows and summary."""
    floor = samples[FLOOR]
    f50, f90 = percentile(floor, 50), percentile(floor, 90)
    peer_samples = samples.get(PEER)
    peer50 = percentile(peer_samples, 50) if peer_samples else None
    peer90 = percentile(peer_samples, 90) if peer_samples else None
    rows: list[list[Any]] = []
    summary: dict[str, Any] = {}
    for command, values in samples.items():
        p50, p90, p99 = (percentile(values, p) for p in (50, 90, 99))
        d50, d90 = p50 - f50, p90 - f90
        ours = command in COMMANDS
        near_floor = d50 <= P50_SLACK_MS and d90 <= P90_SLACK_MS
        ahead = peer50 is None or (p50 < peer50 and p90 < peer90)
        cpu = cpu_ms.get(command)
        other = "(floor)" if command == FLOOR else "(peer)"
        goal: Any = (near_floor and ahead) if ours else other
        shown_cpu = "-" if cpu is None else cpu
        rows.append([command, len(values), p50, p90, p99, d50, d90, shown_cpu, goal])
        summary[command] = {
            "n": len(values),
            "p50_ms": p50,
            "p90_ms": p90,
            "p99_ms": p99,
            "p50_minus_floor_ms": d50,
            "p90_minus_floor_ms": d90,
            "cpu_ms_per_reply": cpu,
            **({"ahead_of_peer": ahead, "goal_met": near_floor and ahead} if ours else {}),
        }
    return rows, summary


def pooled(per_run: list[dict[str, list[Any]]]) -> dict[str, list[Any]]:
    """Each label's values from all runs, one list."""
    together: dict[str, list[Any]] = {}
    for values in per_run:
        for label, some in values.items():
            together.setdefault(label, []).extend(some)
    return together


def report_runs(runs: list[dict[str, Any]]) -> list[dict[str, list[float]]]:
    """Print each run's p50 and p90 minus its own floor's per command; return them.

    One homeserver stores the member's commands more slowly in the bot's room or in the
    floor's, the same one for as long as it runs and another with the next, so a run is fast
    or slow for the bot, or the floor, as a whole. Synapse runs the same statements in both
    rooms; the slow room's SQLite commit takes 8 ms instead of 3 and grows over the run
    (timed inside Synapse). The last column leaves that out: each command's p50 from the
    command stored to the reply, minus the floor's, lowest to highest.
    """
    gaps = []
    for run in runs:
        floor = run["samples"][FLOOR]
        f50, f90 = percentile(floor, 50), percentile(floor, 90)
        gaps.append(
            {
                command: [percentile(values, 50) - f50, percentile(values, 90) - f90]
                for command, values in run["samples"].items()
                if command in COMMANDS
            }
        )
    if len(runs) > 1:
        print("\nEach run against its own floor: p50-floor / p90-floor in ms")
        logged = runs[0]["synapse_cpu"] is not None
        headers = [
            "run",
            "floor p50",
            *COMMANDS,
            *(["command PUT, bot's room", "floor's room"] if logged else []),
            "from stored, p50-floor",
        ]
        rows = [
            [
                number,
                percentile(run["samples"][FLOOR], 50),
                *(f"{d50:+.1f} / {d90:+.1f}" for d50, d90 in gap.values()),
                *(homeserver_cpu.command_walls(run["synapse_cpu"]) if logged else []),
                stored_gaps(run),
            ]
            for number, (run, gap) in enumerate(zip(runs, gaps, strict=True), start=1)
        ]
        print(table(headers, rows))
        if logged:
            print(
                "command PUT: Synapse's mean wall time (ms) for the member's command in each "
                "room, from reading it to answering it"
            )
    return gaps


def stored_gaps(run: dict[str, Any]) -> str:
    """The lowest and highest p50 minus the floor's over the bot's commands, from the
    command stored to the reply; "-" for a run measured before that was recorded."""
    stored = run.get("stored_to_reply")
    if not stored:
        return "-"
    f50 = percentile(stored[FLOOR], 50)
    gaps = sorted(percentile(stored[c], 50) - f50 for c in COMMANDS)
    return f"{gaps[0]:+.1f} to {gaps[-1]:+.1f}"


def floor_name(options: dict[str, Any]) -> str:
    """How the echo floor ran, from the run's options (`floor_filter`, `floor_mentions`)."""
    parts = [
        *(["with the bot's sync filter"] if options.get("floor_filter") else []),
        *(["with empty m.mentions"] if options.get("floor_mentions") else []),
    ]
    return ", ".join(parts) or "bare"


def report_split(splits: dict[str, list[list[float]]]) -> dict[str, list[float]]:
    """Print where a round trip's time goes (p50 of each part); return them per command."""
    parts = {
        command: [percentile([row[i] for row in rows], 50) for i in range(3)]
        for command, rows in splits.items()
        if rows
    }
    if parts:
        print("\nWhere the time goes, p50 in ms (origin_server_ts of command and reply):")
        headers = ["command", "to homeserver", "bot", "back to member"]
        print(table(headers, [[command, *values] for command, values in parts.items()]))
    return parts


def main() -> None:
    """Parse arguments, run, report, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50, help="round trips per command and run")
    parser.add_argument(
        "--runs", type=int, default=3, help="measurements, each on a fresh homeserver (pooled)"
    )
    parser.add_argument("--no-peer", action="store_true", help="leave matrix-reminder-bot out")
    parser.add_argument("--members", type=int, default=100, help="members of each room")
    parser.add_argument(
        "--profile",
        type=Path,
        help="py-spy the bot during the measurement into this file (the last run's)",
    )
    parser.add_argument(
        "--floor-filter",
        action="store_true",
        help="the echo floor syncs with the bot's filter (its own replies do not wake it)",
    )
    parser.add_argument(
        "--synapse-cpu",
        action="store_true",
        help="log Synapse's requests and print what each kind cost it (CPU, database)",
    )
    parser.add_argument(
        "--floor-mentions",
        action="store_true",
        help="the echo floor's replies carry an empty m.mentions, as the bot's answers do",
    )
    parser.add_argument(
        "--fresh-answers",
        action="store_true",
        help="each command typed with one trailing space more than the last (the bot ignores "
        "them), so no answer is served from memory (bot/answers.py): every ask a first one",
    )
    args = parser.parse_args()
    floor = floor_name(vars(args))
    print(
        f"bench_latency: N={args.n} per command in each of {args.runs} runs, "
        f"{args.members} room members; floor: {floor}"
        + ("; no answer from memory (--fresh-answers)" if args.fresh_answers else "")
    )
    run_benchmark("latency", run, report, args)


if __name__ == "__main__":
    main()
