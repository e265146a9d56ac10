"""What a handled command came to and which delivery shows its answer, so an edit of it
(`m.replace`) is handled once and knows what to do: answer it again or refuse a repeat.

Written by hand and frozen, like 0001–0007: plain SQLAlchemy types, not storage.models.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("handled_events") as table:
        table.add_column(sa.Column("result", sa.String(), nullable=True))
        table.add_column(sa.Column("reply_key", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("handled_events") as table:
        table.drop_column("reply_key")
        table.drop_column("result")
