"""What the sender needs besides the event content gets columns of its own.

Until now a scheduled post carried its late-marked variant inside the Matrix content
(`ikz.late`), and a file delivery its bytes as base64 (`ikz.upload`); the sender had to strip
both before sending. Pending rows are moved over; sent and skipped rows hold no content.

Written by hand and frozen, like 0001–0004: plain SQLAlchemy types, not storage.models.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

import base64
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LATE = "ikz.late"
_UPLOAD = "ikz.upload"

_deliveries = sa.table(
    "deliveries",
    sa.column("id", sa.Integer()),
    sa.column("state", sa.String()),
    sa.column("content", sa.JSON()),
    sa.column("late_content", sa.JSON()),
    sa.column("upload", sa.LargeBinary()),
)


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("late_content", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("upload", sa.LargeBinary(), nullable=True))
    connection = op.get_bind()
    pending = connection.execute(
        sa.select(_deliveries.c.id, _deliveries.c.content).where(_deliveries.c.state == "pending")
    )
    for row_id, content in pending.all():
        if _LATE not in content and _UPLOAD not in content:
            continue
        rest = {k: v for k, v in content.items() if k not in (_LATE, _UPLOAD)}
        upload = content.get(_UPLOAD)
        connection.execute(
            sa.update(_deliveries)
            .where(_deliveries.c.id == row_id)
            .values(
                content=rest,
                late_content=content.get(_LATE),
                upload=None if upload is None else base64.b64decode(upload),
            )
        )


def downgrade() -> None:
    connection = op.get_bind()
    pending = connection.execute(
        sa.select(
            _deliveries.c.id,
            _deliveries.c.content,
            _deliveries.c.late_content,
            _deliveries.c.upload,
        ).where(_deliveries.c.state == "pending")
    )
    for row_id, content, late, upload in pending.all():
        if late is None and upload is None:
            continue
        extra = {} if late is None else {_LATE: late}
        if upload is not None:
            extra[_UPLOAD] = base64.b64encode(upload).decode("ascii")
        connection.execute(
            sa.update(_deliveries)
            .where(_deliveries.c.id == row_id)
            .values(content={**content, **extra})
        )
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("upload")
        batch.drop_column("late_content")
