"""ORM models: the schema as Python. Change it only together with an Alembic revision."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

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
        dict[str, Any]: JSON(),
    }


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


class Delivery(Base):
    """An outgoing post; its unique key makes sending it exactly once possible."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_state_due_at", "state", "due_at"),)

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


class BotState(Base):
    """Small process-wide values, such as the sync token."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[str] = mapped_column(Text)
