"""Plain values the repositories return; ORM objects never leave storage/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
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
    # Last and defaulted, so code that builds records without it keeps working.
    meetup_id: int | None = None


@dataclass(frozen=True, slots=True)
class SeriesRecord:
    """A recurring meet-up: an RFC 5545 RRULE body at a wall-clock time in an IANA zone."""

    id: int
    network_id: int
    title: str
    rrule: str
    start_time: time
    duration_minutes: int
    timezone: str
    location: str | None
    first_day: date
    ended_on: date | None
    created_by: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class MeetupRecord:
    """One meet-up; series_id and original_start are None for a single meet-up."""

    id: int
    network_id: int
    series_id: int | None
    original_start: datetime | None
    starts_at: datetime
    ends_at: datetime
    title: str
    location: str | None
    status: str


@dataclass(frozen=True, slots=True)
class AgendaItemRecord:
    """A topic on a meet-up's agenda; position is its 1-based place among all its items."""

    id: int
    network_id: int
    meetup_id: int
    position: int
    title: str
    duration_minutes: int | None
    owner: str
    status: str
    carried_from_id: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class RsvpRecord:
    """A member's current answer for a meet-up and where it came from."""

    meetup_id: int
    network_id: int
    user_id: str
    answer: str
    source: str
    reaction_event_id: str | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """A decision taken at a meet-up, for the minutes."""

    id: int
    network_id: int
    meetup_id: int
    text: str
    author: str
    created_at: datetime
