"""The data mark: a fresh random value at every commit that changed what answers show.

The bot serves a read command's answer again from memory while nothing it could show has
changed (bot/answers.py). This mark tells it so, for writes of any process: a session that
wrote to any table but the bot's bookkeeping (handled events, deliveries, bot_state) writes
a new mark in the same transaction, just before it commits. So a committed change always
shows as a new mark, a rolled-back one takes its mark with it, and a random value never
comes back. Seen at the session, like storage.writes: no writer can forget to say so.

Seen are statements run through a session (`session.execute`) and its flushes, as in
storage.writes; storage writes only so (it reads on `session.connection()`, which is not
seen). Writes past SQLAlchemy's sessions (SQL by hand, the migrations) leave the mark as it
is; what the bot kept is memory only and gone at every start.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

from storage import state

KEY = "data-mark"
"""The mark's row in bot_state."""

BOOKKEEPING = frozenset({"handled_events", "deliveries", "bot_state"})
"""Tables every command writes and no answer shows: writing them marks nothing."""

_CHANGED = "ikz.data_changed"
"""Set in a session's `info` once it wrote to a table outside `BOOKKEEPING`."""


async def current(session: AsyncSession) -> str | None:
    """The latest mark (None if never written). Read it before the data it vouches for:
    a change committed in between then shows as a newer mark next time, never the reverse."""
    return await state.read_value(session, KEY)


@event.listens_for(Session, "do_orm_execute")
def _on_execute(statement: ORMExecuteState) -> None:
    if statement.is_insert or statement.is_update or statement.is_delete:
        table = getattr(statement.statement, "table", None)
        if getattr(table, "name", None) not in BOOKKEEPING:
            statement.session.info[_CHANGED] = True


@event.listens_for(Session, "before_flush")
def _on_flush(flushing: Session, _context: Any, _instances: Any) -> None:
    if flushing.info.get(_CHANGED):
        return
    dirty = [obj for obj in flushing.dirty if flushing.is_modified(obj)]
    for obj in (*flushing.new, *flushing.deleted, *dirty):
        if obj.__table__.name not in BOOKKEEPING:
            flushing.info[_CHANGED] = True
            return


@event.listens_for(Session, "before_commit")
def _mark(committing: Session) -> None:
    committing.flush()  # commit flushes after this hook: see those writes now
    if committing.info.pop(_CHANGED, False):
        state.write_value(committing, KEY, uuid.uuid4().hex)


@event.listens_for(Session, "after_rollback")
def _forget(rolled_back: Session) -> None:
    rolled_back.info.pop(_CHANGED, None)
