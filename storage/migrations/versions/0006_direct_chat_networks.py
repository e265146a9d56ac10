"""The network a person in several networks chose for their direct chat with the bot.

Written by hand and frozen, like 0001–0005: plain SQLAlchemy types, not storage.models.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "direct_chat_networks",
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column(
            "network_id",
            sa.Integer(),
            sa.ForeignKey(
                "networks.id",
                name="fk_direct_chat_networks_network_id_networks",
                ondelete="CASCADE",
            ),
            nullable=False,
        ),
        sa.Column("chosen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_direct_chat_networks"),
    )
    op.create_index("ix_direct_chat_networks_network_id", "direct_chat_networks", ["network_id"])


def downgrade() -> None:
    op.drop_index("ix_direct_chat_networks_network_id", table_name="direct_chat_networks")
    op.drop_table("direct_chat_networks")
