"""The seeds' SQL: their table and column names answer, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from wsguard import WorkspaceDB


@pytest.fixture
def db(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    with WorkspaceDB(workspace_root=tmp_path, url=db_url) as database:
        database.add_task(
            task_id="WS-TASK-001",
            title="Implement TradingLearningEngine",
            priority="high",
            repos_affected=["meridian-trading", "meridian-core"],
            related_files=["src/learning.py"],
            session_created="2025-11-20-session-001",
        )
        database.add_task(task_id="WS-TASK-002", title="Shim", dependencies=["WS-TASK-001"])
        database.add_issue(
            issue_id="ISSUE-001",
            issue_type="code_creep",
            severity="HIGH",
            description="File X imports pandas, violates ADR-001",
            repos_affected=["meridian-core"],
            detected_by="automated",
            related_task_id="WS-TASK-001",
        )
        session = database.add_session(
            session_id="2025-11-20-session-001", user="simonerses", ai_assistant="claude-code"
        )
        database.add_decision(
            decision_id="ADR-001",
            decision="meridian-core stays domain-free",
            rationale="Shared by trading and research.",
            status="implemented",
            impact="HIGH",
            repos_affected=["meridian-core"],
            documentation=["ARCH.md"],
            session=session.id,
        )
        database.add_session_activity(
            session_id=session.id,
            activity_type="documentation",
            description="Created architecture documents",
            files_created=["ARCH.md"],
        )
        yield database


def rows(db: WorkspaceDB, sql: str) -> list[dict[str, object]]:
    with db.database.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.text(sql))]


def test_the_seeds_tables_answer(db: WorkspaceDB) -> None:
    (task,) = rows(
        db,
        "SELECT id, title, status, priority, repos_affected, dependencies, created, "
        "session_created, assigned_to, notes, related_files FROM workspace_tasks "
        "WHERE priority = 'HIGH' AND status = 'pending'",
    )
    assert task["id"] == "WS-TASK-001" and task["created"] is not None
    assert json.loads(str(task["repos_affected"])) == ["meridian-core", "meridian-trading"]
    assert json.loads(str(task["related_files"])) == ["src/learning.py"]
    assert json.loads(str(task["dependencies"])) == []
    (dependent,) = rows(db, "SELECT dependencies FROM workspace_tasks WHERE id = 'WS-TASK-002'")
    assert json.loads(str(dependent["dependencies"])) == ["WS-TASK-001"]

    (issue,) = rows(
        db,
        "SELECT id, type, severity, title, description, repos_affected, detected, detected_by, "
        "status, action_required, assigned_to, related_task_id FROM cross_repo_issues "
        "WHERE type = 'code_creep'",
    )
    assert (issue["severity"], issue["status"], issue["related_task_id"]) == (
        "HIGH",
        "open",
        "WS-TASK-001",
    )
    assert issue["title"] == "File X imports pandas, violates ADR-001"

    (decision,) = rows(
        db,
        "SELECT id, date, session, decision, repos_affected, rationale, status, impact, "
        "related_files, documentation FROM architecture_decisions WHERE status = 'implemented'",
    )
    assert decision["session"] == "2025-11-20-session-001"
    assert json.loads(str(decision["documentation"])) == ["ARCH.md"]

    for view in ("session_logs", "workspace_sessions"):
        (logged,) = rows(
            db,
            'SELECT id, session_id, start_time, end_time, status, "user", ai_assistant, '
            f"handoff_notes FROM {view} WHERE status = 'in_progress'",
        )
        assert (logged["session_id"], logged["user"]) == ("2025-11-20-session-001", "simonerses")

    (activity,) = rows(
        db,
        "SELECT a.id, a.session_id, a.type, a.description, a.files_created, a.outcome, a.time "
        "FROM session_activities a JOIN session_logs s ON s.session_id = a.session_id",
    )
    assert activity["type"] == "documentation" and activity["time"] is not None
    assert json.loads(str(activity["files_created"])) == ["ARCH.md"]

    # The seed's relationships: the task's session (named before it existed) joins now.
    joined = rows(
        db,
        "SELECT t.id FROM workspace_tasks t "
        "JOIN workspace_sessions s ON s.session_id = t.session_created",
    )
    assert [r["id"] for r in joined] == ["WS-TASK-001"]
    linked = rows(db, "SELECT session_id, decision_id FROM session_decisions")
    assert linked == [{"session_id": "2025-11-20-session-001", "decision_id": "ADR-001"}]


def test_the_views_are_read_only(db: WorkspaceDB) -> None:
    with pytest.raises(sa.exc.DBAPIError), db.database.engine.begin() as conn:
        conn.execute(sa.text("UPDATE workspace_tasks SET title = 'x'"))
    assert db.get_task("WS-TASK-001").title == "Implement TradingLearningEngine"
