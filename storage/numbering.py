"""Short numbers people type (`!ap 3`, `!aufgabe 12`, agenda positions): the next one.

It is worked out inside the INSERT, so no read of the maximum goes stale in between; where a
unique constraint backs it (work packages, action items), a race ends in a refused insert,
never in two rows with one number.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ScalarSelect, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute


def next_number(column: InstrumentedAttribute[int], scope: Any) -> ScalarSelect[int]:
    """1 + the largest `column` among the rows matching `scope` (1 if there are none)."""
    return select(func.coalesce(func.max(column), 0) + 1).where(scope).scalar_subquery()


async def in_use(
    session: AsyncSession, column: InstrumentedAttribute[int], scope: Any
) -> list[int]:
    """The numbers of the rows matching `scope`, ascending: for "no such one; nearest are …"."""
    return list(await session.scalars(select(column).where(scope).order_by(column)))
