"""An index in `!aufgaben`'s list order, so its first screen is read in order instead of
sorting every open item of the network (undated items last: the `due_on IS NULL` term).

Written by hand and frozen, like 0001–0008: plain SQLAlchemy types, not storage.models.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_action_items_list_order",
        "action_items",
        ["network_id", "status", sa.column("due_on").is_(None), "due_on", "number"],
    )


def downgrade() -> None:
    op.drop_index("ix_action_items_list_order", table_name="action_items")
