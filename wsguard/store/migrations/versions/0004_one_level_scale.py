"""one level scale for priorities, severities and impacts

Tasks, issues and decisions share one scale, CRITICAL/HIGH/MEDIUM/LOW, stored
upper-case (wsguard/vocabulary.py). Issues entered before could carry
lower-case levels, and the guard filed its issues under the rule's severity
(error/warning/info); both are rewritten onto the scale.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

LEVEL_OF = {
    "critical": "CRITICAL",
    "high": "HIGH",
    "medium": "MEDIUM",
    "low": "LOW",
    "error": "HIGH",
    "warning": "MEDIUM",
    "info": "LOW",
}
COLUMNS = (("issues", "severity"), ("tasks", "priority"), ("decisions", "impact"))


def upgrade() -> None:
    for name, column in COLUMNS:
        level = sa.column(column, sa.String)
        table = sa.table(name, level)
        for old, new in LEVEL_OF.items():
            op.execute(table.update().where(sa.func.lower(level) == old).values({column: new}))


def downgrade() -> None:
    """Upper-case levels were valid before; only the guard's own issues go back."""
    severity, rule_id = sa.column("severity", sa.String), sa.column("rule_id", sa.String)
    issues = sa.table("issues", severity, rule_id)
    for old, new in (("error", "HIGH"), ("warning", "MEDIUM"), ("info", "LOW")):
        guard_filed = sa.and_(rule_id.is_not(None), severity == new)
        op.execute(issues.update().where(guard_filed).values(severity=old))
