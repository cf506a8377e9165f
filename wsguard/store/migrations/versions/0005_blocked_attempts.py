"""blocked commit attempts: their own record, never open drift

A commit the guard stops never enters history. Its run is kept in
``scan_runs`` with ``blocked`` set ("the guard stopped 12 commits this
week"), and its findings as detections with status ``blocked``, which no
count of open drift includes; a later commit that carries them opens them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scan_runs") as batch:
        batch.add_column(
            sa.Column("blocked", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    status = sa.column("status", sa.String)
    detections = sa.table("drift_detections", status)
    op.execute(detections.delete().where(status == "blocked"))
    with op.batch_alter_table("scan_runs") as batch:
        batch.drop_column("blocked")
