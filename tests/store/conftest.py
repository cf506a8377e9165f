"""Store fixtures: a small workspace history touching every entity, written through the ORM."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from wsguard.store.db import Database
from wsguard.store.models import (
    Decision,
    DecisionDoc,
    DecisionRepo,
    DecisionTask,
    Issue,
    IssueRepo,
    Task,
    TaskDependency,
    TaskFile,
    TaskRepo,
)
from wsguard.store.models.drift import (
    ArchitectureState,
    ComponentPlacement,
    DriftDetection,
    ScanRun,
)
from wsguard.store.models.sessions import (
    ActivityFile,
    ContextSwitch,
    SessionActivity,
    SessionDecision,
    SessionIssue,
    WorkSession,
)

T0 = datetime(2025, 3, 1, 9, 30)


def _populate(database: Database) -> None:
    with database.session_scope() as s:
        s.add(
            WorkSession(
                id="S-001",
                started_at=T0,
                status="completed",
                user="ada",
                ai_assistant="claude",
                handoff_notes="next: T-002",
                ended_at=datetime(2025, 3, 1, 12),
                extra={"mood": "good"},
            )
        )
        s.flush()
        s.add_all(
            [
                Decision(
                    id="ADR-001",
                    date=date(2025, 3, 1),
                    session_id="S-001",
                    title="Core stays pandas-free",
                    status="superseded",
                    impact="HIGH",
                ),
                Decision(
                    id="ADR-002",
                    title="Polars in core",
                    status="accepted",
                    rationale="speed ünïcode",
                ),
                Task(
                    id="T-001",
                    title="Move engine",
                    status="in_progress",
                    priority="HIGH",
                    created_at=T0,
                    session_created="S-001",
                ),
                Task(
                    id="T-002",
                    title="Delete shim",
                    status="pending",
                    priority="LOW",
                    extra={"estimate": {"hours": 3}},
                ),
            ]
        )
        s.flush()
        s.get(Decision, "ADR-001").superseded_by = "ADR-002"  # type: ignore[union-attr]
        s.get(Decision, "ADR-002").supersedes = "ADR-001"  # type: ignore[union-attr]
        s.add_all(
            [
                TaskRepo(task_id="T-001", repo="meridian-core"),
                TaskRepo(task_id="T-001", repo="meridian-trading"),
                TaskRepo(task_id="T-002", repo="meridian-core"),
                TaskFile(task_id="T-001", path="src/core/engine.py"),
                TaskDependency(task_id="T-002", depends_on="T-001"),
                DecisionRepo(decision_id="ADR-001", repo="meridian-core"),
                DecisionDoc(decision_id="ADR-001", link="docs/adr/001.md"),
                DecisionTask(decision_id="ADR-002", task_id="T-001"),
                Issue(
                    id="ISSUE-001",
                    issue_type="code_creep",
                    severity="HIGH",
                    title="pandas",
                    status="open",
                    related_task_id="T-001",
                    rule_id="no-pandas-in-core",
                    detected_at=T0,
                ),
            ]
        )
        s.flush()
        activity = SessionActivity(
            session_id="S-001", activity_type="refactor", description="moved engine", occurred_at=T0
        )
        s.add(activity)
        s.flush()
        s.add_all(
            [
                IssueRepo(issue_id="ISSUE-001", repo="meridian-core"),
                ActivityFile(activity_id=activity.id, role="created", path="src/a.py"),
                ActivityFile(activity_id=activity.id, role="modified", path="src/b.py"),
                SessionDecision(session_id="S-001", decision_id="ADR-001"),
                SessionIssue(session_id="S-001", issue_id="ISSUE-001"),
                SessionActivity(session_id="S-001", activity_type="note", description="second"),
                ContextSwitch(
                    session_id="S-001",
                    from_repo="meridian-core",
                    to_repo="meridian-trading",
                    switched_at=T0,
                    reason="engine",
                ),
                ComponentPlacement(
                    component="TradingEngine",
                    repo="meridian-trading",
                    path_pattern="src/trading/**",
                    decision="ADR-001",
                ),
                ArchitectureState(
                    component="TradingEngine",
                    current_repo="meridian-core",
                    target_repo="meridian-trading",
                    recorded_at=T0,
                ),
                DriftDetection(
                    rule_id="no-pandas-in-core",
                    repo="meridian-core",
                    path="x.py",
                    line=3,
                    col=1,
                    fingerprint="f" * 32,
                    message="pandas",
                    severity="error",
                    status="waived",
                    issue_id="ISSUE-001",
                    waiver_reason="legacy",
                    waiver_owner="ada",
                    waiver_expires=date(2025, 6, 1),
                    first_seen=T0,
                    last_seen=T0,
                ),
                ScanRun(
                    repo="meridian-core",
                    mode="staged",
                    started_at=T0,
                    duration_s=0.25,
                    files_scanned=4,
                    findings=1,
                ),
            ]
        )


@pytest.fixture
def populate() -> Callable[[Database], None]:
    """``populate(database)`` writes the sample history into ``database``."""
    return _populate
