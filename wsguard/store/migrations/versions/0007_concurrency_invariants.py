"""invariants the database enforces under concurrency

Two of the tracker's rules were checked in Python only, so two writers at once
could both pass the check: one open work session per user, and a spooled scan
recorded once. The database now holds them itself.

- ``uq_work_sessions_active_user``: a partial unique index on
  ``work_sessions(user) WHERE status = 'active'``. A user who already holds
  several open sessions (possible before) keeps the newest; the older ones
  are marked ``abandoned`` first, so the index can be built.
- ``scan_runs.spool_key`` (unique, null for runs that were never spooled): the
  name of the spool file a run came from. Two hook runs flushing the same file
  at once: the second finds the key taken and records nothing.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ACTIVE = sa.text("status = 'active'")


def _abandon_all_but_newest() -> None:
    sessions = sa.table(
        "work_sessions",
        sa.column("id", sa.String),
        sa.column("user", sa.String),
        sa.column("status", sa.String),
        sa.column("started_at", sa.DateTime),
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(sessions.c.id, sessions.c.user)
        .where(sessions.c.status == "active", sessions.c.user.is_not(None))
        .order_by(sessions.c.user, sessions.c.started_at.desc(), sessions.c.id.desc())
    ).all()
    seen: set[str] = set()
    older = []
    for session_id, user in rows:
        if user in seen:
            older.append(session_id)
        seen.add(user)
    if older:
        conn.execute(sessions.update().where(sessions.c.id.in_(older)).values(status="abandoned"))


def upgrade() -> None:
    _abandon_all_but_newest()
    op.create_index(
        "uq_work_sessions_active_user",
        "work_sessions",
        ["user"],
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    )
    with op.batch_alter_table("scan_runs") as batch:
        batch.add_column(sa.Column("spool_key", sa.String(length=64), nullable=True))
        batch.create_index("uq_scan_runs_spool_key", ["spool_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("scan_runs") as batch:
        batch.drop_index("uq_scan_runs_spool_key")
        batch.drop_column("spool_key")
    op.drop_index("uq_work_sessions_active_user", table_name="work_sessions")
