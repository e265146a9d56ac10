"""Initial schema: networks, municipalities, handled events, deliveries, bot state.

Written by hand and frozen: it uses plain SQLAlchemy types, not storage.models, so later
changes to the models cannot change what this step does. Instants are naive UTC timestamps
(storage.types.UTCDateTime converts at the edge).

Revision ID: 0001
Revises:
Create Date: 2025-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _network_id(table: str, *, nullable: bool) -> sa.Column:
    return sa.Column(
        "network_id",
        sa.Integer(),
        sa.ForeignKey("networks.id", name=f"fk_{table}_network_id_networks", ondelete="CASCADE"),
        nullable=nullable,
    )


def upgrade() -> None:
    op.create_table(
        "networks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("room_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("timezone", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("holiday_region", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_networks"),
        sa.UniqueConstraint("key", name="uq_networks_key"),
        sa.UniqueConstraint("room_id", name="uq_networks_room_id"),
    )
    op.create_table(
        "municipalities",
        sa.Column("id", sa.Integer(), nullable=False),
        _network_id("municipalities", nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_municipalities"),
        sa.UniqueConstraint("network_id", "name", name="uq_municipalities_network_id_name"),
    )
    op.create_index("ix_municipalities_network_id", "municipalities", ["network_id"])
    op.create_table(
        "handled_events",
        sa.Column("room_id", sa.String(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        _network_id("handled_events", nullable=True),
        sa.Column("sender", sa.String(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("handled_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("room_id", "event_id", name="pk_handled_events"),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        _network_id("deliveries", nullable=True),
        sa.Column("room_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("grace_seconds", sa.Integer(), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("txn_id", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_deliveries"),
        sa.UniqueConstraint("key", name="uq_deliveries_key"),
        sa.UniqueConstraint("txn_id", name="uq_deliveries_txn_id"),
    )
    op.create_index("ix_deliveries_state_due_at", "deliveries", ["state", "due_at"])
    op.create_table(
        "bot_state",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_bot_state"),
    )


def downgrade() -> None:
    op.drop_table("bot_state")
    op.drop_index("ix_deliveries_state_due_at", table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_table("handled_events")
    op.drop_index("ix_municipalities_network_id", table_name="municipalities")
    op.drop_table("municipalities")
    op.drop_table("networks")
