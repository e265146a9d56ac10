"""Meet-ups: series, occurrences, agenda items, RSVPs, decisions, post settings.

Also links deliveries to the meet-up they are about (so a cancelled meet-up's pending posts
can be withdrawn) and indexes deliveries by event id (so a reaction finds its post).

Written by hand and frozen, like 0001: plain SQLAlchemy types, not storage.models.
The deliveries change goes through batch mode, which on SQLite rebuilds the table;
storage.migrate runs it with foreign keys off and checks them before COMMIT.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str, *, ondelete: str) -> sa.ForeignKey:
    return sa.ForeignKey(f"{target}.id", name=f"fk_{table}_{column}_{target}", ondelete=ondelete)


def _network_id(table: str) -> sa.Column:
    return sa.Column(
        "network_id",
        sa.Integer(),
        _fk(table, "network_id", "networks", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "meetup_series",
        sa.Column("id", sa.Integer(), nullable=False),
        _network_id("meetup_series"),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("rrule", sa.String(), nullable=False),
        sa.Column("start_time", sa.String(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(), nullable=False),
        sa.Column("location", sa.String(), nullable=True),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_meetup_series"),
    )
    op.create_index("ix_meetup_series_network_id", "meetup_series", ["network_id"])
    op.create_index(
        "ix_meetup_series_one_active",
        "meetup_series",
        ["network_id"],
        unique=True,
        sqlite_where=sa.text("ended_on IS NULL"),
        postgresql_where=sa.text("ended_on IS NULL"),
    )
    op.create_table(
        "meetups",
        sa.Column("id", sa.Integer(), nullable=False),
        _network_id("meetups"),
        sa.Column(
            "series_id",
            sa.Integer(),
            _fk("meetups", "series_id", "meetup_series", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("original_start", sa.DateTime(), nullable=True),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("location", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_meetups"),
        sa.UniqueConstraint(
            "series_id", "original_start", name="uq_meetups_series_id_original_start"
        ),
    )
    op.create_index("ix_meetups_network_id_starts_at", "meetups", ["network_id", "starts_at"])
    op.create_table(
        "agenda_items",
        sa.Column("id", sa.Integer(), nullable=False),
        _network_id("agenda_items"),
        sa.Column(
            "meetup_id",
            sa.Integer(),
            _fk("agenda_items", "meetup_id", "meetups", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column(
            "carried_from_id",
            sa.Integer(),
            _fk("agenda_items", "carried_from_id", "agenda_items", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_agenda_items"),
    )
    op.create_index("ix_agenda_items_meetup_id", "agenda_items", ["meetup_id"])
    op.create_table(
        "rsvps",
        sa.Column(
            "meetup_id",
            sa.Integer(),
            _fk("rsvps", "meetup_id", "meetups", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("user_id", sa.String(), nullable=False),
        _network_id("rsvps"),
        sa.Column("answer", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("reaction_event_id", sa.String(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("meetup_id", "user_id", name="pk_rsvps"),
        sa.UniqueConstraint("reaction_event_id", name="uq_rsvps_reaction_event_id"),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        _network_id("decisions"),
        sa.Column(
            "meetup_id",
            sa.Integer(),
            _fk("decisions", "meetup_id", "meetups", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_decisions"),
    )
    op.create_index("ix_decisions_meetup_id", "decisions", ["meetup_id"])
    op.create_table(
        "post_settings",
        _network_id("post_settings"),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("network_id", "kind", name="pk_post_settings"),
    )
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("meetup_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_deliveries_meetup_id_meetups",
            "meetups",
            ["meetup_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_deliveries_meetup_id", ["meetup_id"])
        batch.create_index("ix_deliveries_event_id", ["event_id"])


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_index("ix_deliveries_event_id")
        batch.drop_index("ix_deliveries_meetup_id")
        batch.drop_constraint("fk_deliveries_meetup_id_meetups", type_="foreignkey")
        batch.drop_column("meetup_id")
    op.drop_table("post_settings")
    op.drop_index("ix_decisions_meetup_id", table_name="decisions")
    op.drop_table("decisions")
    op.drop_table("rsvps")
    op.drop_index("ix_agenda_items_meetup_id", table_name="agenda_items")
    op.drop_table("agenda_items")
    op.drop_index("ix_meetups_network_id_starts_at", table_name="meetups")
    op.drop_table("meetups")
    op.drop_index("ix_meetup_series_one_active", table_name="meetup_series")
    op.drop_index("ix_meetup_series_network_id", table_name="meetup_series")
    op.drop_table("meetup_series")
