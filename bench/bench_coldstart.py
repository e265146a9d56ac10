"""Issue 6, benchmark 4: cold start — process start to the first answered command.

One throwaway Synapse on loopback, already running. The bot's room has a member (Erika) who
is logged in and syncing; the bot's database holds the latency benchmark's data (1,000
contacts, 1,000 action items, 50 work packages, a meet-up series). Each repetition spawns
`python -m bot run`, Erika sends `!hilfe` right away, and the clock stops when the reply
arrives through her sync. Two kinds of start:

- restart: database migrated and session stored by an earlier start (the everyday case);
- first start ever: a new bot account (registered and put in a new room beforehand, with no
  device) and an empty data directory: the schema from scratch, password login, device keys,
  the cross-signing identity published and the device signed, a full initial sync. The room
  is new so that `!hilfe` is its only command: a bot with an empty database answers every
  command of the catch-up window (15 minutes) it finds in its room, so in the shared room
  it would first answer all the earlier runs' commands again and the clock would measure
  those replies.

Before measuring, the checkout's modules are compiled to bytecode once, as installing the
package does (pip compiles what it installs, also in the Docker image). Without that, a shell
with PYTHONDONTWRITEBYTECODE=1 makes every start compile the bot's sources again (about
0.5 s of CPU), which no installed bot pays.

Goal: process start → first answered command ≤ 3 s (median and max are reported; the goal
is checked on the max).
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import sys
import time
from pathlib import Path
from typing import Any

# bench/ for its helpers, then this checkout (not an editable install elsewhere) for the bot's
# own packages, which the bot processes it starts (cwd = this checkout) also use.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    PROJECT,
    ChildProcess,
    ReplyClock,
    bot_process,
    cpu_seconds,
    first_line,
    http_json,
    log_time,
    make_public_room,
    percentile,
    run_benchmark,
    seed,
    table,
    write_config,
)

from demo.chat import Member
from demo.synapse import LocalSynapse

GOAL_S = 3.0
COMMAND = "!hilfe"
PACKAGES = ("bot", "commands", "storage")


async def one_start(bot: ChildProcess, member: Member, clock: ReplyClock, room: str) -> dict:
    """Spawn the bot, send the command at once; seconds until the reply, and the log's steps."""
    start = time.perf_counter()
    bot.spawn()
    event_id = await member.say(room, COMMAND)
    sent = time.perf_counter()
    try:
        arrived = await clock.wait(event_id, give_up_after=60)
        assert bot.pid is not None
        cpu = cpu_seconds(bot.pid)
    finally:
        bot.stop()
    log = bot.this_run()
    steps: dict[str, Any] = {
        "answered_s": arrived - start,
        "command_sent_s": sent - start,
        "cpu_s": cpu,
    }
    for name, needle in (("migrated_s", "database at revision"), ("synced_s", "ikz-bot is ready")):
        line = first_line(log, needle)
        steps[name] = None if line is None else log_time(line) - bot.started_at
    return steps


def compile_checkout() -> None:
    """Bytecode for the bot's own packages, as an install has it (see the module docstring)."""
    for package in PACKAGES:
        compileall.compile_dir(PROJECT / package, quiet=1)


async def first_start_setting(synapse: LocalSynapse, member: Member, n: int) -> tuple[str, str]:
    """A bot account never started before and a new room it is in, without any device of
    its own yet: (user id, room id)."""
    localpart, password = f"ikz-bot-new{n}", "pw-bot"
    user_id = synapse.register(localpart, password)
    room = await make_public_room(member, f"IKZ Lippe {n}", [user_id])
    login = {
        "type": "m.login.password",
        "identifier": {"type": "m.id.user", "user": localpart},
        "password": password,
    }
    token = str(http_json(f"{synapse.url}/_matrix/client/v3/login", "POST", login)["access_token"])
    http_json(f"{synapse.url}/_matrix/client/v3/join/{room}", "POST", {}, token)
    http_json(f"{synapse.url}/_matrix/client/v3/logout", "POST", {}, token)
    await member.wait_for_member(room, user_id)
    return user_id, room


async def run(args: argparse.Namespace, base: Path) -> dict[str, Any]:
    """Set everything up, measure, tear everything down; returns the raw numbers."""
    compile_checkout()
    synapse = LocalSynapse(base / "synapse")
    synapse.start()
    bot: ChildProcess | None = None
    member: Member | None = None
    try:
        bot_user = synapse.register("ikz-bot", "pw-bot")
        erika = synapse.register("erika", "pw-erika")
        member = Member(synapse.url, erika, "pw-erika", base / "erika")
        await member.login()
        room = await make_public_room(member, "IKZ Lippe", [bot_user])
        config = write_config(base, synapse, bot_user, "pw-bot", room)
        data = base / "bot" / "data"
        bot = bot_process(config)
        bot.start()  # joins the room, stores the network and the session
        bot.stop()
        await seed(data, room, erika, n_contacts=1000, n_items=1000, n_packages=50)
        await member.wait_for_member(room, bot_user)
        clock = ReplyClock(member)
        results: dict[str, list[dict]] = {"restart": [], "first start ever": []}
        for i in range(args.n):
            steps = await one_start(bot, member, clock, room)
            results["restart"].append(steps)
            print(f"restart {i + 1}: {steps}")
        for i in range(args.n_first):
            shutil.rmtree(data)
            new_bot, new_room = await first_start_setting(synapse, member, i)
            write_config(base, synapse, new_bot, "pw-bot", new_room)
            steps = await one_start(bot, member, clock, new_room)
            results["first start ever"].append(steps)
            print(f"first start {i + 1}: {steps}")
        return {"n": args.n, "n_first": args.n_first, "results": results}
    finally:
        if member is not None:
            await member.close()
        if bot is not None:
            bot.stop()
        synapse.stop()


def report(raw: dict[str, Any]) -> dict[str, Any]:
    """Print the table; return the summary that goes into the JSON."""
    rows: list[list[Any]] = []
    summary: dict[str, Any] = {}
    for kind, runs in raw["results"].items():
        if not runs:
            continue
        answered = [r["answered_s"] for r in runs]
        migrated = [r["migrated_s"] for r in runs if r["migrated_s"] is not None]
        synced = [r["synced_s"] for r in runs if r["synced_s"] is not None]
        cpu = [r["cpu_s"] for r in runs]
        med, worst = percentile(answered, 50), max(answered)
        met = worst <= GOAL_S
        rows.append(
            [
                kind,
                len(runs),
                round(percentile(migrated, 50), 2) if migrated else "-",
                round(percentile(synced, 50), 2) if synced else "-",
                round(min(answered), 2),
                round(med, 2),
                round(worst, 2),
                round(percentile(cpu, 50), 2),
                round(max(cpu), 2),
                "met" if met else "MISSED",
            ]
        )
        summary[kind] = {
            "min_s": min(answered),
            "median_s": med,
            "max_s": worst,
            "cpu_median_s": percentile(cpu, 50),
            "cpu_max_s": max(cpu),
            "goal_met": met,
        }
    headers = [
        "start",
        "n",
        "migrated",
        "synced",
        "answered min",
        "p50",
        "max",
        "CPU p50",
        "CPU max",
    ]
    headers.append("goal")
    print(f"\nCold start: process spawn → reply to {COMMAND} (s; Synapse running)")
    print(table(headers, rows))
    print(f"goal: ≤ {GOAL_S:g} s from process start to the first answered command (max)")
    print(
        "migrated/synced: median seconds from spawn to those log lines; CPU: the bot's CPU "
        "seconds until the answer arrived (does not grow when other processes share the cores)"
    )
    return summary


def main() -> None:
    """Parse arguments, run, report, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=7, help="restarts measured")
    parser.add_argument("--n-first", type=int, default=5, help="first starts ever measured")
    args = parser.parse_args()
    print(f"bench_coldstart: {args.n} restarts, {args.n_first} first starts")
    run_benchmark("coldstart", run, report, args)


if __name__ == "__main__":
    main()
