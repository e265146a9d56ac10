"""GET /calendar/<token>.ics: a person's subscribed calendar of their network's meet-ups.

Calendar apps poll this every few hours, so it answers `If-None-Match` / `If-Modified-Since`
with 304 when nothing changed (the ETag is a hash of the body, which only changes with the
data: DTSTAMP is the last change, not the request time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from bot.http_links import LinkCheck
from commands.context import Clock
from commands.links import CALENDAR_PATH, TOKEN_PATTERN
from commands.meetups.feed import Feed, load_feed
from storage.subscriptions import CALENDAR

ROUTE = CALENDAR_PATH.replace("{token}", "{token:" + TOKEN_PATTERN + "}")
CACHE = "private, no-cache"
"""Only the person's own client may keep it, and must ask again (cheaply, with 304) each time."""


@dataclass(frozen=True, slots=True)
class CalendarFeed:
    """The feed handler, wired to the bot's links, clock and command prefix."""

    links: LinkCheck
    now: Clock
    prefix: str

    async def get(self, request: web.Request) -> web.StreamResponse:
        holder = await self.links.holder(request, CALENDAR)
        async with self.links.sessions() as session:
            feed = await load_feed(session, holder.network, now=self.now(), prefix=self.prefix)
        headers = {
            "ETag": feed.etag,
            "Last-Modified": _http_date(feed.last_modified),
            "Cache-Control": CACHE,
        }
        if not_modified(request, feed):
            return web.Response(status=304, headers=headers)
        return web.Response(
            body=feed.body, headers=headers, content_type="text/calendar", charset="utf-8"
        )


def not_modified(request: web.Request, feed: Feed) -> bool:
    """RFC 9110: If-None-Match decides when sent; otherwise If-Modified-Since."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or feed.etag in tags
    since = request.if_modified_since
    return since is not None and feed.last_modified <= since


def _http_date(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
