"""Issue 6, benchmark 2: a burst of commands from many users at once, bot against echo floor.

`--users` members (default 20) each send `--per-user` commands (default 25) in order, all
users at the same time. Answers are counted from the room's timeline as the server stores it
(`/messages`), not from a live sync. Goal for the bot: every command answered exactly once,
in order per user, and drain time per answered command ≤ 1.5 × the echo floor's.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import Any

# bench/ for its helpers, then this checkout (not an editable install elsewhere) for the bot's
# own packages, which the bot processes it starts (cwd = this checkout) also use.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    bot_process,
    echo_process,
    make_public_room,
    run_benchmark,
    seed,
    table,
    write_config,
)
from nio import Event

from demo.chat import Member, in_reply_to
from demo.synapse import LocalSynapse

COMMANDS = ("!treffen", "!agenda", "!aufgaben", "!wer serviceportal", "!kontakt lemgo")
RATIO_GOAL = 1.5


async def burst(members: list[Member], room: str, texts: list[str]) -> list[list[str]]:
    """Every member sends `texts` in order, all members at once; event ids per member."""

    async def one(member: Member) -> list[str]:
        return [await member.say(room, text) for text in texts]

    return list(await asyncio.gather(*(one(m) for m in members)))


async def drain(
    reader: Member, room: str, responder: str, sent: set[str], *, idle: float, limit: float
) -> list[Event]:
    """Read `/messages` until every command is answered or no new answer came for `idle` s."""
    deadline = time.monotonic() + limit
    last_count, last_change = -1, time.monotonic()
    while True:
        events = await reader.history(room, max_events=20000)
        count = len({in_reply_to(e) for e in events if e.sender == responder} & sent)
        now = time.monotonic()
        if count != last_count:
            last_count, last_change = count, now
        if count >= len(sent) or now - last_change > idle or now > deadline:
            return events
        await asyncio.sleep(1.0)


def evaluate(events: list[Event], responder: str, per_user: list[list[str]]) -> dict[str, Any]:
    """Exactly-once count, per-user order and drain time, all from the stored timeline."""
    sent = {event_id for ids in per_user for event_id in ids}
    ts = {e.event_id: e.server_timestamp for e in events}
    answers: dict[str, int] = {}
    first_answer_pos: dict[str, int] = {}
    last_answer_ts = 0
    for pos, event in enumerate(events):
        target = in_reply_to(event)
        if event.sender != responder or target not in sent:
            continue
        answers[target] = answers.get(target, 0) + 1
        first_answer_pos.setdefault(target, pos)
        last_answer_ts = max(last_answer_ts, event.server_timestamp)
    once = sum(1 for n in answers.values() if n == 1)
    duplicated = sum(1 for n in answers.values() if n > 1)
    in_order = 0
    for ids in per_user:
        positions = [first_answer_pos[i] for i in ids if i in first_answer_pos]
        in_order += positions == sorted(positions)
    first_command = min(ts[i] for i in sent if i in ts)
    drain_ms = max(0, last_answer_ts - first_command) if answers else 0
    return {
        "commands": len(sent),
        "answered": len(answers),
        "answered_exactly_once": once,
        "answered_more_than_once": duplicated,
        "users_in_order": in_order,
        "users": len(per_user),
        "drain_ms": drain_ms,
        "drain_ms_per_answer": drain_ms / len(answers) if answers else float("inf"),
    }


async def run(args: argparse.Namespace, base: Path) -> dict[str, Any]:
    """Set up Synapse, bot, echo bot and members; burst both; tear everything down."""
    synapse = LocalSynapse(base / "synapse")
    synapse.start()
    bot = echo = None
    members: list[Member] = []
    try:
        bot_user, bot_pw = synapse.register("ikz-bot", "pw-bot"), "pw-bot"
        echo_user, echo_pw = synapse.register("echo", "pw-echo"), "pw-echo"
        for i in range(args.users):
            user = synapse.register(f"user{i}", f"pw-user{i}")
            member = Member(synapse.url, user, f"pw-user{i}", base / f"user{i}")
            members.append(member)
            await member.login()
        owner = members[0]
        bot_room = await make_public_room(owner, "IKZ Lippe", [bot_user])
        floor_room = await make_public_room(owner, "Floor", [echo_user])
        for member in members[1:]:
            await member.join(bot_room)
            await member.join(floor_room)

        config = write_config(base, synapse, bot_user, bot_pw, bot_room)
        bot = bot_process(config)
        bot.start()  # first start stores the network and its municipalities
        bot.stop()
        data = base / "bot" / "data"
        await seed(data, bot_room, owner.user_id, n_contacts=1000, n_items=1000, n_packages=50)
        bot.start()
        echo = echo_process(synapse.url, echo_user, echo_pw, floor_room, base / "echo.log")
        echo.start()
        await owner.wait_for_member(bot_room, bot_user)
        await owner.wait_for_member(floor_room, echo_user)

        results: dict[str, Any] = {}
        for name, room, responder, texts in (
            ("bot", bot_room, bot_user, [COMMANDS[i % 5] for i in range(args.per_user)]),
            ("echo floor", floor_room, echo_user, [f"!echo {i}" for i in range(args.per_user)]),
        ):
            t0 = time.monotonic()
            per_user = await burst(members, room, texts)
            sent_s = time.monotonic() - t0
            sent = {i for ids in per_user for i in ids}
            events = await drain(owner, room, responder, sent, idle=args.idle, limit=240)
            results[name] = {**evaluate(events, responder, per_user), "send_s": sent_s}
            print(f"{name}: {results[name]}")
        return {"users": args.users, "per_user": args.per_user, "results": results}
    finally:
        for member in members:
            await member.close()
        for proc in (echo, bot):
            if proc is not None:
                proc.stop()
        synapse.stop()


def report(raw: dict[str, Any]) -> dict[str, Any]:
    """Print the table and the goal verdicts; return the verdicts."""
    bot, floor = raw["results"]["bot"], raw["results"]["echo floor"]
    ratio = bot["drain_ms_per_answer"] / floor["drain_ms_per_answer"]
    rows = [
        [
            name,
            r["commands"],
            r["answered_exactly_once"],
            r["answered_more_than_once"],
            f"{r['users_in_order']}/{r['users']}",
            r["drain_ms"] / 1000,
            r["drain_ms_per_answer"],
        ]
        for name, r in raw["results"].items()
    ]
    headers = ["responder", "sent", "once", "dupes", "users in order", "drain s", "ms/answer"]
    print(f"\nBurst: {raw['users']} users × {raw['per_user']} commands at once")
    print(table(headers, rows))
    all_once = bot["answered_exactly_once"] == bot["commands"]
    ordered = bot["users_in_order"] == bot["users"]
    verdict = {
        "all_answered_exactly_once": all_once,
        "order_kept_per_user": ordered,
        "drain_per_answer_ratio": ratio,
        "ratio_goal_met": ratio <= RATIO_GOAL,
    }
    print(
        f"bot: all answered exactly once: {'yes' if all_once else 'NO'}; "
        f"order kept per user: {'yes' if ordered else 'NO'}"
    )
    print(
        f"drain per answered command, bot/floor: {ratio:.2f} "
        f"(goal ≤ {RATIO_GOAL}: {'met' if ratio <= RATIO_GOAL else 'MISSED'})"
    )
    return verdict


def main() -> None:
    """Parse arguments, run, report, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--per-user", type=int, default=25)
    parser.add_argument("--idle", type=float, default=15.0, help="give up after s without news")
    args = parser.parse_args()
    print(f"bench_burst: {args.users} users × {args.per_user} commands")
    run_benchmark("burst", run, report, args)


if __name__ == "__main__":
    main()
