"""Personal links through real clients and real HTTP. The calendar subscription: `!treffen
abo` arrives in a direct chat, the feed follows moves, cancellations and extra meet-ups, and
an independent expander (recurring-ical-events) finds exactly the dates `!treffen liste`
shows. The overview page: `!netzwerk seite`, opened in headless Chromium."""

from __future__ import annotations

import asyncio
import re
import shutil
import time
from datetime import UTC, datetime

import aiohttp
import pytest
import recurring_ical_events
from icalendar import Calendar
from multidict import CIMultiDict

from commands.shared import zone
from commands.timefmt import format_date, format_time_range
from demo.chat import Member
from demo.synapse import free_port
from storage.records import NetworkRecord

from .support import lippe

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
SERIES = "!treffen serie jeden 2. Dienstag 10:00-11:30 https://meet.example.org/ikz-lippe"
FEED_URL = re.compile(r"http://127\.0\.0\.1:[0-9]+/calendar/[A-Za-z0-9_-]{43}\.ics")
PAGE_URL = re.compile(r"http://127\.0\.0\.1:[0-9]+/page/[A-Za-z0-9_-]{43}")
CHROMIUM = shutil.which("chromium")
BERLIN = NetworkRecord(0, "x", "!x", "x", "Europe/Berlin", "de", None)
WAIT_SECONDS = 60.0


async def _get(url: str, **headers: str) -> tuple[int, CIMultiDict[str], bytes]:
    async with (
        aiohttp.ClientSession(trust_env=False) as http,
        http.get(url, headers=headers, timeout=aiohttp.ClientTimeout(total=10)) as response,
    ):
        return response.status, CIMultiDict(response.headers), await response.read()


def _when(start: datetime, end: datetime) -> str:
    """A meet-up's time as the bot writes it in `!treffen liste`."""
    tz = zone(BERLIN)
    return f"{format_date(start, 'de', tz)}, {format_time_range(start, end, 'de', tz)}"


async def test_subscribed_feed_matches_the_list_and_tokens_end(
    synapse, user_factory, erika, start_bot, bot_account, tmp_path
):
    """Subscribe, move, cancel, add; the expanded feed equals `!treffen liste`; a renewed
    token, and one of a member who left, get 404; If-None-Match gets 304."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    port = free_port()
    start_bot([lippe(room)], pretend_now=NOW, http_listen=f"127.0.0.1:{port}")
    await erika.wait_for_member(room, bot_user)

    in_room = await erika.ask(room, "!treffen abo")
    assert "Direktnachricht" in in_room.body and "/calendar/" not in in_room.body
    url = await erika.link_from(bot_user, FEED_URL)
    assert url.startswith(f"http://127.0.0.1:{port}/calendar/")

    await erika.ask(room, SERIES)
    moved = await erika.ask(room, "!treffen verschieben 12.1.2027 auf 13.1.2027 14:00-15:30")
    assert "13.\u00a0Jan.\u00a02027" in moved.body
    cancelled = await erika.ask(room, "!treffen absagen 9.2.2027")
    assert "9.\u00a0Feb.\u00a02027" in cancelled.body
    added = await erika.ask(room, "!treffen neu 20.1.2027 14:00-16:00 Workshop E-Akte")
    assert "Workshop E-Akte" in added.body
    listed = (await erika.ask(room, "!treffen liste 20")).body

    status, headers, body = await _get(url)
    assert status == 200 and headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(body)
    lines = [line for line in listed.splitlines() if " – " in line]
    last = datetime(2027, 3, 10, tzinfo=UTC)  # the list ends with 9 March (the series' horizon)
    occurrences = sorted(
        recurring_ical_events.of(calendar).between(NOW, last), key=lambda e: e.decoded("dtstart")
    )
    shown = [
        _when(e.decoded("dtstart"), e.decoded("dtend"))
        for e in occurrences
        if str(e.get("status", "")) != "CANCELLED"
    ]
    expected = [line for line in lines if "entfällt" not in line and "Entfällt" not in line]
    assert len(lines) == 5 and len(expected) == 4, listed
    assert [line.lstrip("•*- ").split(" – ")[0].strip("*") for line in expected] == shown
    assert not any("9.\u00a0Feb.\u00a02027" in when for when in shown)
    assert any("13.\u00a0Jan.\u00a02027, 14:00" in when for when in shown)
    assert any("E-Akte" in str(e["summary"]) for e in occurrences)

    again = await _get(url, **{"If-None-Match": headers["ETag"]})
    assert again[0] == 304

    await erika.ask(room, "!treffen abo neu")
    renewed = await erika.link_from(bot_user, FEED_URL, known={url})
    assert (await _get(url))[0] == 404
    assert (await _get(renewed))[0] == 200

    user_id, password = user_factory("max")
    async with Member(synapse.url, user_id, password, tmp_path / "max") as max_m:
        await erika.invite(room, user_id)
        await max_m.wait_until(lambda: room in max_m.client.invited_rooms)
        await max_m.join(room)
        await max_m.ask(room, "!treffen abo")
        his = await max_m.link_from(bot_user, FEED_URL)
        assert (await _get(his))[0] == 200
        await max_m.client.room_leave(room)
        deadline = time.monotonic() + WAIT_SECONDS
        while (await _get(his))[0] != 404:  # the bot learns of the leave with its next sync
            assert time.monotonic() < deadline, "a former member's feed still answers"
            await asyncio.sleep(0.5)
        await erika.invite(room, user_id)  # back in the network: the old link stays dead
        await max_m.wait_until(lambda: room in max_m.client.invited_rooms)
        await max_m.join(room)
        assert "Treffen" in (await max_m.ask(room, "!treffen")).body  # the bot knows he is back
        assert (await _get(his))[0] == 404
    assert (await _get(renewed))[0] == 200


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium (.ci/run installs it)")
async def test_overview_page_in_a_browser(erika, start_bot, bot_account, tmp_path):
    """`!netzwerk seite` sends a link; Chromium shows the meet-up with its hostile title as
    text and Erika by her display name, not her Matrix id."""
    bot_user = bot_account[0]
    room = await erika.create_room("IKZ Lippe", invite=[bot_user])
    await erika.client.set_displayname("Erika Musterfrau")
    port = free_port()
    start_bot([lippe(room)], pretend_now=NOW, http_listen=f"127.0.0.1:{port}")
    await erika.wait_for_member(room, bot_user)
    await erika.ask(room, "!treffen neu 1.12.2026 10:00-12:00 <script>alert(1)</script>Treffen")
    await erika.ask(room, "!agenda neu Serviceportal 20 min")
    await erika.ask(room, "!netzwerk seite")
    url = await erika.link_from(bot_user, PAGE_URL)
    assert CHROMIUM is not None
    browser = await asyncio.create_subprocess_exec(
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium'}",
        "--dump-dom",
        url,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    async with asyncio.timeout(120):
        out, _ = await browser.communicate()
    assert browser.returncode == 0
    dom = out.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Treffen" in dom
    assert "Serviceportal (20&nbsp;min) – Erika Musterfrau" in dom
    assert erika.user_id not in dom
    assert (await _get(url.replace(url[-43:], "x" * 43)))[0] == 404
