"""`make demo`: the real bot on a local Synapse, a scripted chat with it, then chat by hand.

Everything lives in one folder (`.demo/` by default) so a second run reuses the homeserver,
its users, the network room and the bot's database instead of starting from scratch. The
homeserver listens on 127.0.0.1 only and the passwords are fixed: it is a throwaway server.

The story clock: the bot runs on a pretended clock that starts shortly before the scheduler's
agenda post of a monthly meet-up (the day before, 09:00), so the scripted chat ends with a
scheduled post, the bot's own ✅ ❌ ❔ under it, Erika's click on ✅, and the post edited to
count her answer. Each run moves the story on by one meet-up (the run counter is in
`state.json`): every run has a fresh agenda to show, and one posted in an earlier run is never
posted again. The call for agenda items is switched off in the script: the story's meet-up is
set up a day ahead, too late for one, and a later run would find the call's window still open.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import shutil
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import aiohttp
from nio import Event, RoomMessage

from bot.app import BotApp
from bot.clock import starting_at, utc_now
from bot.config import ConfigError, load_config
from commands.catalogue import t
from commands.links import webcal
from commands.parsing.recurrence import occurrences
from commands.posts.plan import PostTimes
from commands.timefmt import format_date
from demo.botconfig import NetworkSpec, write_bot_config
from demo.chat import Member, in_reply_to
from demo.synapse import LocalSynapse, free_port

log = logging.getLogger("demo")

T = TypeVar("T")

BOT_LOCALPART = "ikz-bot"
BOT_PASSWORD = "ikz-bot-demo"
ERIKA_LOCALPART = "erika.musterfrau"
ERIKA_PASSWORD = "erika-lemgo-demo"
ERIKA_NAME = "Erika Musterfrau"
BOT_LABEL = "ikz-bot"
ROOM_NAME = "IKZ Digitalisierung Lippe"
NETWORK_KEY = "lippe"

# What Erika types before the scheduler's agenda post: help, the series (she created the
# room, so she is its moderator), no call for topics, an agenda item, the next meet-up, a typo.
SERIES_COMMAND = "!treffen serie jeden 2. Dienstag 10:00-11:30 https://meet.example.org/ikz-lippe"
SCRIPT = (
    "!hilfe",
    SERIES_COMMAND,
    "!treffen beiträge aufruf aus",
    "!agenda neu Serviceportal: Stand Formular-Katalog 20 min",
    "!treffen",
    "!hlife",
)
# Under the agenda post she clicks the bot's own ✅ (a yes), and asks once more.
CLICKED = "✅"
AFTER_POST = "!treffen"

# Then she asks for her personal links, which the bot sends to her direct chat.
LINK_COMMANDS = ("!treffen abo neu", "!netzwerk seite neu")
FEED_LINK = re.compile(r"http://127\.0\.0\.1:[0-9]+/calendar/[A-Za-z0-9_-]+\.ics")
PAGE_LINK = re.compile(r"http://127\.0\.0\.1:[0-9]+/page/[A-Za-z0-9_-]+")

# The series of SERIES_COMMAND, for computing the story's meet-up the way the bot does.
SERIES_RRULE = "FREQ=MONTHLY;BYDAY=+2TU"
SERIES_START = clock_time(10, 0)
ZONE = ZoneInfo("Europe/Berlin")
POST_LEAD = timedelta(seconds=15)  # the bot's clock starts this long before the post is due
POST_PREFIX = "Tagesordnung für das Treffen"
LATE_LINE = t("de", "posts.late")
SCHEDULED_LABEL = f"{BOT_LABEL} (scheduled post)"
REACTIONS_LABEL = f"{BOT_LABEL} (reacts to its post)"
EDITED_LABEL = f"{BOT_LABEL} (edits its post)"

READY_TIMEOUT = 90.0  # first start runs the bot's migrations and uploads its device keys
JOIN_TIMEOUT = 30.0
REPLY_TIMEOUT = 30.0
SCHEDULED_TIMEOUT = 60.0  # the post is due POST_LEAD after the bot starts, on its clock
BOT_STOP_TIMEOUT = 20.0
CLOCK_SLACK_MS = 1000  # server timestamps against this machine's clock: one second of slack
INTERRUPTED = 130  # the shell's code for "stopped by SIGINT"


class DemoError(Exception):
    """Something the person running the demo can act on; printed without a traceback."""


@dataclass
class _Paths:
    """Where each part of the demo keeps its state inside the base folder."""

    base: Path

    @property
    def synapse(self) -> Path:
        return self.base / "synapse"

    @property
    def config(self) -> Path:
        return self.base / "config.toml"

    @property
    def bot_data(self) -> Path:
        return self.base / "bot-data"

    @property
    def erika_store(self) -> Path:
        return self.base / "erika-store"

    @property
    def state(self) -> Path:
        return self.base / "state.json"

    @property
    def log(self) -> Path:
        return self.base / "bot.log"


@dataclass
class _Running:
    """What has been started so far, so shutdown stops exactly that, whatever failed."""

    stop: asyncio.Event
    synapse: LocalSynapse | None = None
    member: Member | None = None
    bot: asyncio.Task[None] | None = None
    waiting: bool = False  # in the "chat by hand" phase, where Ctrl-C is the normal end
    open_line: bool = False  # a progress line ("Starting … ") still waits for its result
    started: float = field(default_factory=time.monotonic)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m demo`; returns the process exit code."""
    args = _parser().parse_args(argv)
    paths = _Paths(Path(args.dir).expanduser().resolve())
    paths.base.mkdir(parents=True, exist_ok=True)
    _setup_logging(paths.log)
    try:
        return asyncio.run(_demo(paths, wait=not args.no_wait))
    except KeyboardInterrupt:  # before our own signal handlers were installed
        return INTERRUPTED
    except DemoError as err:
        log.error("demo failed: %s", err)
        print(f"\nerror: {err}\n(details in {_shown(paths.log)})", file=sys.stderr)
        return 1
    except Exception as err:
        log.exception("demo failed")
        print(
            f"\nerror: {type(err).__name__}: {err}\n(traceback in {_shown(paths.log)})",
            file=sys.stderr,
        )
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m demo",
        description="Run ikz-bot against a local Synapse and play a short scripted chat.",
    )
    parser.add_argument("--dir", default=".demo", help="folder for all demo state (default: .demo)")
    parser.add_argument(
        "--no-wait",
        action="store_true",
        help="stop right after the scripted chat instead of waiting for Ctrl-C",
    )
    return parser


def _setup_logging(path: Path) -> None:
    """Bot, matrix-nio and warnings go to a file, so the terminal shows only the transcript."""
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[logging.FileHandler(path, encoding="utf-8")],
        force=True,
    )
    logging.captureWarnings(True)
    log.info("=== demo started (pid %d) ===", os.getpid())


async def _demo(paths: _Paths, *, wait: bool) -> int:
    """Start everything, play the script, optionally wait for Ctrl-C; always clean up."""
    running = _Running(stop=asyncio.Event())
    _install_signal_handlers(running)
    try:
        homeserver, room_id = await _start_and_play(paths, running)
        if wait:
            _print_how_to_chat(homeserver, room_id)
            running.waiting = True  # no await since the hint: Ctrl-C now means "stop normally"
            await _wait_for_stop(running)
        return 0
    except asyncio.CancelledError:
        if not running.stop.is_set():
            raise
        # Our own signal handler cancelled us; undo that so shutdown can await normally.
        task = asyncio.current_task()
        if task is not None:
            task.uncancel()
        print("\nInterrupted.", flush=True)
        return INTERRUPTED
    finally:
        await _shutdown(running)


def _install_signal_handlers(running: _Running) -> None:
    """Ctrl-C / SIGTERM: end the hand-chat phase, or abort the start-up where it is."""
    loop = asyncio.get_running_loop()
    main_task = asyncio.current_task()

    def on_signal() -> None:
        if running.stop.is_set():
            return  # already stopping; shutdown has its own time limits
        running.stop.set()
        if not running.waiting and main_task is not None:
            main_task.cancel()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal)


async def _start_and_play(paths: _Paths, running: _Running) -> tuple[str, str]:
    """Homeserver, users, room, bot, script; returns the homeserver URL and the room id."""
    print(f"ikz-bot demo: everything runs on this machine, state in {_shown(paths.base)}")
    print(f"Logs: bot and matrix-nio in {_shown(paths.log)}, Synapse in {_shown(paths.synapse)}")

    synapse = LocalSynapse(paths.synapse)
    running.synapse = synapse
    if not (paths.synapse / "homeserver.db").exists():
        _forget_old_server(paths)
    started = time.monotonic()
    _progress(running, f"Starting Synapse (SQLite, loopback only) on {synapse.url} …")
    # Blocking on purpose: nothing else runs yet, and LocalSynapse cleans up after itself.
    synapse.start()
    _progress(running, f"up after {time.monotonic() - started:.1f} s", done=True)

    bot_user = _register(synapse, BOT_LOCALPART, BOT_PASSWORD)
    erika_user = _register(synapse, ERIKA_LOCALPART, ERIKA_PASSWORD)
    print("Users (fixed demo passwords; this is a local throwaway server):")
    print(f"  {bot_user:<30} password {BOT_PASSWORD}")
    print(f"  {erika_user:<30} password {ERIKA_PASSWORD}  ({ERIKA_NAME}, CDO of Lemgo)")

    # Each run logs Erika in as a new device (and out again at the end): no old keys to keep.
    shutil.rmtree(paths.erika_store, ignore_errors=True)
    erika = Member(synapse.url, erika_user, ERIKA_PASSWORD, paths.erika_store)
    running.member = erika
    await erika.login()
    await _set_display_name(erika, ERIKA_NAME)
    room_id = await _network_room(erika, bot_user, paths.state)
    story_start = _begin_story(paths.state)

    write_bot_config(
        paths.config,
        homeserver=synapse.url,
        user_id=bot_user,
        password=BOT_PASSWORD,
        networks=[NetworkSpec(key=NETWORK_KEY, room_id=room_id, name=ROOM_NAME)],
        data_dir=paths.bot_data,
        admins=(),
        http_listen=f"127.0.0.1:{free_port()}",
    )
    try:
        config = load_config(paths.config)
    except ConfigError as err:
        raise DemoError(f"{paths.config} is not a valid bot config:\n{err}") from err

    print(
        f"Demo clock: the bot believes it is {_story_time(story_start)} "
        "(each run of make demo moves on by one meet-up)"
    )
    started = time.monotonic()
    _progress(running, "Starting ikz-bot …")
    bot_started = utc_now()
    app = BotApp(config, now=starting_at(story_start))
    bot = asyncio.create_task(app.run(running.stop), name="ikz-bot")
    running.bot = bot
    try:
        await _guarded(asyncio.wait_for(app.ready.wait(), READY_TIMEOUT), bot)
        await _guarded(erika.wait_for_member(room_id, bot_user, timeout=JOIN_TIMEOUT), bot)
    except TimeoutError:
        raise DemoError(
            f"the bot was not ready in the room after {READY_TIMEOUT + JOIN_TIMEOUT:.0f} s"
        ) from None
    _progress(running, f"ready after {time.monotonic() - started:.1f} s", done=True)

    print(f"\n--- {ERIKA_NAME} chats with the bot in {ROOM_NAME!r} ---\n")
    for command in SCRIPT:
        await _exchange(running, erika, room_id, command)
    print(
        "… waiting for the scheduler's agenda post (due at 09:00 on the bot's clock) …\n",
        flush=True,
    )
    post = await _scheduled_post(erika, room_id, bot_user, bot_started, bot)
    print(format_turn(SCHEDULED_LABEL, post.body), end="\n\n", flush=True)
    offered = await _guarded(_after(lambda: _bots_reactions(erika, room_id, post, bot_user)), bot)
    print(format_turn(REACTIONS_LABEL, "  ".join(offered)), end="\n\n", flush=True)
    await erika.react(room_id, post.event_id, CLICKED)
    print(format_turn(ERIKA_NAME, f"{CLICKED}  (a click on the bot's {CLICKED})"), end="\n\n")
    edited = await _guarded(_after(lambda: _edited(erika, room_id, post, bot_user)), bot)
    print(format_turn(EDITED_LABEL, edited), end="\n\n", flush=True)
    await _exchange(running, erika, room_id, AFTER_POST)
    links = await _personal_links(running, erika, room_id, bot_user)
    print(
        f"--- {len(SCRIPT) + 1 + len(LINK_COMMANDS)} commands answered, 1 scheduled post edited "
        f"after 1 reaction; {time.monotonic() - running.started:.1f} s in all ---"
    )
    print(
        "\nOpen these while the demo runs (personal links; they end with the demo's bot):\n"
        f"  Calendar feed  {links[0]}\n"
        f"                 (Thunderbird: New Calendar → On the Network; Outlook: Add calendar\n"
        f"                 → From Internet; or open {webcal(links[0])})\n"
        f"  Overview page  {links[1]}",
        flush=True,
    )
    await _log_out(running)
    return synapse.url, room_id


async def _personal_links(
    running: _Running, erika: Member, room_id: str, bot_user: str
) -> tuple[str, str]:
    """Erika asks for her calendar feed and overview page; the links from her direct chat.

    `neu` each run: only the links' hashes are stored, so an earlier run's link cannot be
    shown again.
    """
    asked_ms = int(time.time() * 1000) - CLOCK_SLACK_MS
    for command in LINK_COMMANDS:
        await _exchange(running, erika, room_id, command)
    assert running.bot is not None
    found = []
    for pattern in (FEED_LINK, PAGE_LINK):
        try:
            found.append(
                await _guarded(
                    erika.link_from(bot_user, pattern, since_ms=asked_ms, timeout=REPLY_TIMEOUT),
                    running.bot,
                )
            )
        except TimeoutError:
            raise DemoError("the personal links did not arrive in Erika's direct chat") from None
    async with aiohttp.ClientSession(trust_env=False) as http:
        for url in found:
            async with http.get(url, timeout=aiohttp.ClientTimeout(total=10)) as response:
                if response.status != 200:
                    raise DemoError(f"{url} answered {response.status}, not 200")
    return found[0], found[1]


async def _exchange(running: _Running, erika: Member, room_id: str, command: str) -> None:
    """Erika says `command`; print it and the bot's reply."""
    assert running.bot is not None
    try:
        reply = await _guarded(erika.ask(room_id, command, timeout=REPLY_TIMEOUT), running.bot)
    except TimeoutError:
        raise DemoError(f"no reply to {command!r} within {REPLY_TIMEOUT:.0f} s") from None
    body = str(reply.source.get("content", {}).get("body", ""))
    print(format_turn(ERIKA_NAME, command), flush=True)
    print(format_turn(BOT_LABEL, body), end="\n\n", flush=True)


async def _scheduled_post(
    erika: Member, room_id: str, bot_user: str, since: datetime, bot: asyncio.Task[None]
) -> RoomMessage:
    """The bot's agenda post posted after `since` (not a reply), as Erika saw it."""
    since_ms = int(since.timestamp() * 1000) - CLOCK_SLACK_MS

    def is_post(event: object) -> bool:
        return (
            isinstance(event, RoomMessage)
            and event.sender == bot_user
            and in_reply_to(event) is None
            and event.server_timestamp >= since_ms
            and _without_late_line(event.body).startswith(POST_PREFIX)
        )

    found: list[RoomMessage] = []

    def arrived() -> bool:
        found[:] = [e for e in erika.received[room_id] if is_post(e)]
        return bool(found)

    try:
        await _guarded(erika.wait_until(arrived, SCHEDULED_TIMEOUT), bot)
    except TimeoutError:
        raise DemoError(
            f"the scheduler's agenda post did not arrive within {SCHEDULED_TIMEOUT:.0f} s "
            f"(it was due {POST_LEAD.seconds} s after the bot started)"
        ) from None
    return found[0]


async def _after(found: Callable[[], Awaitable[T | None]]) -> T:
    """Ask the homeserver until `found` has something (what the bot does after its post)."""
    try:
        async with asyncio.timeout(SCHEDULED_TIMEOUT):
            while True:
                if (result := await found()) is not None:
                    return result
                await asyncio.sleep(0.5)
    except TimeoutError:
        raise DemoError(f"the bot did not react or edit within {SCHEDULED_TIMEOUT:.0f} s") from None


def _relating(events: list[Event], post: RoomMessage, bot_user: str, rel_type: str) -> list[dict]:
    """The contents of the bot's events that relate to `post` by `rel_type`, oldest first."""
    found = []
    for event in events:
        content = event.source.get("content", {})
        relation = content.get("m.relates_to") or {}
        if (
            event.source.get("sender") == bot_user
            and relation.get("event_id") == post.event_id
            and relation.get("rel_type") == rel_type
        ):
            found.append(content)
    return found


async def _bots_reactions(
    erika: Member, room_id: str, post: RoomMessage, bot_user: str
) -> list[str] | None:
    """The bot's own ✅ ❌ ❔ under its post, once all three are there."""
    events = await erika.history(room_id)
    keys = [c["m.relates_to"]["key"] for c in _relating(events, post, bot_user, "m.annotation")]
    return keys if len(keys) >= 3 else None


async def _edited(erika: Member, room_id: str, post: RoomMessage, bot_user: str) -> str | None:
    """What Element shows for the post once the bot has edited it: the edit's new text."""
    edits = _relating(await erika.history(room_id), post, bot_user, "m.replace")
    return edits[-1]["m.new_content"]["body"] if edits else None


def _without_late_line(body: str) -> str:
    """A scheduled post's text without the line a late post begins with."""
    return body.removeprefix(LATE_LINE).lstrip()


def _begin_story(state_path: Path) -> datetime:
    """Where this run's story starts on the bot's clock; counts the run in the state file."""
    state = _read_state(state_path)
    runs = state.get("runs")
    earlier = runs if isinstance(runs, int) and runs >= 0 else 0
    # Counted before the bot starts: a run that fails after the post still moves the story on.
    _write_state(state_path, {**state, "runs": earlier + 1})
    return story_start(earlier, utc_now())


def story_start(earlier_runs: int, now: datetime) -> datetime:
    """POST_LEAD before the agenda post of the meet-up `earlier_runs` ahead of `now`.

    The meet-up is one of the series of SERIES_COMMAND; the agenda post falls due as the
    bot's default post plan says (1 day before, 09:00 local).
    """
    # At most 35 days lie between two 2nd Tuesdays, so this always holds enough meet-ups.
    until = now + timedelta(days=35 * (earlier_runs + 2))
    first_day = now.astimezone(ZONE).date()
    meetups = occurrences(
        SERIES_RRULE, SERIES_START, ZONE, first_day=first_day, after=now, until=until
    )
    meetup = meetups[earlier_runs]
    times = PostTimes()
    post_day = meetup.astimezone(ZONE).date() - timedelta(days=times.agenda_days)
    post = datetime.combine(post_day, times.agenda_at, tzinfo=ZONE)
    return (post - POST_LEAD).astimezone(UTC)


def _story_time(instant: datetime) -> str:
    """`Di., 1. Dez. 2026, 08:59:35`: the bot's time in the network's zone, with seconds."""
    local = instant.astimezone(ZONE)
    return f"{format_date(local, 'de')}, {local:%H:%M:%S}"


def _print_how_to_chat(homeserver: str, room_id: str) -> None:
    print(
        f"""
Chat with the bot yourself, with Element (Web or Desktop) or any Matrix client on this machine:
  Homeserver  {homeserver}   (Element: Sign in → homeserver "Edit" → enter this URL)
  User        {ERIKA_LOCALPART}
  Password    {ERIKA_PASSWORD}
  Room        {ROOM_NAME}  ({room_id}), Erika is already in it
  Try         !hilfe, !treffen liste, !agenda, !absage, !netzwerk seite, !treffen abo
The bot's clock is the demo's story clock: it believes it is the day of the agenda above.
The demo room is unencrypted so that a freshly logged-in client can read the history above;
the bot works in end-to-end encrypted rooms too.
The homeserver listens on 127.0.0.1 only; the passwords above are for this demo alone.

Ctrl-C stops bot and homeserver.""",
        flush=True,
    )


async def _wait_for_stop(running: _Running) -> None:
    """Until Ctrl-C / SIGTERM, or fail if the bot dies meanwhile."""
    assert running.bot is not None
    stopping = asyncio.create_task(running.stop.wait())
    try:
        await asyncio.wait({stopping, running.bot}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    if not running.stop.is_set():
        raise _bot_died(running.bot)
    print("\nStopping …", flush=True)


async def _shutdown(running: _Running) -> None:
    """Stop the bot, Erika's client and Synapse, in that order; never raises."""
    if running.open_line:
        print(flush=True)
    running.stop.set()
    if running.bot is not None:
        done, _ = await asyncio.wait({running.bot}, timeout=BOT_STOP_TIMEOUT)
        if not done:
            log.warning("bot did not stop within %.0f s; cancelling it", BOT_STOP_TIMEOUT)
            running.bot.cancel()
        result = (await asyncio.gather(running.bot, return_exceptions=True))[0]
        if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
            log.error("bot ended with an error", exc_info=result)
        log.info("bot stopped")
    try:
        await _log_out(running)
    except Exception:
        log.exception("closing Erika's client failed")
    if running.synapse is not None:
        running.synapse.stop()
        log.info("Synapse stopped")
        print("Bot and homeserver stopped.", flush=True)


async def _log_out(running: _Running) -> None:
    """Close Erika's client and log its device out, so devices don't pile up run after run."""
    member, running.member = running.member, None
    if member is None:
        return
    await member.close()  # stops the background sync before the token goes away
    if member.client.logged_in:
        await member.client.logout()
        await member.client.close()


async def _guarded(work: Awaitable[T], bot: asyncio.Task[None]) -> T:
    """Await `work`, but fail at once with the bot's own error if the bot dies meanwhile."""
    future = asyncio.ensure_future(work)
    try:
        await asyncio.wait({future, bot}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if not future.done():
            future.cancel()
            await asyncio.gather(future, return_exceptions=True)
    if not future.cancelled():
        return future.result()
    raise _bot_died(bot)


def _bot_died(bot: asyncio.Task[None]) -> DemoError:
    """A readable error from a bot task that ended before it was asked to."""
    if bot.cancelled():
        return DemoError("the bot was cancelled")
    exc = bot.exception()
    if exc is None:
        return DemoError("the bot stopped unexpectedly")
    log.error("the bot stopped", exc_info=exc)
    message = f"the bot stopped: {type(exc).__name__}: {exc}"
    if exc.__cause__ is not None:
        message += f" (caused by {type(exc.__cause__).__name__}: {exc.__cause__})"
    return DemoError(message)


def _forget_old_server(paths: _Paths) -> None:
    """A new homeserver knows nothing of the old room, bot session or sync token: drop them."""
    if paths.bot_data.exists() or paths.state.exists():
        print("New homeserver database: starting the bot and the room afresh as well")
        log.info("no homeserver.db: removing %s and %s", paths.bot_data, paths.state)
        shutil.rmtree(paths.bot_data, ignore_errors=True)
        paths.state.unlink(missing_ok=True)


def _register(synapse: LocalSynapse, localpart: str, password: str) -> str:
    try:
        return synapse.register(localpart, password)
    except ValueError as err:
        raise DemoError(
            f"{err}; the demo needs its fixed password back (or delete {synapse.base_dir.parent})"
        ) from err


async def _set_display_name(member: Member, name: str) -> None:
    """A readable name in Element; set only when it differs, to avoid a member event per run."""
    current = await member.client.get_displayname()
    if getattr(current, "displayname", None) != name:
        await member.client.set_displayname(name)


async def _network_room(erika: Member, bot_user: str, state_path: Path) -> str:
    """The stored room if it still exists with Erika in it, else a new one she creates."""
    room_id = _read_state(state_path).get("room_id")
    room = erika.client.rooms.get(room_id) if isinstance(room_id, str) else None
    if room is not None and erika.user_id in room.users:
        if bot_user not in room.users and bot_user not in room.invited_users:
            await erika.invite(room.room_id, bot_user)
        print(f"Room {ROOM_NAME!r}: {room.room_id} (reused from {_shown(state_path)})")
        return room.room_id
    # Erika creates it, so she holds the top power level in it (the network's moderator).
    room_id = await erika.create_room(ROOM_NAME, invite=[bot_user], encrypted=False)
    _write_state(state_path, {**_read_state(state_path), "room_id": room_id})
    print(f"Room {ROOM_NAME!r}: {room_id} (created, {ERIKA_NAME} invited the bot)")
    return room_id


def _read_state(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_state(path: Path, state: dict[str, object]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def format_turn(speaker: str, text: str) -> str:
    """One transcript entry: the speaker's label, and every further line indented under it."""
    width = max(len(ERIKA_NAME), len(BOT_LABEL), len(speaker)) + 2  # "Erika Musterfrau: "
    pad = " " * width
    first, *rest = text.splitlines() or [""]
    lines = [f"{speaker}:".ljust(width) + first]
    lines += [pad + line if line.strip() else "" for line in rest]
    return "\n".join(lines)


def _progress(running: _Running, text: str, *, done: bool = False) -> None:
    """`Starting X …` and its result on one line; shutdown ends a line left open by a failure."""
    print(text, end="\n" if done else " ", flush=True)
    running.open_line = not done


def _shown(path: Path) -> str:
    """A path relative to the working directory when it is inside it, else absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
