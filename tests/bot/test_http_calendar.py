"""GET /calendar/<token>.ics on a real port: the member's feed, 304 when unchanged, and one
bare 404 for unknown, revoked and former members' tokens."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
from icalendar import Calendar
from multidict import CIMultiDict

from bot.config import HttpConfig
from bot.http import Health, HttpListener
from bot.http_calendar import ROUTE, CalendarFeed
from bot.http_links import LinkCheck
from bot.metrics import Metrics
from demo.synapse import free_port
from storage import agenda, meetups, networks, subscriptions
from storage.subscriptions import CALENDAR, PAGE

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
ERIKA = "@erika:localhost"


@contextlib.asynccontextmanager
async def _serving(sessions, members: set[str]) -> AsyncIterator[tuple[str, int]]:
    """Lippe with one meet-up, served on a free port: the base URL and the network's id."""
    async with sessions() as session, session.begin():
        lippe = await networks.sync_network(
            session,
            key="lippe",
            room_id="!lippe:localhost",
            name="IKZ Digitalisierung Lippe",
            timezone="Europe/Berlin",
            language="de",
            holiday_region="DE-NW",
        )
        await meetups.create_meetup(
            session,
            network_id=lippe.id,
            starts_at=NOW + timedelta(days=3),
            ends_at=NOW + timedelta(days=3, hours=2),
            title="Monatstreffen",
            location="https://meet.example.org/ikz",
            created_by=ERIKA,
            created_at=NOW,
        )
    links = LinkCheck(sessions, {lippe.id: lippe}.get, lambda room, user: user in members)
    metrics = Metrics()
    health = Health(metrics, sessions, lambda: True, dict)
    port = free_port()
    feed = CalendarFeed(links, lambda: NOW, "!")
    listener = HttpListener(HttpConfig(port=port), health, metrics, pages=[(ROUTE, feed.get)])
    await listener.start()
    try:
        yield f"http://127.0.0.1:{port}", lippe.id
    finally:
        await listener.stop()


async def _issue(sessions, network_id: int, kind: str = CALENDAR) -> str:
    async with sessions() as session, session.begin():
        return await subscriptions.issue(session, network_id, ERIKA, kind, at=NOW)


async def _get(url: str, **headers: str) -> tuple[int, CIMultiDict[str], bytes]:
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as response:
        return response.status, CIMultiDict(response.headers), await response.read()


async def test_a_member_gets_the_feed_as_text_calendar(sessions) -> None:
    """200, `text/calendar; charset=utf-8`, ETag and Last-Modified; the meet-up is in it."""
    async with _serving(sessions, {ERIKA}) as (base, network_id):
        token = await _issue(sessions, network_id)
        status, headers, body = await _get(f"{base}/calendar/{token}.ics")
    assert status == 200
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert headers["ETag"].startswith('"') and headers["Last-Modified"].endswith(" GMT")
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["summary"]) == "Monatstreffen (IKZ Digitalisierung Lippe)"


async def test_unchanged_feed_answers_304_to_either_validator(sessions) -> None:
    """If-None-Match with the ETag, or If-Modified-Since the Last-Modified: 304, no body;
    another ETag gets the whole feed."""
    async with _serving(sessions, {ERIKA}) as (base, network_id):
        url = f"{base}/calendar/{await _issue(sessions, network_id)}.ics"
        _, headers, _ = await _get(url)
        by_tag = await _get(url, **{"If-None-Match": headers["ETag"]})
        by_date = await _get(url, **{"If-Modified-Since": headers["Last-Modified"]})
        other = await _get(url, **{"If-None-Match": '"something-else"'})
    assert (by_tag[0], by_tag[2]) == (304, b"")
    assert by_tag[1]["ETag"] == headers["ETag"]
    assert (by_date[0], by_date[2]) == (304, b"")
    assert other[0] == 200 and other[2]


async def test_an_agenda_change_is_news_to_a_calendar_that_asks_by_date(sessions) -> None:
    """A calendar app that sends only If-Modified-Since gets the feed again after a topic
    is added and after it is removed, and the meet-up's SEQUENCE goes up each time."""
    async with _serving(sessions, {ERIKA}) as (base, network_id):
        url = f"{base}/calendar/{await _issue(sessions, network_id)}.ics"
        first = await _get(url)
        async with sessions() as session, session.begin():
            (meetup,) = await meetups.upcoming(session, network_id, after=NOW, limit=1)
            item = await agenda.add_item(
                session,
                network_id=network_id,
                meetup_id=meetup.id,
                title="E-Akte Rollout",
                duration_minutes=20,
                owner=ERIKA,
                created_at=NOW + timedelta(minutes=5),
            )
        added = await _get(url, **{"If-Modified-Since": first[1]["Last-Modified"]})
        async with sessions() as session, session.begin():
            await agenda.remove_item(session, network_id, item.id, at=NOW + timedelta(minutes=9))
        removed = await _get(url, **{"If-Modified-Since": added[1]["Last-Modified"]})
    assert (added[0], removed[0]) == (200, 200)
    events = [Calendar.from_ical(body).walk("VEVENT")[0] for _, _, body in (first, added, removed)]
    assert ["E-Akte Rollout" in str(e["description"]) for e in events] == [False, True, False]
    assert events[0]["sequence"] < events[1]["sequence"] < events[2]["sequence"]


async def test_unknown_revoked_wrong_kind_and_former_members_get_the_same_404(sessions) -> None:
    """Whatever the reason, the answer is a bare 404 that says nothing about the data."""
    members = {ERIKA}
    async with _serving(sessions, members) as (base, network_id):
        token = await _issue(sessions, network_id)
        page_token = await _issue(sessions, network_id, PAGE)
        answers = [await _get(f"{base}/calendar/{'A' * 43}.ics")]
        answers.append(await _get(f"{base}/calendar/{page_token}.ics"))
        answers.append(await _get(f"{base}/calendar/{token[:-1]}.ics"))
        members.clear()  # Erika left the room
        answers.append(await _get(f"{base}/calendar/{token}.ics"))
        members.add(ERIKA)
        async with sessions() as session, session.begin():
            await subscriptions.revoke(session, network_id, ERIKA, CALENDAR)
        answers.append(await _get(f"{base}/calendar/{token}.ics"))
    assert {(status, body) for status, _, body in answers} == {(404, b"404 Not Found\n")}
