"""Plain values the repositories return; ORM objects never leave storage/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class NetworkRecord:
    """One network of municipalities, served in one Matrix room."""

    id: int
    key: str
    room_id: str
    name: str
    timezone: str
    language: str
    holiday_region: str | None


@dataclass(frozen=True, slots=True)
class MunicipalityRecord:
    """A member municipality (or the Kreis administration) of a network."""

    id: int
    network_id: int
    name: str
    kind: str | None


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    """An outgoing post and how far its sending got."""

    id: int
    key: str
    network_id: int | None
    room_id: str
    kind: str
    due_at: datetime
    grace_seconds: int | None
    content: dict[str, Any]
    txn_id: str
    state: str
    event_id: str | None
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
