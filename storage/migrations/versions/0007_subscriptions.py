"""Personal links to the calendar feed and the overview page, stored as token hashes.

Written by hand and frozen, like 0001–0006: plain SQLAlchemy types, not storage.models.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "network_id",
            sa.Integer(),
            sa.ForeignKey(
                "networks.id", name="fk_subscriptions_network_id_networks", ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("token_hash", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_subscriptions"),
        sa.UniqueConstraint(
            "network_id", "user_id", "kind", name="uq_subscriptions_network_id_user_id_kind"
        ),
        sa.UniqueConstraint("token_hash", name="uq_subscriptions_token_hash"),
    )


def downgrade() -> None:
    op.drop_table("subscriptions")
