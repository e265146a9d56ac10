"""Plain values the repositories return; ORM objects never leave storage/."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, time
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance
    from sqlalchemy.ext.asyncio import AsyncSession

Record = TypeVar("Record", bound="DataclassInstance")


def from_row(kind: type[Record], row: object, **computed: Any) -> Record:
    """A `kind` record whose fields are copied from the same-named attributes of `row` (an ORM
    object or a plain column row); `computed` gives the fields that are more than a copy.

    The one place rows become records, so a new column reaches its record by naming the field.
    """
    values = {name: getattr(row, name) for name in _field_names(kind) if name not in computed}
    return kind(**values, **computed)


async def stored(
    session: AsyncSession, kind: type[Record], row: object, *, new: bool = False
) -> Record:
    """Flush `row` (added to the session first if `new`) and return it as a `kind` record,
    with what the database filled in (ids, defaults): how a write hands back its row."""
    if new:
        session.add(row)
    await session.flush()
    return from_row(kind, row)


@cache
def _field_names(kind: type[DataclassInstance]) -> tuple[str, ...]:
    return tuple(field.name for field in fields(kind))


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
class HandledRecord:
    """A handled command event: who sent it, what became of it, where its answer is."""

    room_id: str
    event_id: str
    sender: str
    outcome: str
    result: str | None
    reply_key: str | None


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
    # Last and defaulted, so code that builds records without them keeps working.
    meetup_id: int | None = None
    late_content: dict[str, Any] | None = None
    upload: bytes | None = None


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
    updated_at: datetime
    """When it was created, moved or cancelled last: for a scheduled meet-up, when its
    current time was set (a post due before that was never missed, `posts.plan`)."""


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


# --- contact directory


@dataclass(frozen=True, slots=True)
class ContactRecord:
    """A directory entry with its municipality's name, so callers need no second lookup.

    name and municipality are None only in a member's own unfinished entry (a draft); the
    directory functions (search, by_matrix_ids, directory) return complete entries only.
    """

    id: int
    network_id: int
    name: str | None
    municipality_id: int | None
    municipality: str | None
    role: str | None
    email: str | None
    phone: str | None
    matrix_id: str | None
    topics: tuple[str, ...]
    deputy: str | None
    consent_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @property
    def missing(self) -> tuple[str, ...]:
        """The required fields a draft still lacks ("name", "municipality"); () if complete."""
        return tuple(
            field
            for field, value in (("name", self.name), ("municipality", self.municipality_id))
            if value is None
        )


@dataclass(frozen=True, slots=True)
class ContactChangeRecord:
    """One audit line: which field of which entry someone changed, and when; no values."""

    id: int
    network_id: int
    contact_id: int | None
    action: str
    field: str | None
    changed_by: str
    changed_at: datetime


# --- work packages and action items


@dataclass(frozen=True, slots=True)
class WorkPackageRecord:
    """A work package with its lead's name and its owners, so callers need no second lookup."""

    id: int
    network_id: int
    number: int
    title: str
    lead_municipality_id: int | None
    lead: str | None
    owners: tuple[str, ...]
    topics: tuple[str, ...]
    status: str
    created_by: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class SearchableContact:
    """What `!kontakt` searches an entry by; the full record is read only for the hits."""

    id: int
    name: str
    municipality: str | None
    role: str | None
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActionItemText:
    """What `!wer` searches an item by; the full record is read only for the hits."""

    number: int
    title: str
    topics: tuple[str, ...]
    status: str


@dataclass(frozen=True, slots=True)
class ActionItemRecord:
    """An action item; work_package_number is its package's `!ap` number, if any."""

    id: int
    network_id: int
    number: int
    title: str
    owner: str
    created_by: str
    due_on: date | None
    status: str
    work_package_id: int | None
    work_package_number: int | None
    meetup_id: int | None
    topics: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    done_at: datetime | None


@dataclass(frozen=True, slots=True)
class ActionChangeRecord:
    """One history line of an action item or a work package (exactly one id is set)."""

    id: int
    network_id: int
    action_item_id: int | None
    work_package_id: int | None
    field: str
    old_value: str | None
    new_value: str | None
    changed_by: str
    changed_at: datetime


# --- personal data (`!meine-daten`)


@dataclass(frozen=True, slots=True)
class PersonalEntry:
    """One stored fact about a person outside the directory, shown to them on request.

    kind says which table it comes from ("rsvp", "agenda_item", "decision", "meetup",
    "series"); text is what was stored (the answer, the title, the decision).
    """

    kind: str
    at: datetime
    meetup_starts_at: datetime | None
    text: str


@dataclass(frozen=True, slots=True)
class PersonalChange:
    """A history line of an action item ("item") or work package ("package") that the
    person wrote or is named in; which field changed, not the values."""

    at: datetime
    subject: str
    number: int
    field: str


@dataclass(frozen=True, slots=True)
class PersonalSetting:
    """A post setting the person was the last to change."""

    at: datetime
    kind: str
    enabled: bool


@dataclass(frozen=True, slots=True)
class CommandLog:
    """How many of a person's commands the bot has recorded as handled, and when."""

    count: int
    first: datetime | None
    last: datetime | None


@dataclass(frozen=True, slots=True)
class SubscriptionRecord:
    """A person's personal link to a network's calendar feed or overview page (no token)."""

    network_id: int
    user_id: str
    kind: str
    created_at: datetime
