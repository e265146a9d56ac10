"""Side by side, bounded, nothing abandoned: what a first start with many rooms relies on."""

from __future__ import annotations

import asyncio

import pytest

from bot.concurrently import concurrently


async def test_at_most_the_bound_run_at_once_and_all_finish() -> None:
    running, most, finished = 0, 0, []

    async def join(room: int) -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)
        running -= 1
        finished.append(room)

    await concurrently((join(r) for r in range(20)), at_once=8)
    assert most == 8
    assert sorted(finished) == list(range(20))


async def test_a_failure_is_raised_after_the_others_are_done() -> None:
    finished = []

    async def join(room: int) -> None:
        await asyncio.sleep(0.01 * (room % 3))
        if room == 2:
            raise ConnectionError("homeserver away")
        finished.append(room)

    with pytest.raises(ConnectionError, match="homeserver away"):
        await concurrently((join(r) for r in range(6)), at_once=2)
    assert sorted(finished) == [0, 1, 3, 4, 5]
