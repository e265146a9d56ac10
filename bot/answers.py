"""Answers of read commands kept in memory, served again while they still hold.

`!treffen`, `!agenda`, `!aufgaben`, `!wer`, `!kontakt` and `!hilfe` are asked again and
again, and working out the answer was most of the bot's time before it could send its reply
(bench/bench_latency.py). A command declared `reusable` (commands.registry) that answered
without changing anything keeps its answer here, under everything the answer may depend on:
the text, who sent it and where (the room, a direct chat or not), the network, language,
rights, memberships, post times, the public links address and the room's display names.

It is served again only while it holds:
- the stored data is unchanged: the data mark (storage.data_mark) is still the one read
  before the answer was worked out; any process's committed write changes it;
- the clock allows it (commands.context.Expiry): a handler that read the time plainly is
  never kept; one that read only today's date holds until midnight, one that compared the
  time with a meet-up's start and end until the next of them.

Memory only, per pipeline, the last `KEPT` answers: a restart starts empty, and a new mark
lets go of everything kept (so no deleted contact lingers in memory). Each answer still
keeps the mark it was worked out under: sessions overlap, and one that began before a
change may look after one that began after it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from commands.context import Context
from commands.invocation import Invocation
from commands.registry import Registry
from commands.router import Routed, reusable
from storage import data_mark

KEPT = 512
"""How many answers are kept; the least recently used goes first."""


@dataclass(frozen=True, slots=True)
class Lookup:
    """What a look for a kept answer found, and what keeping a new one needs."""

    key: Hashable
    mark: str | None
    found: Routed | None


@dataclass(frozen=True, slots=True)
class _Kept:
    mark: str | None
    until: datetime | None
    routed: Routed


class Answers:
    """The kept answers of one pipeline."""

    def __init__(self, registry: Registry, prefix: str, now: Callable[[], datetime]) -> None:
        self._registry = registry
        self._prefix = prefix
        self._now = now
        self._kept: OrderedDict[Hashable, _Kept] = OrderedDict()
        self._mark: str | None = None
        """The data mark of the last look."""

    async def look(self, session: AsyncSession, inv: Invocation, ctx: Context) -> Lookup | None:
        """The kept answer to `inv` if it still holds; None if `inv` is no reusable command."""
        if not reusable(inv.text, self._prefix, self._registry):
            return None
        key = (
            inv.text,
            inv.sender,
            inv.room_id,
            inv.is_direct,
            ctx.network,
            ctx.language,
            ctx.is_moderator,
            ctx.member_of,
            ctx.posts,
            ctx.links_url,
            frozenset(ctx.display_names.items()),
        )
        mark = await data_mark.current(session)
        if mark != self._mark:  # what was kept cannot hold any more: let it go (personal data)
            self._kept.clear()
            self._mark = mark
        kept = self._kept.get(key)
        if kept is None or kept.mark != mark or (kept.until and self._now() >= kept.until):
            return Lookup(key, mark, None)
        self._kept.move_to_end(key)
        return Lookup(key, mark, kept.routed)

    def keep(self, lookup: Lookup, routed: Routed, until: datetime | None) -> None:
        """Keep `routed`, worked out under `lookup`'s mark, until `until` (None: while the
        data stays); an answer that held only the instant it was worked out is not kept."""
        if until is not None and until <= self._now():
            return
        self._kept[lookup.key] = _Kept(lookup.mark, until, routed)
        self._kept.move_to_end(lookup.key)
        if len(self._kept) > KEPT:
            self._kept.popitem(last=False)
