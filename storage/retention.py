"""The retention sweep: what the bot keeps only as a record is deleted after a period the
operator sets (`retention_days`, default 400).

Deleted: finished deliveries (sent, skipped, failed: their text is gone already, only key,
room and times stay) and the change logs of contacts and of action items and work packages.
Pending deliveries are never touched. (The marks of handled commands go much sooner, see
`storage.events.forget_before`.)
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.deliveries import PENDING
from storage.models import ActionChange, ContactChange, Delivery


async def sweep(session: AsyncSession, before: datetime) -> dict[str, int]:
    """Delete what is older than `before`; how many rows went, per table."""
    statements = {
        "deliveries": delete(Delivery).where(
            Delivery.state != PENDING, Delivery.created_at < before
        ),
        "contact_changes": delete(ContactChange).where(ContactChange.changed_at < before),
        "action_changes": delete(ActionChange).where(ActionChange.changed_at < before),
    }
    removed: dict[str, int] = {}
    for table, statement in statements.items():
        result = await session.execute(statement.execution_options(synchronize_session=False))
        removed[table] = int(result.rowcount or 0)  # type: ignore[attr-defined]
    return removed
