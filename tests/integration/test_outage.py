"""The bot survives its homeserver going away and coming back, and answers what came meanwhile."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from nio import RoomMessage

from demo.botconfig import write_bot_config
from demo.chat import Member, in_reply_to
from demo.synapse import LocalSynapse, free_port
from tests.integration.support import BotProcess, lippe


async def test_bot_recovers_after_synapse_restart(synapse, erika, start_bot, bot_account, tmp_path):
    """With Synapse down for a while the bot backs off (growing pauses) and recovers on its own."""
    room = await erika.create_room("IKZ Lippe", invite=[bot_account[0]])
    bot = start_bot([lippe(room)])
    await erika.wait_for_member(room, bot_account[0])
    await erika.ask(room, "!hilfe")

    synapse.stop()
    await asyncio.sleep(4)
    synapse.start()

    async with Member(synapse.url, erika.user_id, erika.password, tmp_path / "again") as back:
        reply = await back.ask(room, "!netzwerk", timeout=60)
    assert reply.body.startswith("Netzwerk IKZ Digitalisierung Lippe")
    pauses = [float(p) for p in re.findall(r"sync failed; next try in (\d+) s", bot.log())]
    assert len(pauses) >= 2 and pauses == sorted(pauses) and pauses[-1] > pauses[0]


BERLIN = ZoneInfo("Europe/Berlin")
PRETEND_START = datetime(2026, 3, 10, 9, 59, 5, tzinfo=BERLIN)
REMINDER_DUE = datetime(2026, 3, 10, 10, 0, tzinfo=BERLIN)  # an hour before the 11:00 meet-up
OUTAGE_BEGINS = REMINDER_DUE - timedelta(seconds=10)
OUTAGE_SECONDS = 40.0
"""Longer than the back-off steps 1, 2, 4, 8 and 16 s of the sync loop and the sender."""
LONG_OUTAGE_SECONDS = 170.0
"""Longer than the sender's eight attempts: pauses of 1, 2, 4, … 60 s, each rounded up to
its 5-second look for due rows, put the eighth about 140 s after the due time."""
REMINDER = ("In ", "Bald geht es los")
"""How a reminder starts: on time with its minutes; sent late, without them."""
LATE = "Diese Nachricht kommt später als geplant, weil ich eine Zeit lang nicht erreichbar war."


@pytest.fixture(scope="module")
def own_synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSynapse]:
    """A homeserver of this module's own, on a fixed port, so stopping it disturbs no other test."""
    server = LocalSynapse(tmp_path_factory.mktemp("outage-synapse"), port=free_port())
    server.start()
    yield server
    server.stop()


async def _reminder_through_outage(
    synapse: LocalSynapse, tmp_path: Path, name: str, outage: float, wait: float
) -> tuple[BotProcess, list[RoomMessage], str, Member, str]:
    """Plan a reminder, stop Synapse 10 s before it is due for `outage` seconds, start it
    again and wait (at most `wait` s) for the reminder; returns the bot, the reminders read
    from `/messages`, the bot's log during the outage, a member logged in again, the room."""
    bot_id = synapse.register(f"ikz-bot-{name}", "bot-pw")
    erika_id = synapse.register(f"erika-{name}", "erika-pw")
    async with Member(synapse.url, erika_id, "erika-pw", tmp_path / "erika") as erika:
        room = await erika.create_room("IKZ Lippe", invite=[bot_id])
        config = write_bot_config(
            tmp_path / "bot" / "config.toml",
            homeserver=synapse.url,
            user_id=bot_id,
            password="bot-pw",
            networks=[lippe(room)],
            data_dir=tmp_path / "bot" / "data",
        )
        bot = BotProcess(config)
        started = time.monotonic()
        bot.start(pretend_now=PRETEND_START)
        try:
            await erika.wait_for_member(room, bot_id)
            created = await erika.ask(room, "!treffen neu 10.03.2026 11:00-12:00 Monatstreffen")
        except BaseException:
            bot.stop()
            raise
    back = Member(synapse.url, erika_id, "erika-pw", tmp_path / "again")
    try:
        assert "Neues Treffen" in created.body

        def bot_clock() -> datetime:
            return PRETEND_START + timedelta(seconds=time.monotonic() - started)

        assert bot_clock() < OUTAGE_BEGINS, "setting up took too long"
        await asyncio.sleep((OUTAGE_BEGINS - bot_clock()).total_seconds())
        before = len(bot.log())
        synapse.stop()
        await asyncio.sleep(outage)
        assert bot_clock() > REMINDER_DUE + timedelta(seconds=20)  # it fell due meanwhile
        synapse.start()
        outage_log = bot.log()[before:]
        await back.login()
        async with asyncio.timeout(wait):
            while True:
                if await _bot_posts(back, room, bot_id, REMINDER):
                    break
                await asyncio.sleep(1)
        await asyncio.sleep(2)  # a second copy would come right behind
        return bot, await _bot_posts(back, room, bot_id, REMINDER), outage_log, back, room
    except BaseException:
        bot.stop()
        await back.close()
        raise


async def test_post_due_during_outage_is_sent_once_without_busy_loop(own_synapse, tmp_path):
    """A reminder due while Synapse is down arrives once after; few retries; no traceback."""
    bot, reminders, outage_log, back, room = await _reminder_through_outage(
        own_synapse, tmp_path, "short", OUTAGE_SECONDS, wait=120
    )
    try:
        answer = await back.ask(room, "!netzwerk", timeout=120)  # the sync loop is back
        assert answer.body.startswith("Netzwerk IKZ Digitalisierung Lippe")
    finally:
        bot.stop()
        await back.close()
    log = bot.log()
    assert len(reminders) == 1 and "Monatstreffen" in reminders[0].body
    assert not reminders[0].body.startswith(LATE)  # about 30 s after its time: not late
    assert "Traceback" not in log, log[log.index("Traceback") - 1000 :][:4000]
    sync_failures = re.findall(r"sync failed; next try in (\d+) s", outage_log)
    send_failures = re.findall(r"sending meetup:\S+ failed", log)
    # No busy loop: with pauses doubling from 1 s, a 40 s outage costs a handful of tries.
    assert 3 <= len(sync_failures) <= 8, sync_failures
    assert [float(p) for p in sync_failures] == sorted(float(p) for p in sync_failures)
    assert 1 <= len(send_failures) <= 8, send_failures
    print(
        f"outage {OUTAGE_SECONDS:.0f} s: sync back-off steps {sync_failures} s, "
        f"{len(send_failures)} failed sends of the reminder, sent once afterwards"
    )


async def test_post_survives_an_outage_longer_than_the_send_attempts(own_synapse, tmp_path):
    """Synapse down for almost 3 minutes: the reminder is not given up, it arrives once after,
    and says that it is late."""
    bot, reminders, _, back, _ = await _reminder_through_outage(
        own_synapse, tmp_path, "long", LONG_OUTAGE_SECONDS, wait=120
    )
    bot.stop()
    await back.close()
    log = bot.log()
    assert len(reminders) == 1 and "Monatstreffen" in reminders[0].body
    assert reminders[0].body.startswith(LATE)
    assert "Traceback" not in log, log[log.index("Traceback") - 1000 :][:4000]
    send_failures = re.findall(r"sending meetup:\S+ failed", log)
    print(f"outage {LONG_OUTAGE_SECONDS:.0f} s: {len(send_failures)} failed sends, then sent once")


async def _bot_posts(
    member: Member, room_id: str, bot_id: str, starts: str | tuple[str, ...]
) -> list[RoomMessage]:
    """The bot's own posts (not replies) whose text starts with `starts`, from `/messages`."""
    return [
        e
        for e in await member.history(room_id)
        if isinstance(e, RoomMessage)
        and e.sender == bot_id
        and in_reply_to(e) is None
        and e.body.removeprefix(LATE).lstrip().startswith(starts)
    ]
