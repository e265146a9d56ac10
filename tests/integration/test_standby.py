"""Two bot processes on one database: one acts, the other stands by and takes over.

Both share the config's data directory (one Matrix device, one crypto store), as two machines
do with a shared `data_dir` and PostgreSQL, and as two processes on one machine do with
SQLite. The active one is killed with SIGKILL three times while due posts go out and Erika
keeps sending commands in an encrypted room; each time the standby takes over and a new
standby is started. The room's timeline, read back from the server, holds every reply and
every post exactly once, all of them decrypted.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from nio import MegolmEvent, RoomMessage
from sqlalchemy.engine import make_url

from bot.cli import LOCK_LOST
from demo.botconfig import write_bot_config
from demo.chat import Member, in_reply_to
from tests.integration.support import READY_LINE, BotProcess, lippe, with_database_url

BERLIN = ZoneInfo("Europe/Berlin")
DAY = "10.03.2026"  # a Tuesday, no holiday in NRW
SETUP_AT = datetime(2026, 3, 10, 9, 30, tzinfo=BERLIN)
START = datetime(2026, 3, 10, 9, 59, 50, tzinfo=BERLIN)
KILLS = [None, datetime(2026, 3, 10, 10, 0, 35, tzinfo=BERLIN), None]
"""When the active bot is killed: None as soon as it has stored a due post (at 10:00 and at
10:01, so it dies while sending), else at that story time (between posts)."""
STORED_POST = "stored post meetup:"
POSTS = """
[networks.{key}.posts]
agenda_call_days = 0
agenda_call_at = "10:00"
agenda_days = 0
agenda_at = "10:01"
reminder_minutes = 60
"""
MEETUPS = {"Runde-Lemgo": "11:00-11:30", "Runde-Detmold": "11:01-11:30"}
KINDS = {"Aufruf: Themen": "call", "Tagesordnung für das Treffen": "agenda", "In ": "reminder"}
LATE = "(Verspätet – der Bot war zwischenzeitlich nicht erreichbar.)"
COMMANDS = ("!netzwerk", "!treffen", "NEW_ITEM", "!treffen liste", "!aufgaben")
STANDING_BY = "standing by:"
TAKING_OVER = "taking over:"
WAIT_SECONDS = 90.0
STARTED = "database at revision"  # the normal start, which a standby must not reach


class Instance(BotProcess):
    """A bot process with its own log, whose start is watched from the test's event loop."""

    def launch(self, pretend_now: datetime | None = None) -> None:
        """Start the process without waiting: a standby never gets ready by itself."""
        self.start(pretend_now=pretend_now, wait=False)

    async def logged(self, text: str) -> None:
        """Wait (generously) until the log holds `text`; fail if the process ends first."""
        async with asyncio.timeout(WAIT_SECONDS):
            while text not in self.log():
                assert self._proc is not None
                if self._proc.poll() is not None:
                    raise AssertionError(f"exited with {self._proc.returncode}:\n{self.log()}")
                await asyncio.sleep(0.1)

    async def exit_code(self) -> int:
        """Wait (generously) for the process to end by itself."""
        assert self._proc is not None
        return await asyncio.to_thread(self._proc.wait, WAIT_SECONDS)


class Story:
    """The bots' clock: START plus the time since the kill phase began."""

    def __init__(self) -> None:
        self._origin = time.monotonic()

    def now(self) -> datetime:
        return START + timedelta(seconds=time.monotonic() - self._origin)

    async def until(self, moment: datetime) -> None:
        await asyncio.sleep(max(0.0, (moment - self.now()).total_seconds()))


@pytest.fixture
def database(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None for SQLite in the data directory, else the URL of a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield None
        return
    cluster = request.getfixturevalue("postgres")
    name = cluster.new_database_name("standby")
    asyncio.run(cluster.create_database(name))
    yield cluster.url(name)
    asyncio.run(cluster.drop_database(name))


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _configs(
    tmp_path: Path, synapse, bot_account, room: str, database: str | None
) -> Iterator[Path]:
    """Copies of one config (same data directory and database), one per process and log."""
    user_id, password = bot_account
    spec = lippe(room)
    config = write_bot_config(
        tmp_path / "bot" / "config.toml",
        homeserver=synapse.url,
        user_id=user_id,
        password=password,
        networks=[spec],
        data_dir=tmp_path / "bot" / "data",
    )
    text = config.read_text(encoding="utf-8") + POSTS.format(key=spec.key)
    if database is not None:
        text = with_database_url(text, database)
    config.write_text(text, encoding="utf-8")
    for n in itertools.count():
        yield Path(shutil.copy(config, config.with_name(f"instance-{n}.toml")))


def _kind(body: str) -> str | None:
    body = body.removeprefix(LATE).lstrip()
    return next((kind for start, kind in KINDS.items() if body.startswith(start)), None)


@dataclass
class Timeline:
    """What the bot said in the room, as the server stores it."""

    replies: Counter[str] = field(default_factory=Counter)
    """By the command event they answer."""
    posts: Counter[tuple[str | None, str]] = field(default_factory=Counter)
    """By (kind, meet-up)."""
    undecrypted: list[MegolmEvent] = field(default_factory=list)
    action_items: list[int] = field(default_factory=list)
    """The numbers in "Aufgabe N angelegt" replies."""


async def _timeline(erika: Member, room: str, bot_user: str) -> Timeline:
    seen = Timeline()
    for event in await erika.history(room):
        if getattr(event, "sender", None) != bot_user:
            continue
        if isinstance(event, MegolmEvent):
            seen.undecrypted.append(event)
        if not isinstance(event, RoomMessage):
            continue
        target = in_reply_to(event)
        if target is not None:
            seen.replies[target] += 1
            seen.action_items += map(int, re.findall(r"^Aufgabe\u00a0(\d+) angelegt", event.body))
            continue
        title = re.search("|".join(MEETUPS), event.body)
        seen.posts[(_kind(event.body), title.group(0) if title else event.body[:60])] += 1
    return seen


async def _chatter(erika: Member, room: str, sent: list[str], stop: asyncio.Event) -> int:
    """A command every two seconds until `stop`; returns how many action items were asked for."""
    items = 0
    for n in range(10_000):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 2.0)
        if stop.is_set():
            break
        text = COMMANDS[n % len(COMMANDS)]
        if text == "NEW_ITEM":
            items += 1
            text = f"!aufgabe neu Übergabe prüfen {items} bis 20.03.2026"
        sent.append(await erika.say(room, text))
    return items


@pytest.mark.parametrize("database", BACKENDS, indirect=True)
async def test_standby_takes_over_after_sigkill_and_every_message_is_sent_once(
    database, erika, synapse, bot_account, tmp_path
):
    """Three SIGKILLs of the active bot: the standby takes over; nothing lost, nothing twice."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user], encrypted=True)
    configs = _configs(tmp_path, synapse, bot_account, room, database)
    sent: list[str] = []
    processes: list[Instance] = []

    def instance(pretend_now: datetime) -> Instance:
        bot = Instance(next(configs))
        processes.append(bot)
        bot.launch(pretend_now)
        return bot

    try:
        async with asyncio.timeout(420):
            setup = instance(SETUP_AT)
            await setup.logged(READY_LINE)
            await erika.wait_for_member(room, bot_user)
            for title, hours in MEETUPS.items():
                created = await erika.ask(room, f"!treffen neu {DAY} {hours} {title}", timeout=60)
                assert "Neues Treffen" in created.body, created.body
                sent.append(in_reply_to(created))
            assert setup.stop() == 0

            story = Story()
            active = instance(story.now())
            await active.logged(READY_LINE)
            standby = instance(story.now())
            await standby.logged(STANDING_BY)
            stop_chatter = asyncio.Event()
            chatter = asyncio.create_task(_chatter(erika, room, sent, stop_chatter))
            takeovers = []
            for moment in KILLS:
                if moment is None:
                    await active.logged(STORED_POST)
                else:
                    await story.until(moment)
                assert STARTED not in standby.log(), "the standby started while the other ran"
                active.kill()
                killed = time.monotonic()
                await standby.logged(READY_LINE)
                takeovers.append(time.monotonic() - killed)
                active, standby = standby, instance(story.now())
                await standby.logged(STANDING_BY)
            await asyncio.sleep(6)  # a few commands for the last active one
            stop_chatter.set()
            items = await chatter

            expected_posts = {(kind, title) for kind in KINDS.values() for title in MEETUPS}
            async with asyncio.timeout(120):
                while True:
                    seen = await _timeline(erika, room, bot_user)
                    if set(seen.replies) >= set(sent) and set(seen.posts) >= expected_posts:
                        break
                    await asyncio.sleep(2)
            last = await erika.ask(room, "!netzwerk", timeout=60)  # through any catch-up
            sent.append(in_reply_to(last))
            seen = await _timeline(erika, room, bot_user)
            assert STARTED not in standby.log()
            assert standby.stop() == 0, "a standby stops cleanly when asked"
            assert active.stop() == 0
    finally:
        for bot in processes:
            bot.stop()

    assert dict(seen.replies) == dict.fromkeys(sent, 1)
    assert dict(seen.posts) == dict.fromkeys(expected_posts, 1)
    assert seen.undecrypted == []
    assert sorted(seen.action_items) == list(range(1, items + 1))
    logs = [bot.log() for bot in processes]
    assert not any("Traceback" in log for log in logs), next(x for x in logs if "Traceback" in x)
    assert [log.count(TAKING_OVER) for log in logs] == [0, 0, 1, 1, 1, 0]
    assert sum(log.count("logged in as") for log in logs) == 1, "one device for all processes"
    print(
        f"takeover after SIGKILL ({'sqlite' if database is None else 'postgresql'}): "
        + ", ".join(f"{s:.1f} s" for s in takeovers)
        + f"; {len(sent)} commands, {sum(seen.posts.values())} posts, {items} action items"
    )


@pytest.mark.postgres
@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
async def test_active_bot_that_loses_its_database_session_stops_and_the_standby_answers(
    database, erika, synapse, bot_account, tmp_path, postgres
):
    """The server ends the lock's session: the active bot exits with 5, the standby answers."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    configs = _configs(tmp_path, synapse, bot_account, room, database)
    active, standby = Instance(next(configs)), Instance(next(configs))
    try:
        active.launch()
        await active.logged(READY_LINE)
        await erika.wait_for_member(room, bot_user)
        standby.launch()
        await standby.logged(STANDING_BY)
        conn = await postgres.connect(make_url(database).database)
        try:
            ended = await conn.fetchval(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
            )
        finally:
            await conn.close()
        assert ended
        assert await active.exit_code() == LOCK_LOST
        await standby.logged(READY_LINE)
        answer = await erika.ask(room, "!netzwerk", timeout=60)
        assert answer.body.startswith("Netzwerk IKZ Digitalisierung Lippe")
    finally:
        standby.stop()
        active.stop()
    assert "lost the advisory lock of PostgreSQL database" in active.log()
    assert active.log().count(READY_LINE) == 1
