"""SIGKILL soak: the bot is killed at random moments while scheduled posts fall due and
members send commands; the room's real timeline shows every post and every reply once.

Four network rooms, each with its own moderator. Their meet-ups are set up so that 52
scheduled posts (call for topics, agenda, reminder, follow-up) fall due between 10:00 and
10:08 on the bot's clock. The bot is then killed with SIGKILL more than 20 times at
random moments (some while it starts, most while it runs) and restarted each time; at
each restart its clock is a little further on than the wall clock says, as if it had been
down longer, so the posts fall due before, during and after the kills. Meanwhile the
moderators keep sending commands, some of which write (new action items).

The kill moments come from `random.Random(seed)`; the seed is printed and can be set with
IKZ_SOAK_SEED to replay a failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from nio import RoomMessage

from demo.botconfig import write_bot_config
from demo.chat import Member, in_reply_to
from tests.integration.support import BotProcess, lippe

BERLIN = ZoneInfo("Europe/Berlin")
DAY = "10.03.2026"  # a Tuesday, no holiday in NRW
SETUP_AT = datetime(2026, 3, 10, 9, 30, tzinfo=BERLIN)
SOAK_START = datetime(2026, 3, 10, 9, 59, 40, tzinfo=BERLIN)
LAST_DUE = datetime(2026, 3, 10, 10, 8, tzinfo=BERLIN)
NETWORKS = 4
LATER_MEETUPS = 4
KILLS = 22
STEP = timedelta(seconds=25)
"""How far the bot's clock is at least on at the k-th restart: SOAK_START + k * STEP."""
LATE = "Diese Nachricht kommt später als geplant, weil ich eine Zeit lang nicht erreichbar war."
TITLE = re.compile(r"(Frueh-\d|Runde-\d-\d)")
KINDS = {
    "Aufruf: Themen": "call",
    "Tagesordnung für das Treffen": "agenda",
    "In ": "reminder",
    "Gleich geht es los": "reminder",
    "Danke für die Teilnahme": "followup",
}
COMMANDS = ("!hilfe", "!treffen", "!netzwerk", "!aufgaben", "!treffen liste", "NEW_ITEM")


@dataclass
class Network:
    """One network room, its moderator and what the test expects there."""

    index: int
    member: Member
    room_id: str = ""
    commands: list[str] = field(default_factory=list)
    expected_posts: set[tuple[str, str]] = field(default_factory=set)

    def posts_config(self) -> str:
        """`[networks.<key>.posts]`: calls at 10:00/02/04/06, agendas two minutes later."""
        i = self.index
        return (
            f'agenda_call_days = 0\nagenda_call_at = "10:0{2 * i}"\n'
            f'agenda_days = 0\nagenda_at = "10:0{2 * i + 2}"\n'
            f"reminder_minutes = 60\nfollowup_minutes = {10 + i}\n"
        )


def _kind(body: str) -> str | None:
    text = body.removeprefix(LATE).lstrip()
    return next((kind for start, kind in KINDS.items() if text.startswith(start)), None)


async def _command(net: Network, text: str) -> str:
    event_id = await net.member.say(net.room_id, text)
    net.commands.append(event_id)
    return event_id


async def _setup(net: Network, bot_user: str) -> None:
    """An early meet-up (its follow-up falls due in the soak) and four later ones."""
    i = net.index
    early = await net.member.ask(net.room_id, f"!treffen neu {DAY} 09:5{i}-09:5{i + 1} Frueh-{i}")
    net.commands.append(in_reply_to(early))
    assert "Neues Treffen" in early.body, early.body
    net.expected_posts |= {("reminder", f"Frueh-{i}"), ("followup", f"Frueh-{i}")}
    for j in range(LATER_MEETUPS):
        title = f"Runde-{i}-{j}"
        text = f"!treffen neu {DAY} 11:0{(i + 2 * j) % 9}-11:30 {title}"
        created = await net.member.ask(net.room_id, text)
        net.commands.append(in_reply_to(created))
        assert "Neues Treffen" in created.body, created.body
        net.expected_posts |= {(kind, title) for kind in ("call", "agenda", "reminder")}


async def _chatter(net: Network, rng: random.Random, stop: asyncio.Event) -> int:
    """Commands every 2.5–6 s until `stop`; returns how many action items were asked for."""
    new_items = 0
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), rng.uniform(2.5, 6.0))
        if stop.is_set():
            break
        text = rng.choice(COMMANDS)
        if text == "NEW_ITEM":
            new_items += 1
            text = f"!aufgabe neu Soak-Aufgabe-{net.index}-{new_items} bis 20.03.2026"
        await _command(net, text)
    return new_items


def _bot_clock(pretend: datetime, started: float) -> datetime:
    return pretend + timedelta(seconds=time.monotonic() - started)


async def _count(net: Network, bot_user: str) -> tuple[Counter, Counter, list[str]]:
    """Posts by (kind, title) and replies by the event they answer, from `/messages`."""
    posts: Counter = Counter()
    replies: Counter = Counter()
    created: list[str] = []
    for event in await net.member.history(net.room_id):
        if not isinstance(event, RoomMessage) or event.sender != bot_user:
            continue
        target = in_reply_to(event)
        if target is not None:
            replies[target] += 1
            created += re.findall(r"^Aufgabe\u00a0(\d+) angelegt", event.body)
            continue
        title = TITLE.search(event.body)
        posts[(_kind(event.body), title.group(1) if title else event.body[:60])] += 1
    return posts, replies, created


async def test_sigkill_soak_every_post_and_reply_exactly_once(
    synapse, user_factory, bot_account, tmp_path
):
    """22+ SIGKILLs while 52 posts fall due and commands arrive: each shows once in /messages."""
    seed = int(os.environ.get("IKZ_SOAK_SEED", "20260310"))
    print(f"soak seed: {seed} (IKZ_SOAK_SEED={seed} replays the kill moments)")
    rng = random.Random(seed)
    bot_user, bot_password = bot_account
    async with asyncio.timeout(400):
        members = []
        for i in range(NETWORKS):
            user_id, password = user_factory(f"moderator{i}")
            members.append(Member(synapse.url, user_id, password, tmp_path / f"m{i}"))
        nets = [Network(i, m) for i, m in enumerate(members)]
        for net in nets:
            await net.member.login()
        try:
            for net in nets:
                net.room_id = await net.member.create_room(f"IKZ {net.index}", invite=[bot_user])
            specs = [lippe(net.room_id) for net in nets]
            config = write_bot_config(
                tmp_path / "bot" / "config.toml",
                homeserver=synapse.url,
                user_id=bot_user,
                password=bot_password,
                networks=specs,
                data_dir=tmp_path / "bot" / "data",
            )
            with config.open("a", encoding="utf-8") as fh:
                for spec, net in zip(specs, nets, strict=True):
                    fh.write(f"\n[networks.{spec.key}.posts]\n{net.posts_config()}")
            bot = BotProcess(config)
            try:
                await _soak(bot, nets, bot_user, rng, seed)
            finally:
                bot.resume()
                bot.stop()
        finally:
            for net in nets:
                await net.member.close()


async def _soak(
    bot: BotProcess, nets: list[Network], bot_user: str, rng: random.Random, seed: int
) -> None:
    bot.start(pretend_now=SETUP_AT)
    for net in nets:
        await net.member.wait_for_member(net.room_id, bot_user)
    await asyncio.gather(*(_setup(net, bot_user) for net in nets))
    bot.stop()

    stop = asyncio.Event()
    chatter = [
        asyncio.create_task(_chatter(net, random.Random(seed + 1 + net.index), stop))
        for net in nets
    ]
    pretend, started = SOAK_START, time.monotonic()
    startup_kills = 0
    for k in range(KILLS + 1):
        pretend = max(_bot_clock(pretend, started), SOAK_START + k * STEP)
        started = time.monotonic()
        if k == KILLS:
            await asyncio.to_thread(bot.start, pretend_now=pretend)
            break
        if k > 0 and rng.random() < 0.25:  # killed while starting: restore, first sync, rebuild
            await asyncio.to_thread(bot.start, pretend_now=pretend, wait=False)
            await asyncio.sleep(rng.uniform(0.3, 2.0))
            startup_kills += 1
        else:
            await asyncio.to_thread(bot.start, pretend_now=pretend)
            await asyncio.sleep(rng.uniform(0.2, 3.5))
        bot.kill()
    stop.set()
    asked_items = await asyncio.gather(*chatter)

    # Wait (bounded) until the bot's clock is past the last due time and everything arrived.
    ahead = LAST_DUE + timedelta(seconds=5) - _bot_clock(pretend, started)
    await asyncio.sleep(max(0.0, ahead.total_seconds()))
    async with asyncio.timeout(120):
        while True:
            counts = [await _count(net, bot_user) for net in nets]
            if all(
                set(posts) >= net.expected_posts and set(replies) >= set(net.commands)
                for net, (posts, replies, _) in zip(nets, counts, strict=True)
            ):
                break
            await asyncio.sleep(2)
    # A last round trip per room, then read the timelines once more: nothing came twice.
    for net in nets:
        last = await net.member.ask(net.room_id, "!netzwerk", timeout=60)
        net.commands.append(in_reply_to(last))
    counts = [await _count(net, bot_user) for net in nets]

    log = bot.log()
    total_posts = total_replies = 0
    for net, items, (posts, replies, created) in zip(nets, asked_items, counts, strict=True):
        assert dict(posts) == dict.fromkeys(net.expected_posts, 1), (seed, net.index, posts)
        wanted = set(net.commands)
        assert dict(replies) == dict.fromkeys(wanted, 1), (
            seed,
            net.index,
            {e: n for e, n in replies.items() if n != 1 or e not in wanted},
            [e for e in wanted if e not in replies],
        )
        assert sorted(map(int, created)) == list(range(1, items + 1)), (seed, net.index, created)
        total_posts += sum(posts.values())
        total_replies += sum(replies[e] for e in wanted)
    assert "Traceback" not in log, log[log.index("Traceback") - 2000 :][:6000]
    starts = log.count("ikz-bot is ready")
    runs = log.split("database at revision")[1:]
    killed_with_posts = sum("stored post" in run for run in runs[:-1])
    print(
        f"soak: {KILLS} SIGKILLs ({startup_kills} while starting, {killed_with_posts} after "
        f"storing posts due), {starts} ready starts, "
        f"{total_posts} posts ({sum(len(n.expected_posts) for n in nets)} expected, "
        f"{log.count('(late)')} stored late), {total_replies} replies to "
        f"{sum(len(n.commands) for n in nets)} commands, {sum(asked_items)} action items"
    )
