"""Whether code wrote to the database through a session: a command that did has changed
something, so an edit of it must not run it again (bot/pipeline.py).

Seen at the session, not declared per command: a sub-command that writes cannot forget to
say so. Counted are INSERT, UPDATE and DELETE statements run through the session and
flushes of new, changed or deleted ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session


@dataclass(slots=True)
class Writes:
    """Set while watching: whether anything was written."""

    seen: bool = False


_WATCHED = "ikz.writes"
"""The key of a watched session's `Writes` in its `info`."""


@contextmanager
def watching(session: AsyncSession) -> Iterator[Writes]:
    """Watch `session` for writes while the block runs."""
    writes = Writes()
    info = session.sync_session.info
    info[_WATCHED] = writes
    try:
        yield writes
    finally:
        info.pop(_WATCHED, None)


# Listeners on the Session class, registered once: adding and removing listeners on each
# session per command cost more CPU than the command's own queries (bench_latency.py).
@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    writes = state.session.info.get(_WATCHED)
    if writes is not None and (state.is_insert or state.is_update or state.is_delete):
        writes.seen = True


@event.listens_for(Session, "before_flush")
def _on_flush(flushing: Session, _context: Any, _instances: Any) -> None:
    writes = flushing.info.get(_WATCHED)
    if writes is None or writes.seen:
        return
    dirty = any(flushing.is_modified(obj) for obj in flushing.dirty)
    if flushing.new or flushing.deleted or dirty:
        writes.seen = True
