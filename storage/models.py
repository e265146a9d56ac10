"""ORM models: the schema as Python. Change it only together with an Alembic revision."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column

from storage.types import UTCDateTime

# Named constraints let later migrations drop or alter them by name on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Every datetime column is a UTCDateTime, so no instant can be stored naive by accident."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute as is
        datetime: UTCDateTime(),
        date: Date(),
        dict[str, Any]: JSON(),
    }


def _network_fk() -> MappedColumn[Any]:
    """The owning network (invariant 9); its rows go when the network goes."""
    return mapped_column(Integer, ForeignKey("networks.id", ondelete="CASCADE"))


def _meetup_fk(ondelete: str, *, primary_key: bool = False) -> MappedColumn[Any]:
    """The meet-up a row is about (CASCADE: it goes with it; SET NULL: it stays on record),
    indexed unless it leads the primary key."""
    return mapped_column(
        Integer,
        ForeignKey("meetups.id", ondelete=ondelete),
        primary_key=primary_key,
        index=None if primary_key else True,
    )


class Network(Base):
    """A network of municipalities; its room is where the bot talks to it."""

    __tablename__ = "networks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(unique=True)
    room_id: Mapped[str] = mapped_column(unique=True)
    name: Mapped[str]
    timezone: Mapped[str]
    language: Mapped[str]
    holiday_region: Mapped[str | None]
    created_at: Mapped[datetime]


class Municipality(Base):
    """A member of a network; names are unique within the network only."""

    __tablename__ = "municipalities"
    __table_args__ = (UniqueConstraint("network_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str]
    kind: Mapped[str | None]


class HandledEvent(Base):
    """A command event the bot has dealt with, so a restart never answers it twice."""

    __tablename__ = "handled_events"

    room_id: Mapped[str] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(primary_key=True)
    network_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("networks.id", ondelete="CASCADE")
    )
    sender: Mapped[str]
    sent_at: Mapped[datetime]
    handled_at: Mapped[datetime]
    outcome: Mapped[str]
    result: Mapped[str | None]
    """What an answered command came to ("changed", "read", "error"), so an edit of it is
    answered again or refused (bot/pipeline.py); None for edits and commands not answered."""
    reply_key: Mapped[str | None]
    """The delivery whose event shows the answer, the one an edit of the command edits."""


class Delivery(Base):
    """An outgoing post; its unique key makes sending it exactly once possible."""

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_state_due_at", "state", "due_at"),
        # The sender looks a post up by its event id when someone reacts to it (RSVP).
        Index("ix_deliveries_event_id", "event_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(unique=True)
    network_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("networks.id", ondelete="CASCADE")
    )
    room_id: Mapped[str]
    kind: Mapped[str]
    due_at: Mapped[datetime]
    grace_seconds: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[dict[str, Any]]
    txn_id: Mapped[str] = mapped_column(unique=True)
    state: Mapped[str]
    event_id: Mapped[str | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    # SET NULL: a sent post stays on record when its meet-up is deleted.
    meetup_id: Mapped[int | None] = _meetup_fk("SET NULL")
    # Columns in the order the migrations built them (0005 added these two at the end).
    late_content: Mapped[dict[str, Any] | None]
    """A scheduled post's late-marked version, sent instead if an outage holds it back."""
    upload: Mapped[bytes | None] = mapped_column(LargeBinary)
    """A file delivery's bytes, uploaded right before the event is sent."""


class BotState(Base):
    """Small process-wide values, such as the sync token."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DirectChatNetwork(Base):
    """The network a person in several networks chose for their direct chat with the bot.

    One row per person (their Matrix id); it goes when the network goes.
    """

    __tablename__ = "direct_chat_networks"

    user_id: Mapped[str] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    chosen_at: Mapped[datetime]


class MeetupSeries(Base):
    """A recurring meet-up as wall-clock time plus zone, so DST never shifts it (invariant 6).

    At most one series per network is active (ended_on NULL); the partial unique index makes
    that hold even against two moderators racing.
    """

    __tablename__ = "meetup_series"
    __table_args__ = (
        Index(
            "ix_meetup_series_one_active",
            "network_id",
            unique=True,
            sqlite_where=text("ended_on IS NULL"),
            postgresql_where=text("ended_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str]
    rrule: Mapped[str]
    start_time: Mapped[str]
    duration_minutes: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str]
    location: Mapped[str | None]
    first_day: Mapped[date]
    ended_on: Mapped[date | None]
    created_by: Mapped[str]
    created_at: Mapped[datetime]


class Meetup(Base):
    """One concrete meet-up; series instances are rows so agenda and RSVPs have a stable id."""

    __tablename__ = "meetups"
    __table_args__ = (
        UniqueConstraint("series_id", "original_start"),
        Index("ix_meetups_network_id_starts_at", "network_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = _network_fk()
    series_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("meetup_series.id", ondelete="SET NULL")
    )
    original_start: Mapped[datetime | None]
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    title: Mapped[str]
    location: Mapped[str | None]
    status: Mapped[str]
    created_by: Mapped[str]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class AgendaItem(Base):
    """A topic for a meet-up; positions 1..n order all items of one meet-up."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = _network_fk()
    meetup_id: Mapped[int] = _meetup_fk("CASCADE")
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str]
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    owner: Mapped[str]
    status: Mapped[str]
    carried_from_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime]


class Rsvp(Base):
    """One member's current answer for one meet-up; a new answer replaces the old one."""

    __tablename__ = "rsvps"

    meetup_id: Mapped[int] = _meetup_fk("CASCADE", primary_key=True)
    user_id: Mapped[str] = mapped_column(primary_key=True)
    network_id: Mapped[int] = _network_fk()
    answer: Mapped[str]
    source: Mapped[str]
    reaction_event_id: Mapped[str | None] = mapped_column(unique=True)
    updated_at: Mapped[datetime]


class Decision(Base):
    """A decision recorded at a meet-up, for the minutes."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = _network_fk()
    meetup_id: Mapped[int] = _meetup_fk("CASCADE")
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str]
    created_at: Mapped[datetime]


class PostSetting(Base):
    """Whether a network wants one kind of scheduled post; no row means yes."""

    __tablename__ = "post_settings"

    network_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(primary_key=True)
    enabled: Mapped[bool]
    updated_by: Mapped[str]
    updated_at: Mapped[datetime]


# --- contact directory


class Contact(Base):
    """A person in a network's directory; personal data, so every change is audited.

    matrix_id is unique per network (a person has one entry), several NULLs are fine.
    topics is a JSON list: the whole network's entries are scored in Python anyway.
    name and municipality_id are NULL only in a member's own draft (self-service sets one
    field per message); the CHECK keeps every entry without a Matrix id complete.
    """

    __tablename__ = "contacts"
    __table_args__ = (
        UniqueConstraint("network_id", "matrix_id"),
        CheckConstraint(
            "matrix_id IS NOT NULL OR (name IS NOT NULL AND municipality_id IS NOT NULL)",
            # The convention's prefix twice, as migration 0003 named it in every database.
            name="ck_contacts_complete_or_own",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None]
    municipality_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("municipalities.id"), index=True
    )
    role: Mapped[str | None]
    email: Mapped[str | None]
    phone: Mapped[str | None]
    matrix_id: Mapped[str | None]
    topics: Mapped[list[str]] = mapped_column(JSON)
    deputy: Mapped[str | None]
    consent_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ContactChange(Base):
    """Who changed which field of an entry, and when; never the old or new value.

    Values are left out on purpose (data minimisation): an audit that kept old values would
    keep what a person corrected or deleted. contact_id turns NULL when the entry is deleted,
    so the line stays as a neutral "an entry was deleted".
    """

    __tablename__ = "contact_changes"
    __table_args__ = (
        Index("ix_contact_changes_network_id_contact_id", "network_id", "contact_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = _network_fk()
    contact_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("contacts.id", ondelete="SET NULL")
    )
    action: Mapped[str]
    field: Mapped[str | None]
    changed_by: Mapped[str]
    changed_at: Mapped[datetime]


# --- work packages and action items


class WorkPackage(Base):
    """A share of the network's work that one municipality leads ("Arbeitspaket").

    number is what people type (`!ap 3`): unique per network and never reused, because
    there is no delete. topics is a JSON list of lower-case tags without `#`.
    """

    __tablename__ = "work_packages"
    __table_args__ = (UniqueConstraint("network_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str]
    # SET NULL: the package outlives a municipality leaving the network.
    lead_municipality_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("municipalities.id", ondelete="SET NULL")
    )
    topics: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str]
    created_by: Mapped[str]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class WorkPackageOwner(Base):
    """One Matrix user responsible for a work package; a package may have several."""

    __tablename__ = "work_package_owners"

    work_package_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("work_packages.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(primary_key=True)
    network_id: Mapped[int] = _network_fk()


class ActionItem(Base):
    """Something one person owes the network, optionally by a date ("Aufgabe").

    number works like a work package's: per network, never reused. meetup_id is the
    meet-up running when the item was created, so the minutes can list it.
    """

    __tablename__ = "action_items"
    __table_args__ = (
        UniqueConstraint("network_id", "number"),
        # The scheduler and `!aufgaben überfällig` read open items by due date.
        Index("ix_action_items_network_id_status_due_on", "network_id", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = _network_fk()
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str]
    owner: Mapped[str]
    created_by: Mapped[str]
    due_on: Mapped[date | None]
    status: Mapped[str]
    work_package_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("work_packages.id", ondelete="SET NULL"), index=True
    )
    meetup_id: Mapped[int | None] = _meetup_fk("SET NULL")
    topics: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    done_at: Mapped[datetime | None]


# `!aufgaben` shows one screen of a network's open items in list order (due date, undated
# last, then number): read from this index in order, not sorted from every open item.
Index(
    "ix_action_items_list_order",
    ActionItem.network_id,
    ActionItem.status,
    ActionItem.due_on.is_(None),
    ActionItem.due_on,
    ActionItem.number,
)


class ActionChange(Base):
    """One line of an item's or a work package's history: who changed what, old → new.

    Exactly one of action_item_id and work_package_id is set. Values are stored raw
    (status codes, ISO dates, Matrix ids) and put into words when shown, in the reader's
    language.
    """

    __tablename__ = "action_changes"
    __table_args__ = (
        Index("ix_action_changes_network_id_action_item_id", "network_id", "action_item_id"),
        Index("ix_action_changes_network_id_work_package_id", "network_id", "work_package_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = _network_fk()
    action_item_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("action_items.id", ondelete="CASCADE")
    )
    work_package_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("work_packages.id", ondelete="CASCADE")
    )
    field: Mapped[str]
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    changed_by: Mapped[str]
    changed_at: Mapped[datetime]


class Subscription(Base):
    """A person's secret link to a network's calendar feed or overview page.

    Only the SHA-256 of the token is stored, so a copy of the database opens no feed; one
    row per person, network and kind, so a new link replaces the old one at once.
    """

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("network_id", "user_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = _network_fk()
    user_id: Mapped[str]
    kind: Mapped[str]
    token_hash: Mapped[str] = mapped_column(unique=True)
    created_at: Mapped[datetime]
