"""covering indexes for wsguard report

Revision ID: 0002
Revises: 0001
Create Date: 2025-03-14
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_drift_detections_status_rule": ["status", "repo", "rule_id", "severity", "decision"],
    "ix_drift_detections_status_first_seen": ["status", "first_seen", "repo"],
    "ix_drift_detections_status_resolved_at": ["status", "resolved_at", "repo", "first_seen"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "drift_detections", columns, unique=False)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="drift_detections")
