"""per-repo range indexes for wsguard report

The report counts detections per status, repo and range of first_seen or
resolved_at (wsguard/report/ranges.py). Those counts step through
``(status, repo, <timestamp>, <the other timestamp>)``; the index on
``(status, resolved_at, repo, first_seen)`` that the report used to scan and
sort has no other reader and goes. So does the index on status alone, which
every index led by status serves as well: resolving a detection (a new status,
a resolved_at) then updates as many indexes as before, not one more.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_drift_detections_status_repo_first_seen": ["status", "repo", "first_seen", "resolved_at"],
    "ix_drift_detections_status_repo_resolved_at": ["status", "repo", "resolved_at", "first_seen"],
}
DROPPED = {
    "ix_drift_detections_status_resolved_at": ["status", "resolved_at", "repo", "first_seen"],
    "ix_drift_detections_status": ["status"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "drift_detections", columns, unique=False)
    for name in DROPPED:
        op.drop_index(name, table_name="drift_detections")


def downgrade() -> None:
    for name, columns in DROPPED.items():
        op.create_index(name, "drift_detections", columns, unique=False)
    for name in INDEXES:
        op.drop_index(name, table_name="drift_detections")
