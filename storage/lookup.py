"""One network's row by its key (DESIGN invariant 9): the network is part of every lookup.

A number or id alone would find another network's row; asking through here cannot forget
the network.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import NotFound
from storage.models import Base

Model = TypeVar("Model", bound=Base)


async def find(
    session: AsyncSession, model: type[Model], network_id: int, **key: object
) -> Model | None:
    """The network's row of `model` whose columns have the values in `key`, if any."""
    return await session.scalar(select(model).filter_by(network_id=network_id, **key))


async def get(
    session: AsyncSession,
    model: type[Model],
    network_id: int,
    missing: type[NotFound],
    **key: object,
) -> Model:
    """Like `find`, but a missing row raises `missing` (the repository's own NotFound)."""
    row = await find(session, model, network_id, **key)
    if row is None:
        named = ", ".join(f"{column} {value}" for column, value in key.items())
        raise missing(f"no {model.__tablename__} row with {named} in network {network_id}")
    return row
