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


@contextmanager
def watching(session: AsyncSession) -> Iterator[Writes]:
    """Watch `session` for writes while the block runs."""
    writes = Writes()
    target = session.sync_session

    def on_execute(state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            writes.seen = True

    def on_flush(flushing: Session, context: Any, instances: Any) -> None:
        dirty = any(flushing.is_modified(obj) for obj in flushing.dirty)
        if flushing.new or flushing.deleted or dirty:
            writes.seen = True

    event.listen(target, "do_orm_execute", on_execute)
    event.listen(target, "before_flush", on_flush)
    try:
        yield writes
    finally:
        event.remove(target, "do_orm_execute", on_execute)
        event.remove(target, "before_flush", on_flush)
