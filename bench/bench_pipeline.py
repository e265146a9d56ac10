"""Issue 16: CPU per command of the bot's own path, without Matrix.

`bench_latency.py` measures the whole process, nio's sync and HTTP included; this one times
what the bot adds between receiving a command and the homeserver's answer to its reply: the
command pipeline (mark, route, render, store the reply, one transaction) and the sender
(send, mark sent), against a stand-in homeserver that answers every send at once. A temp
SQLite database is migrated and seeded through storage/ like bench_latency's (1,000
contacts, 1,000 action items, 50 work packages, a weekly meet-up series). CPU is the
process's own (time.process_time), per command, over `--n` runs after three not counted:
the same text again (served from memory where the answer holds, bot/answers.py), then a
text with one trailing space more each time, which is worked out anew (a first ask).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout, not an install
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import run_benchmark, seed, table
from nio import RoomSendResponse

from bot.config import NetworkConfig
from bot.flood import FloodLimiter
from bot.networks import store_network
from bot.pipeline import CommandPipeline, Standing
from bot.sender import Sender
from commands.invocation import Invocation
from commands.table import default_registry
from storage.bundled import bundled_municipalities
from storage.db import create_engine, session_factory
from storage.migrate import upgrade

ROOM = "!lippe:bench"
ERIKA = "@erika:bench"
COMMANDS = ("!treffen", "!agenda", "!aufgaben", "!wer serviceportal", "!kontakt lemgo", "!hilfe")


class Homeserver:
    """Answers every send with a new event id, as fast as it can."""

    def __init__(self) -> None:
        self.rooms = {ROOM: object()}
        self.olm = None
        self.sent = 0

    async def room_send(self, room_id: str, *_args: Any, **_kwargs: Any) -> RoomSendResponse:
        self.sent += 1
        return RoomSendResponse(f"$reply{self.sent}", room_id)


async def run(args: argparse.Namespace, base: Path) -> dict[str, Any]:
    """Seed, then time each command `args.n` times through pipeline and sender."""
    data = base / "data"
    data.mkdir()
    url = f"sqlite+aiosqlite:///{data / 'ikz-bot.sqlite3'}"
    engine = create_engine(url)
    await upgrade(engine)
    towns = tuple(name for name, _kind in bundled_municipalities("lippe"))
    async with session_factory(engine)() as session, session.begin():
        config = NetworkConfig(key="lippe", room_id=ROOM, name="IKZ Lippe", municipalities=towns)
        network, _ = await store_network(session, config)
    await engine.dispose()
    await seed(data, ROOM, ERIKA, n_contacts=1000, n_items=1000, n_packages=50)

    engine = create_engine(url)
    sessions = session_factory(engine)
    homeserver = Homeserver()
    sender = Sender(homeserver, sessions, lambda: datetime.now(UTC))  # type: ignore[arg-type]
    pipeline = CommandPipeline(
        sessions,
        default_registry(),
        prefix="!",
        catch_up=timedelta(minutes=15),
        now=lambda: datetime.now(UTC),
        on_stored=sender.hand_over,
        flood=FloodLimiter(exempt=[ERIKA]),  # one sender, hundreds of commands
    )
    standing = Standing(network=network, is_moderator=True, member_of=(network,))
    await sender.flush()
    numbers = iter(range(1_000_000))

    async def once(text: str) -> None:
        inv = Invocation(
            event_id=f"$cmd{next(numbers)}",
            room_id=ROOM,
            sender=ERIKA,
            text=text,
            sent_at=datetime.now(UTC),
        )
        if not await pipeline.handle(inv, standing):
            raise RuntimeError(f"{text!r} got no reply")
        await sender.flush()

    cpu_ms: dict[str, float] = {}
    first_ms: dict[str, float] = {}
    try:
        for text in COMMANDS:
            for _ in range(3):  # warm-up: caches, the search index, prepared statements
                await once(text)
            start = time.process_time()
            for _ in range(args.n):
                await once(text)
            cpu_ms[text] = (time.process_time() - start) * 1000 / args.n
            start = time.process_time()
            for i in range(args.n):  # a trailing space more each time: never from memory
                await once(text + " " * (i + 1))
            first_ms[text] = (time.process_time() - start) * 1000 / args.n
    finally:
        await engine.dispose()
    if homeserver.sent != (2 * args.n + 3) * len(COMMANDS):
        raise RuntimeError(f"{homeserver.sent} replies sent, not one per command")
    return {"n": args.n, "cpu_ms_per_command": cpu_ms, "first_ask_cpu_ms": first_ms}


def report(raw: dict[str, Any]) -> dict[str, Any]:
    """Print the table; return the summary that goes into the JSON."""
    first = raw.get("first_ask_cpu_ms", {})
    rows = [
        [text, raw["n"], ms, first.get(text, float("nan"))]
        for text, ms in raw["cpu_ms_per_command"].items()
    ]
    print(f"\nCPU ms per command, pipeline and sender, no Matrix (N={raw['n']} each)")
    print("asked again: the same text, answered from memory where it holds (bot/answers.py);")
    print("first ask: the text differs each time (trailing spaces), so it is worked out anew")
    print(table(["command", "n", "asked again", "first ask"], rows))
    return {"asked_again": dict(raw["cpu_ms_per_command"]), "first_ask": dict(first)}


def main() -> None:
    """Parse arguments, run, report, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="runs per command")
    args = parser.parse_args()
    print(f"bench_pipeline: N={args.n} per command")
    run_benchmark("pipeline", run, report, args)


if __name__ == "__main__":
    main()
