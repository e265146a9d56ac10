"""Which kinds of scheduled posts a network wants; everything is on until switched off."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialects import upsert_insert
from storage.models import PostSetting


async def enabled_kinds(
    session: AsyncSession, network_id: int, kinds: Sequence[str]
) -> dict[str, bool]:
    """For each kind asked for, whether the network wants it (True when never set)."""
    if not kinds:
        return {}
    rows = await session.execute(
        select(PostSetting.kind, PostSetting.enabled).where(
            PostSetting.network_id == network_id, PostSetting.kind.in_(kinds)
        )
    )
    stored = {kind: enabled for kind, enabled in rows}
    return {kind: stored.get(kind, True) for kind in kinds}


async def switched_off(session: AsyncSession) -> dict[int, set[str]]:
    """Network id → the kinds it switched off, for every network in one query (the scheduler
    plans all networks at once)."""
    rows = await session.execute(
        select(PostSetting.network_id, PostSetting.kind).where(PostSetting.enabled.is_(False))
    )
    off: dict[int, set[str]] = {}
    for network_id, kind in rows:
        off.setdefault(network_id, set()).add(kind)
    return off


async def set_enabled(
    session: AsyncSession,
    *,
    network_id: int,
    kind: str,
    enabled: bool,
    updated_by: str,
    updated_at: datetime,
) -> None:
    """Switch one kind of post on or off for the network, in one statement."""
    values = {"enabled": enabled, "updated_by": updated_by, "updated_at": updated_at}
    statement = (
        upsert_insert(session, PostSetting)
        .values(network_id=network_id, kind=kind, **values)
        .on_conflict_do_update(index_elements=["network_id", "kind"], set_=values)
    )
    await session.execute(statement)
