"""Issue 6, benchmark 1: send→reply latency of the bot's commands against a bare echo bot.

One throwaway Synapse on loopback. The bot serves a room with `--members` members and a
seeded database (1,000 contacts, 1,000 action items, 50 work packages, a meet-up series);
the echo bot (bench/echo_bot.py) sits alone with the same members in a second room and is
the floor. One member sends each command, waits for the reply through its own sync, and
alternates bot and floor. Goal per command: p50 ≤ floor p50 + 3 ms, p90 ≤ floor p90 + 5 ms.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    ReplyClock,
    add_silent_members,
    bot_process,
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
P50_SLACK_MS, P90_SLACK_MS = 3.0, 5.0


async def round_trip(member: Member, clock: ReplyClock, room: str, text: str) -> float:
    """Milliseconds from sending `text` until the reply arrives through the member's sync."""
    start = time.perf_counter()
    event_id = await member.say(room, text)
    return (await clock.wait(event_id) - start) * 1000


async def run(args: argparse.Namespace, base: Path) -> dict[str, Any]:
    """Set everything up, measure, tear everything down; returns the raw numbers."""
    synapse = LocalSynapse(base / "synapse")
    synapse.start()
    bot = echo = None
    member: Member | None = None
    try:
        bot_user, bot_pw = synapse.register("ikz-bot", "pw-bot"), "pw-bot"
        echo_user, echo_pw = synapse.register("echo", "pw-echo"), "pw-echo"
        erika_user = synapse.register("erika", "pw-erika")
        member = Member(synapse.url, erika_user, "pw-erika", base / "erika")
        await member.login()
        bot_room = await make_public_room(member, "IKZ Lippe", [bot_user])
        floor_room = await make_public_room(member, "Floor", [echo_user])

        t0 = time.monotonic()
        silent = max(0, args.members - 2)  # the room has erika + bot (or echo) + silent ones
        add_silent_members(synapse, [bot_room, floor_room], "m", silent)
        print(f"joined {silent} silent members to both rooms in {time.monotonic() - t0:.1f} s")

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
        echo = echo_process(synapse.url, echo_user, echo_pw, floor_room, base / "echo.log")
        echo.start()
        await member.wait_for_member(bot_room, bot_user)
        await member.wait_for_member(floor_room, echo_user)

        clock = ReplyClock(member)
        for text in (*COMMANDS, FLOOR):  # warm-up, not counted
            room = floor_room if text == FLOOR else bot_room
            for _ in range(3):
                await round_trip(member, clock, room, text)

        samples: dict[str, list[float]] = {c: [] for c in (*COMMANDS, FLOOR)}
        t0 = time.monotonic()
        for i in range(args.n):
            for command in COMMANDS:
                samples[command].append(await round_trip(member, clock, bot_room, command))
                samples[FLOOR].append(await round_trip(member, clock, floor_room, f"{FLOOR} {i}"))
        print(
            f"measured {sum(map(len, samples.values()))} round trips in "
            f"{time.monotonic() - t0:.1f} s"
        )
        return {"members": args.members, "n": args.n, "seeded": seeded.__dict__, "samples": samples}
    finally:
        if member is not None:
            await member.close()
        for proc in (echo, bot):
            if proc is not None:
                proc.stop()
        synapse.stop()


def report(raw: dict[str, Any]) -> dict[str, Any]:
    """Print the table; return the summary that goes into the JSON."""
    samples: dict[str, list[float]] = raw["samples"]
    floor = samples[FLOOR]
    f50, f90 = percentile(floor, 50), percentile(floor, 90)
    rows: list[list[Any]] = []
    summary: dict[str, Any] = {}
    for command, values in samples.items():
        p50, p90, p99 = (percentile(values, p) for p in (50, 90, 99))
        d50, d90 = p50 - f50, p90 - f90
        met = command == FLOOR or (d50 <= P50_SLACK_MS and d90 <= P90_SLACK_MS)
        goal = "(floor)" if command == FLOOR else met
        rows.append([command, len(values), p50, p90, p99, d50, d90, goal])
        summary[command] = {
            "n": len(values),
            "p50_ms": p50,
            "p90_ms": p90,
            "p99_ms": p99,
            "p50_minus_floor_ms": d50,
            "p90_minus_floor_ms": d90,
            "goal_met": met,
        }
    headers = ["command", "n", "p50", "p90", "p99", "p50-floor", "p90-floor", "goal met?"]
    print(f"\nReply latency in ms ({raw['members']} room members, N={raw['n']} per command)")
    print(table(headers, rows))
    print(f"goal: p50 ≤ floor+{P50_SLACK_MS:g} ms and p90 ≤ floor+{P90_SLACK_MS:g} ms")
    return summary


def main() -> None:
    """Parse arguments, run, report, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="round trips per command")
    parser.add_argument("--members", type=int, default=100, help="members of each room")
    args = parser.parse_args()
    print(f"bench_latency: N={args.n} per command, {args.members} room members")
    run_benchmark("latency", run, report, args)


if __name__ == "__main__":
    main()
