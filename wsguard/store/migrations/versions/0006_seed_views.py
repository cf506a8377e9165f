"""the seeds' tables as read-only views; soft session references

The seeds (../shared/seeds/) describe the tracker as tables named
``workspace_tasks``, ``cross_repo_issues``, ``architecture_decisions``,
``session_logs`` / ``workspace_sessions`` and ``session_activities``, with
many-valued columns as JSON-array text. Those names become read-only views
over wsguard's tables, so the seeds' queries and a user's old scripts run
unchanged. Each view speaks the seeds' words: ``type``, ``detected``,
``session``, ``time``, an open session ``in_progress``.

``session_activities`` was the name of wsguard's own activity table, whose
columns differ from the seed's (``activity_type``, ``occurred_at``, the files
in ``activity_files``): the table becomes ``work_activities`` and the name
goes to the view. ``session_decisions`` and ``session_issues`` are wsguard's
tables already, with the seed's columns except the surrogate ``id``.

A task's ``session_created`` and a decision's ``session`` lose their foreign
keys: the seeds name a session before it is started, and the id resolves
once it is.

``file_headers`` keeps what an imported file held beside its records (the
seeds' top-level ``last_updated``), written back on export.

A later migration that rebuilds one of the viewed tables on SQLite (batch
mode) must drop these views first and create them again after.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SOFT = (
    ("tasks", "session_created", "fk_tasks_session_created_work_sessions"),
    ("decisions", "session_id", "fk_decisions_session_id_work_sessions"),
)
VIEWS = (
    "workspace_tasks",
    "cross_repo_issues",
    "architecture_decisions",
    "session_logs",
    "workspace_sessions",
    "session_activities",
)


def _array(dialect: str, table: str, value: str, owner: str, of: str, where: str = "") -> str:
    """The JSON-array text of ``table.value`` for the row ``of``, sorted; ``[]`` if none."""
    match = f"{owner} = {of}{where}"
    if dialect == "postgresql":
        return (
            f"COALESCE((SELECT json_agg({value} ORDER BY {value})::text FROM {table} "
            f"WHERE {match}), '[]')"
        )
    return (
        f"(SELECT json_group_array(v) FROM "
        f"(SELECT {value} AS v FROM {table} WHERE {match} ORDER BY {value}))"
    )


def _views(dialect: str) -> dict[str, str]:
    def arr(table: str, value: str, owner: str, of: str, where: str = "") -> str:
        return _array(dialect, table, value, owner, of, where)

    sessions = """
SELECT s.id AS "id", s.id AS "session_id", s.started_at AS "start_time",
    s.ended_at AS "end_time",
    CASE s.status WHEN 'active' THEN 'in_progress' ELSE s.status END AS "status",
    s."user" AS "user", s.ai_assistant AS "ai_assistant", s.handoff_notes AS "handoff_notes"
FROM (SELECT * FROM work_sessions) s"""
    # ``FROM (SELECT * FROM t)``, not ``FROM t``: PostgreSQL would make a view over one
    # table updatable, and these are read-only.
    return {
        "workspace_tasks": f"""
SELECT t.id AS "id", t.title AS "title", t.status AS "status", t.priority AS "priority",
    {arr("task_repos", "repo", "task_id", "t.id")} AS "repos_affected",
    {arr("task_dependencies", "depends_on", "task_id", "t.id")} AS "dependencies",
    t.created_at AS "created", t.session_created AS "session_created",
    t.assigned_to AS "assigned_to", t.notes AS "notes",
    {arr("task_files", "path", "task_id", "t.id")} AS "related_files",
    t.description AS "description", t.updated_at AS "updated",
    t.blocked_reason AS "blocked_reason"
FROM (SELECT * FROM tasks) t""",
        "cross_repo_issues": f"""
SELECT i.id AS "id", i.issue_type AS "type", i.severity AS "severity", i.title AS "title",
    i.description AS "description",
    {arr("issue_repos", "repo", "issue_id", "i.id")} AS "repos_affected",
    i.detected_at AS "detected", i.detected_by AS "detected_by", i.status AS "status",
    i.action_required AS "action_required", i.assigned_to AS "assigned_to",
    i.related_task_id AS "related_task_id", i.resolved_at AS "resolved", i.rule_id AS "rule_id"
FROM (SELECT * FROM issues) i""",
        "architecture_decisions": f"""
SELECT d.id AS "id", d.date AS "date", d.session_id AS "session",
    COALESCE(d.decision, d.title) AS "decision",
    {arr("decision_repos", "repo", "decision_id", "d.id")} AS "repos_affected",
    d.rationale AS "rationale", d.status AS "status", d.impact AS "impact",
    {arr("decision_files", "path", "decision_id", "d.id")} AS "related_files",
    {arr("decision_docs", "link", "decision_id", "d.id")} AS "documentation",
    d.title AS "title", d.supersedes AS "supersedes", d.superseded_by AS "superseded_by"
FROM (SELECT * FROM decisions) d""",
        "session_logs": sessions,
        "workspace_sessions": sessions,
        "session_activities": f"""
SELECT a.id AS "id", a.session_id AS "session_id", a.activity_type AS "type",
    a.description AS "description",
    {arr("activity_files", "path", "activity_id", "a.id", " AND role = 'created'")}
        AS "files_created",
    a.outcome AS "outcome", a.occurred_at AS "time",
    {arr("activity_files", "path", "activity_id", "a.id", " AND role = 'modified'")}
        AS "files_modified"
FROM (SELECT * FROM work_activities) a""",
    }


def _rename_activities(old: str, new: str) -> None:
    dialect = op.get_bind().dialect.name
    op.rename_table(old, new)
    if dialect == "postgresql":
        op.execute(f"ALTER INDEX ix_{old}_session_id RENAME TO ix_{new}_session_id")
        op.execute(f"ALTER TABLE {new} RENAME CONSTRAINT pk_{old} TO pk_{new}")
        op.execute(
            f"ALTER TABLE {new} RENAME CONSTRAINT fk_{old}_session_id_work_sessions "
            f"TO fk_{new}_session_id_work_sessions"
        )
        op.execute(
            f"ALTER TABLE activity_files RENAME CONSTRAINT fk_activity_files_activity_id_{old} "
            f"TO fk_activity_files_activity_id_{new}"
        )
    else:
        # SQLite keeps an index's name through a rename and cannot rename one.
        op.drop_index(f"ix_{old}_session_id", table_name=new)
        op.create_index(f"ix_{new}_session_id", new, ["session_id"])


def upgrade() -> None:
    op.create_table(
        "file_headers",
        sa.Column("file", sa.String(length=100), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("file", name=op.f("pk_file_headers")),
    )
    for table, _column, name in SOFT:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(name, type_="foreignkey")
    _rename_activities("session_activities", "work_activities")
    for name, select in _views(op.get_bind().dialect.name).items():
        op.execute(f"CREATE VIEW {name} AS {select.strip()}")


def downgrade() -> None:
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW {name}")
    _rename_activities("work_activities", "session_activities")
    for table, column, name in SOFT:
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_foreign_key(
                name, "work_sessions", [column], ["id"], ondelete="SET NULL"
            )
    op.drop_table("file_headers")
