"""Personal links (calendar feed, overview page): random tokens, stored only as hashes.

A token is `secrets.token_urlsafe(32)` (256 bits); the database keeps its SHA-256, so the
link can be checked but never shown again, and a leaked backup opens nothing. A person has at
most one link per network and kind: issuing a new one replaces the old row, and the old link
finds nothing from then on.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Subscription
from storage.records import SubscriptionRecord, from_row

CALENDAR = "calendar"
PAGE = "page"
KINDS = (CALENDAR, PAGE)
TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    """The stored form of a token: its SHA-256 in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


async def issue(
    session: AsyncSession, network_id: int, user_id: str, kind: str, *, at: datetime
) -> str:
    """A fresh token for the person's `kind` link; any earlier one of that kind stops working."""
    _check_kind(kind)
    await revoke(session, network_id, user_id, kind)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        Subscription(
            network_id=network_id,
            user_id=user_id,
            kind=kind,
            token_hash=token_hash(token),
            created_at=at,
        )
    )
    await session.flush()
    return token


async def revoke(
    session: AsyncSession, network_id: int, user_id: str, kind: str | None = None
) -> int:
    """End the person's link of `kind` (every kind if None); how many links ended."""
    statement = delete(Subscription).where(
        Subscription.network_id == network_id, Subscription.user_id == user_id
    )
    if kind is not None:
        statement = statement.where(Subscription.kind == kind)
    result = await session.execute(statement)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def of_person(
    session: AsyncSession, network_id: int, user_id: str
) -> list[SubscriptionRecord]:
    """The person's links in this network, by kind."""
    rows = await session.scalars(
        select(Subscription)
        .where(Subscription.network_id == network_id, Subscription.user_id == user_id)
        .order_by(Subscription.kind)
    )
    return [from_row(SubscriptionRecord, row) for row in rows]


async def holder(session: AsyncSession, token: str, kind: str) -> SubscriptionRecord | None:
    """Whose `kind` link `token` is, or None if it is no (longer a) valid link."""
    row = await session.scalar(
        select(Subscription).where(
            Subscription.token_hash == token_hash(token), Subscription.kind == kind
        )
    )
    return None if row is None else from_row(SubscriptionRecord, row)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown link kind {kind!r}")
