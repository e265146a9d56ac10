"""The one place that knows which SQL dialects storage supports.

"Insert unless it exists" must be a single statement (ON CONFLICT) to be safe against a
second writer, and SQLAlchemy only offers that per dialect.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def upsert_insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT for `table` that supports on_conflict_do_nothing / on_conflict_do_update."""
    dialect = session.get_bind().dialect.name
    try:
        insert = _INSERTS[dialect]
    except KeyError:
        raise NotImplementedError(
            f"storage supports {', '.join(sorted(_INSERTS))}, not {dialect}"
        ) from None
    return insert(table)
