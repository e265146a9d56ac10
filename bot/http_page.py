"""GET /page/<token>: a member's read-only overview page of their network.

Rendered on the server for each request (commands/overview_page.py); no script, no outside
resource. The headers keep the secret URL where it is: no caching by proxies, no Referer
to the meeting link, and a Content-Security-Policy that allows nothing but inline style.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

from bot.http_links import LinkCheck
from commands.context import Clock
from commands.links import PAGE_PATH, TOKEN_PATTERN
from commands.overview_page import load_overview, render_page
from storage.subscriptions import PAGE

ROUTE = PAGE_PATH.replace("{token}", "{token:" + TOKEN_PATTERN + "}")
HEADERS = {
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


@dataclass(frozen=True, slots=True)
class OverviewPage:
    """The page handler, wired to the bot's links, clock, prefix and the rooms' names."""

    links: LinkCheck
    now: Clock
    prefix: str
    display_name: Callable[[str, str], str | None]
    """(room id, user id) → the person's display name in that room, if known."""

    async def get(self, request: web.Request) -> web.StreamResponse:
        holder = await self.links.holder(request, PAGE)
        room = holder.network.room_id
        async with self.links.sessions() as session:
            overview = await load_overview(
                session,
                holder.network,
                now=self.now(),
                prefix=self.prefix,
                display_name=lambda user_id: self.display_name(room, user_id),
            )
        return web.Response(
            text=render_page(overview), headers=HEADERS, content_type="text/html", charset="utf-8"
        )
