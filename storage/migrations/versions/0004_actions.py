"""Work packages, their owners, action items and the history of both.

Numbers (`!ap 3`, `!aufgabe 12`) are unique per network; nothing is ever deleted by a
command, so a number is never given twice. The history (action_changes) keeps old and new
values of what changed (status, due date, owner, lead, topics): unlike a contact's data,
these are the network's working facts, and "who moved the deadline" is the point.

Written by hand and frozen, like 0001–0003: plain SQLAlchemy types, not storage.models.

Revision ID: 0004
Revises: 0003
Create Date: 2025-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
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
        "work_packages",
        sa.Column("id", sa.Integer(), nullable=False),
        _network_id("work_packages"),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column(
            "lead_municipality_id",
            sa.Integer(),
            _fk("work_packages", "lead_municipality_id", "municipalities", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_work_packages"),
        sa.UniqueConstraint("network_id", "number", name="uq_work_packages_network_id_number"),
    )
    op.create_index("ix_work_packages_network_id", "work_packages", ["network_id"])
    op.create_table(
        "work_package_owners",
        sa.Column(
            "work_package_id",
            sa.Integer(),
            _fk("work_package_owners", "work_package_id", "work_packages", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("user_id", sa.String(), nullable=False),
        _network_id("work_package_owners"),
        sa.PrimaryKeyConstraint("work_package_id", "user_id", name="pk_work_package_owners"),
    )
    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer(), nullable=False),
        _network_id("action_items"),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column(
            "work_package_id",
            sa.Integer(),
            _fk("action_items", "work_package_id", "work_packages", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column(
            "meetup_id",
            sa.Integer(),
            _fk("action_items", "meetup_id", "meetups", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_action_items"),
        sa.UniqueConstraint("network_id", "number", name="uq_action_items_network_id_number"),
    )
    op.create_index(
        "ix_action_items_network_id_status_due_on",
        "action_items",
        ["network_id", "status", "due_on"],
    )
    op.create_index("ix_action_items_work_package_id", "action_items", ["work_package_id"])
    op.create_index("ix_action_items_meetup_id", "action_items", ["meetup_id"])
    op.create_table(
        "action_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        _network_id("action_changes"),
        sa.Column(
            "action_item_id",
            sa.Integer(),
            _fk("action_changes", "action_item_id", "action_items", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column(
            "work_package_id",
            sa.Integer(),
            _fk("action_changes", "work_package_id", "work_packages", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("changed_by", sa.String(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_action_changes"),
    )
    op.create_index(
        "ix_action_changes_network_id_action_item_id",
        "action_changes",
        ["network_id", "action_item_id"],
    )
    op.create_index(
        "ix_action_changes_network_id_work_package_id",
        "action_changes",
        ["network_id", "work_package_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_action_changes_network_id_work_package_id", table_name="action_changes")
    op.drop_index("ix_action_changes_network_id_action_item_id", table_name="action_changes")
    op.drop_table("action_changes")
    op.drop_index("ix_action_items_meetup_id", table_name="action_items")
    op.drop_index("ix_action_items_work_package_id", table_name="action_items")
    op.drop_index("ix_action_items_network_id_status_due_on", table_name="action_items")
    op.drop_table("action_items")
    op.drop_table("work_package_owners")
    op.drop_index("ix_work_packages_network_id", table_name="work_packages")
    op.drop_table("work_packages")
