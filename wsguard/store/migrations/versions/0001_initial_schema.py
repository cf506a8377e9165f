"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "architecture_states",
        sa.Column("component", sa.String(length=200), nullable=False),
        sa.Column("current_repo", sa.String(length=200), nullable=True),
        sa.Column("current_state", sa.Text(), nullable=True),
        sa.Column("target_repo", sa.String(length=200), nullable=True),
        sa.Column("target_state", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("component", name=op.f("pk_architecture_states")),
    )
    with op.batch_alter_table("architecture_states", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_architecture_states_current_repo"), ["current_repo"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_architecture_states_target_repo"), ["target_repo"], unique=False
        )

    op.create_table(
        "component_placements",
        sa.Column("component", sa.String(length=200), nullable=False),
        sa.Column("repo", sa.String(length=200), nullable=False),
        sa.Column("path_pattern", sa.String(length=1000), nullable=True),
        sa.Column("decision", sa.String(length=64), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("component", name=op.f("pk_component_placements")),
    )
    with op.batch_alter_table("component_placements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_component_placements_repo"), ["repo"], unique=False)

    op.create_table(
        "scan_cache",
        sa.Column("blob_sha", sa.String(length=64), nullable=False),
        sa.Column("rules_digest", sa.String(length=64), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("blob_sha", "rules_digest", name=op.f("pk_scan_cache")),
    )
    op.create_table(
        "work_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("user", sa.String(length=200), nullable=True),
        sa.Column("ai_assistant", sa.String(length=200), nullable=True),
        sa.Column("handoff_notes", sa.Text(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_sessions")),
    )
    with op.batch_alter_table("work_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_sessions_started_at"), ["started_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_work_sessions_status"), ["status"], unique=False)

    op.create_table(
        "context_switches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=True),
        sa.Column("from_repo", sa.String(length=200), nullable=True),
        sa.Column("to_repo", sa.String(length=200), nullable=False),
        sa.Column("switched_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["work_sessions.id"],
            name=op.f("fk_context_switches_session_id_work_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_context_switches")),
    )
    with op.batch_alter_table("context_switches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_context_switches_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_context_switches_switched_at"), ["switched_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_context_switches_to_repo"), ["to_repo"], unique=False)

    op.create_table(
        "decisions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("session_id", sa.String(length=64), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("impact", sa.String(length=10), nullable=True),
        sa.Column("supersedes", sa.String(length=64), nullable=True),
        sa.Column("superseded_by", sa.String(length=64), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["work_sessions.id"],
            name=op.f("fk_decisions_session_id_work_sessions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["superseded_by"],
            ["decisions.id"],
            name=op.f("fk_decisions_superseded_by_decisions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["supersedes"],
            ["decisions.id"],
            name=op.f("fk_decisions_supersedes_decisions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_decisions_superseded_by"), ["superseded_by"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_decisions_supersedes"), ["supersedes"], unique=False)

    op.create_table(
        "scan_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("repo", sa.String(length=200), nullable=True),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=True),
        sa.Column("files_scanned", sa.Integer(), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["work_sessions.id"],
            name=op.f("fk_scan_runs_session_id_work_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scan_runs")),
    )
    with op.batch_alter_table("scan_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scan_runs_repo"), ["repo"], unique=False)
        batch_op.create_index(batch_op.f("ix_scan_runs_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_scan_runs_started_at"), ["started_at"], unique=False)

    op.create_table(
        "session_activities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("activity_type", sa.String(length=50), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["work_sessions.id"],
            name=op.f("fk_session_activities_session_id_work_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_activities")),
    )
    with op.batch_alter_table("session_activities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_activities_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "tasks",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("session_created", sa.String(length=64), nullable=True),
        sa.Column("assigned_to", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("blocked_reason", sa.Text(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_created"],
            ["work_sessions.id"],
            name=op.f("fk_tasks_session_created_work_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tasks_assigned_to"), ["assigned_to"], unique=False)
        batch_op.create_index(batch_op.f("ix_tasks_priority"), ["priority"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_tasks_session_created"), ["session_created"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_tasks_status"), ["status"], unique=False)
        batch_op.create_index("ix_tasks_status_priority", ["status", "priority"], unique=False)

    op.create_table(
        "activity_files",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["session_activities.id"],
            name=op.f("fk_activity_files_activity_id_session_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", "role", "path", name=op.f("pk_activity_files")),
    )
    with op.batch_alter_table("activity_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_files_path"), ["path"], unique=False)

    op.create_table(
        "decision_docs",
        sa.Column("decision_id", sa.String(length=64), nullable=False),
        sa.Column("link", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_docs_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("decision_id", "link", name=op.f("pk_decision_docs")),
    )
    op.create_table(
        "decision_files",
        sa.Column("decision_id", sa.String(length=64), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_files_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("decision_id", "path", name=op.f("pk_decision_files")),
    )
    with op.batch_alter_table("decision_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_files_path"), ["path"], unique=False)

    op.create_table(
        "decision_repos",
        sa.Column("decision_id", sa.String(length=64), nullable=False),
        sa.Column("repo", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_repos_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("decision_id", "repo", name=op.f("pk_decision_repos")),
    )
    with op.batch_alter_table("decision_repos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_repos_repo"), ["repo"], unique=False)

    op.create_table(
        "decision_tasks",
        sa.Column("decision_id", sa.String(length=64), nullable=False),
        sa.Column("task_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_tasks_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["tasks.id"],
            name=op.f("fk_decision_tasks_task_id_tasks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("decision_id", "task_id", name=op.f("pk_decision_tasks")),
    )
    with op.batch_alter_table("decision_tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_tasks_task_id"), ["task_id"], unique=False)

    op.create_table(
        "issues",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("issue_type", sa.String(length=50), nullable=False),
        sa.Column("severity", sa.String(length=20), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=True),
        sa.Column("detected_by", sa.String(length=200), nullable=True),
        sa.Column("action_required", sa.Text(), nullable=True),
        sa.Column("assigned_to", sa.String(length=200), nullable=True),
        sa.Column("related_task_id", sa.String(length=64), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("rule_id", sa.String(length=200), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["related_task_id"],
            ["tasks.id"],
            name=op.f("fk_issues_related_task_id_tasks"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issues")),
        sa.UniqueConstraint("rule_id", name=op.f("uq_issues_rule_id")),
    )
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issues_assigned_to"), ["assigned_to"], unique=False)
        batch_op.create_index(batch_op.f("ix_issues_issue_type"), ["issue_type"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_issues_related_task_id"), ["related_task_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_issues_severity"), ["severity"], unique=False)
        batch_op.create_index(batch_op.f("ix_issues_status"), ["status"], unique=False)

    op.create_table(
        "session_decisions",
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("decision_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_session_decisions_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["work_sessions.id"],
            name=op.f("fk_session_decisions_session_id_work_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "decision_id", name=op.f("pk_session_decisions")),
    )
    with op.batch_alter_table("session_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_decisions_decision_id"), ["decision_id"], unique=False
        )

    op.create_table(
        "task_dependencies",
        sa.Column("task_id", sa.String(length=64), nullable=False),
        sa.Column("depends_on", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["depends_on"],
            ["tasks.id"],
            name=op.f("fk_task_dependencies_depends_on_tasks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["tasks.id"],
            name=op.f("fk_task_dependencies_task_id_tasks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("task_id", "depends_on", name=op.f("pk_task_dependencies")),
    )
    with op.batch_alter_table("task_dependencies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_task_dependencies_depends_on"), ["depends_on"], unique=False
        )

    op.create_table(
        "task_files",
        sa.Column("task_id", sa.String(length=64), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_task_files_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("task_id", "path", name=op.f("pk_task_files")),
    )
    with op.batch_alter_table("task_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_files_path"), ["path"], unique=False)

    op.create_table(
        "task_repos",
        sa.Column("task_id", sa.String(length=64), nullable=False),
        sa.Column("repo", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_task_repos_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("task_id", "repo", name=op.f("pk_task_repos")),
    )
    with op.batch_alter_table("task_repos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_repos_repo"), ["repo"], unique=False)

    op.create_table(
        "drift_detections",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rule_id", sa.String(length=200), nullable=False),
        sa.Column("repo", sa.String(length=200), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("col", sa.Integer(), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=True),
        sa.Column("last_seen", sa.DateTime(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("commit", sa.String(length=64), nullable=True),
        sa.Column("decision", sa.String(length=64), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("issue_id", sa.String(length=64), nullable=True),
        sa.Column("session_id", sa.String(length=64), nullable=True),
        sa.Column("waiver_reason", sa.Text(), nullable=True),
        sa.Column("waiver_owner", sa.String(length=200), nullable=True),
        sa.Column("waiver_expires", sa.Date(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issues.id"],
            name=op.f("fk_drift_detections_issue_id_issues"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["work_sessions.id"],
            name=op.f("fk_drift_detections_session_id_work_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drift_detections")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_drift_detections_fingerprint")),
    )
    with op.batch_alter_table("drift_detections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_drift_detections_issue_id"), ["issue_id"], unique=False
        )
        batch_op.create_index("ix_drift_detections_repo_status", ["repo", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_drift_detections_rule_id"), ["rule_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_drift_detections_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_drift_detections_status"), ["status"], unique=False)

    op.create_table(
        "issue_repos",
        sa.Column("issue_id", sa.String(length=64), nullable=False),
        sa.Column("repo", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issues.id"],
            name=op.f("fk_issue_repos_issue_id_issues"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("issue_id", "repo", name=op.f("pk_issue_repos")),
    )
    with op.batch_alter_table("issue_repos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issue_repos_repo"), ["repo"], unique=False)

    op.create_table(
        "session_issues",
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("issue_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issues.id"],
            name=op.f("fk_session_issues_issue_id_issues"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["work_sessions.id"],
            name=op.f("fk_session_issues_session_id_work_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "issue_id", name=op.f("pk_session_issues")),
    )
    with op.batch_alter_table("session_issues", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_session_issues_issue_id"), ["issue_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("session_issues", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_issues_issue_id"))

    op.drop_table("session_issues")
    with op.batch_alter_table("issue_repos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issue_repos_repo"))

    op.drop_table("issue_repos")
    with op.batch_alter_table("drift_detections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drift_detections_status"))
        batch_op.drop_index(batch_op.f("ix_drift_detections_session_id"))
        batch_op.drop_index(batch_op.f("ix_drift_detections_rule_id"))
        batch_op.drop_index("ix_drift_detections_repo_status")
        batch_op.drop_index(batch_op.f("ix_drift_detections_issue_id"))

    op.drop_table("drift_detections")
    with op.batch_alter_table("task_repos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_repos_repo"))

    op.drop_table("task_repos")
    with op.batch_alter_table("task_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_files_path"))

    op.drop_table("task_files")
    with op.batch_alter_table("task_dependencies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_dependencies_depends_on"))

    op.drop_table("task_dependencies")
    with op.batch_alter_table("session_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_decisions_decision_id"))

    op.drop_table("session_decisions")
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issues_status"))
        batch_op.drop_index(batch_op.f("ix_issues_severity"))
        batch_op.drop_index(batch_op.f("ix_issues_related_task_id"))
        batch_op.drop_index(batch_op.f("ix_issues_issue_type"))
        batch_op.drop_index(batch_op.f("ix_issues_assigned_to"))

    op.drop_table("issues")
    with op.batch_alter_table("decision_tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_tasks_task_id"))

    op.drop_table("decision_tasks")
    with op.batch_alter_table("decision_repos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_repos_repo"))

    op.drop_table("decision_repos")
    with op.batch_alter_table("decision_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_files_path"))

    op.drop_table("decision_files")
    op.drop_table("decision_docs")
    with op.batch_alter_table("activity_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_files_path"))

    op.drop_table("activity_files")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_status_priority")
        batch_op.drop_index(batch_op.f("ix_tasks_status"))
        batch_op.drop_index(batch_op.f("ix_tasks_session_created"))
        batch_op.drop_index(batch_op.f("ix_tasks_priority"))
        batch_op.drop_index(batch_op.f("ix_tasks_assigned_to"))

    op.drop_table("tasks")
    with op.batch_alter_table("session_activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_activities_session_id"))

    op.drop_table("session_activities")
    with op.batch_alter_table("scan_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scan_runs_started_at"))
        batch_op.drop_index(batch_op.f("ix_scan_runs_session_id"))
        batch_op.drop_index(batch_op.f("ix_scan_runs_repo"))

    op.drop_table("scan_runs")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_supersedes"))
        batch_op.drop_index(batch_op.f("ix_decisions_superseded_by"))
        batch_op.drop_index(batch_op.f("ix_decisions_status"))
        batch_op.drop_index(batch_op.f("ix_decisions_session_id"))

    op.drop_table("decisions")
    with op.batch_alter_table("context_switches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_context_switches_to_repo"))
        batch_op.drop_index(batch_op.f("ix_context_switches_switched_at"))
        batch_op.drop_index(batch_op.f("ix_context_switches_session_id"))

    op.drop_table("context_switches")
    with op.batch_alter_table("work_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_sessions_status"))
        batch_op.drop_index(batch_op.f("ix_work_sessions_started_at"))

    op.drop_table("work_sessions")
    op.drop_table("scan_cache")
    with op.batch_alter_table("component_placements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_component_placements_repo"))

    op.drop_table("component_placements")
    with op.batch_alter_table("architecture_states", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_architecture_states_target_repo"))
        batch_op.drop_index(batch_op.f("ix_architecture_states_current_repo"))

    op.drop_table("architecture_states")
