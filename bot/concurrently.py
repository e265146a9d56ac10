"""Run a batch of awaitables side by side, a bounded number at a time.

Joining 50 network rooms one after another makes a first start wait for 50 round trips to
the homeserver; side by side it waits for the homeserver's work only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable


async def concurrently(calls: Iterable[Awaitable[object]], at_once: int) -> None:
    """Await all `calls`, at most `at_once` at a time; once all are done, raise the first
    error among them (none is abandoned halfway because another failed)."""
    gate = asyncio.Semaphore(at_once)

    async def gated(call: Awaitable[object]) -> object:
        async with gate:
            return await call

    done = await asyncio.gather(*(gated(c) for c in calls), return_exceptions=True)
    for outcome in done:
        if isinstance(outcome, BaseException):
            raise outcome
