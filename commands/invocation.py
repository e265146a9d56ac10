"""The plain facts of one incoming command message, free of any Matrix library type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Invocation:
    """Who wrote what, where and when; built by the transport from a room event."""

    event_id: str
    room_id: str
    sender: str
    text: str
    sent_at: datetime
    is_direct: bool = False
    thread_root: str | None = None
    replaces: str | None = None
    """For an edited message (`m.replace`): the original event; `text` is the new text."""
