"""Contact directory: one entry per person and network, plus an audit of changes.

An entry is complete with a name and a municipality. Only a member's own entry (one with a
Matrix id) may lack them for a while: self-service sets one field per message, so the first
message creates a draft that only its owner sees (CHECK complete_or_own).

The audit (contact_changes) stores which field changed, who changed it and when, never the
old or new value: keeping old values would keep personal data the person asked to change or
delete. After a deletion the audit line keeps no link to the person (contact_id SET NULL).

Written by hand and frozen, like 0001 and 0002: plain SQLAlchemy types, not storage.models.

Revision ID: 0003
Revises: 0002
Create Date: 2025-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str, *, ondelete: str | None) -> sa.ForeignKey:
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
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        _network_id("contacts"),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column(
            "municipality_id",
            sa.Integer(),
            _fk("contacts", "municipality_id", "municipalities", ondelete=None),
            nullable=True,
        ),
        sa.Column("role", sa.String(), nullable=True),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("phone", sa.String(), nullable=True),
        sa.Column("matrix_id", sa.String(), nullable=True),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("deputy", sa.String(), nullable=True),
        sa.Column("consent_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_contacts"),
        sa.CheckConstraint(
            "matrix_id IS NOT NULL OR (name IS NOT NULL AND municipality_id IS NOT NULL)",
            name="ck_contacts_complete_or_own",
        ),
        sa.UniqueConstraint("network_id", "matrix_id", name="uq_contacts_network_id_matrix_id"),
    )
    op.create_index("ix_contacts_network_id", "contacts", ["network_id"])
    op.create_index("ix_contacts_municipality_id", "contacts", ["municipality_id"])
    op.create_table(
        "contact_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        _network_id("contact_changes"),
        sa.Column(
            "contact_id",
            sa.Integer(),
            _fk("contact_changes", "contact_id", "contacts", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("field", sa.String(), nullable=True),
        sa.Column("changed_by", sa.String(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_contact_changes"),
    )
    op.create_index(
        "ix_contact_changes_network_id_contact_id",
        "contact_changes",
        ["network_id", "contact_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_contact_changes_network_id_contact_id", table_name="contact_changes")
    op.drop_table("contact_changes")
    op.drop_index("ix_contacts_municipality_id", table_name="contacts")
    op.drop_index("ix_contacts_network_id", table_name="contacts")
    op.drop_table("contacts")
