"""A workspace database with four weeks of history, built directly through the models."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest

from wsguard.store.db import Database
from wsguard.store.models import Decision, Issue, IssueRepo, Task, TaskDependency, TaskRepo
from wsguard.store.models.drift import DriftDetection
from wsguard.store.models.sessions import SessionActivity, WorkSession

NOW = datetime(2025, 3, 14, 12, 0)  # a Friday; the week started on Monday 2025-03-10
SINCE = NOW - timedelta(days=7)
XSS = "<script>alert(1)</script>"
CORE, TRADING, RESEARCH = "meridian-core", "meridian-trading", "meridian-research"

RULES_YAML = """\
version: 1
rules:
  - id: no-pandas
    kind: forbidden-import
    message: no pandas in core
    modules: [pandas]
    decision: ADR-001
  - id: layers
    kind: forbidden-import
    message: layers
    severity: warning
    modules: [requests]
  - id: config-drift
    kind: forbidden-import
    message: config
    severity: warning
    modules: [yaml]
  - id: placement
    kind: forbidden-import
    message: placement
    modules: [flask]
  - id: no-requests
    kind: forbidden-import
    message: kept by everyone
    modules: [urllib3]
    decision: ADR-003
"""
RULE_DECISIONS = (
    ("no-pandas", "ADR-001"),
    ("layers", None),
    ("config-drift", None),
    ("placement", None),
    ("no-requests", "ADR-003"),
)


class Det(NamedTuple):
    repo: str
    rule: str
    severity: str
    status: str
    opened_days_ago: float
    resolved_days_ago: float | None = None
    decision: str | None = None


DETECTIONS = (
    Det(CORE, "no-pandas", "error", "open", 25, decision="ADR-001"),
    Det(CORE, "no-pandas", "error", "open", 20, decision="ADR-001"),
    Det(CORE, "no-pandas", "error", "resolved", 24, 3, decision="ADR-001"),
    Det(CORE, "layers", "warning", "open", 2),
    Det(TRADING, "no-pandas", "error", "open", 10, decision="ADR-001"),
    Det(TRADING, "config-drift", "warning", "resolved", 15, 9),
    Det(TRADING, "config-drift", "warning", "open", 1),
    Det(RESEARCH, "placement", "error", "open", 27),
    Det(RESEARCH, "placement", "error", "waived", 26),
    Det(RESEARCH, "layers", "warning", "resolved", 5, 1),
)
# Open at the end of each week, Monday 2025-01-20 … 2025-03-10 (the last one: at NOW).
TREND = {
    CORE: (0, 0, 0, 0, 3, 3, 3, 3),
    TRADING: (0, 0, 0, 0, 0, 1, 1, 2),
    RESEARCH: (0, 0, 0, 1, 1, 1, 2, 1),
}


def populate(url: str) -> None:
    with Database(url) as database, database.session_scope() as s:
        s.add_all(
            [
                WorkSession(
                    id="S-1",
                    status="completed",
                    started_at=NOW - timedelta(days=6),
                    ended_at=NOW - timedelta(days=6, hours=-3),
                    user="ada",
                ),
                WorkSession(
                    id="S-2",
                    status="active",
                    started_at=NOW - timedelta(days=1),
                    user="bob",
                    ai_assistant="claude",
                ),
            ]
        )
        s.flush()
        s.add_all(
            [
                SessionActivity(
                    session_id="S-1",
                    activity_type="edit",
                    description="first",
                    occurred_at=NOW - timedelta(days=6),
                ),
                SessionActivity(
                    session_id="S-2",
                    activity_type="commit",
                    description=f"commit: fix {XSS}",
                    occurred_at=NOW - timedelta(hours=20),
                ),
                SessionActivity(
                    session_id="S-2",
                    activity_type="edit",
                    description="tidy",
                    occurred_at=NOW - timedelta(hours=22),
                ),
            ]
        )
        s.add_all(
            [
                Task(id="T-1", title="done already", status="completed", priority="LOW"),
                Task(id="T-2", title="next after T-1", status="pending", priority="MEDIUM"),
                Task(id="T-3", title="waits for T-2", status="pending", priority="HIGH"),
                Task(
                    id="T-4",
                    title=f"urgent {XSS}",
                    status="pending",
                    priority="HIGH",
                    assigned_to="ada",
                ),
                Task(id="T-5", title="doing", status="in_progress", priority="LOW"),
                Task(id="T-6", title="stuck", status="blocked", priority="LOW"),
            ]
        )
        s.flush()
        s.add_all(
            [
                TaskDependency(task_id="T-2", depends_on="T-1"),
                TaskDependency(task_id="T-3", depends_on="T-2"),
                TaskRepo(task_id="T-4", repo=CORE),
                TaskRepo(task_id="T-2", repo=TRADING),
            ]
        )
        s.add_all(
            [
                Issue(
                    id="I-1",
                    issue_type="code_creep",
                    severity="high",
                    title="pandas",
                    status="open",
                ),
                Issue(
                    id="I-2", issue_type="code_creep", severity="low", title="numpy", status="open"
                ),
                Issue(
                    id="I-3",
                    issue_type="governance",
                    severity="low",
                    title="adr",
                    status="resolved",
                ),
                Issue(
                    id="I-4",
                    issue_type="config_drift",
                    severity="low",
                    title="cfg",
                    status="closed",
                ),
            ]
        )
        s.flush()
        s.add_all([IssueRepo(issue_id="I-1", repo=CORE), IssueRepo(issue_id="I-2", repo=TRADING)])
        s.add_all(
            [
                Decision(id="ADR-001", title="Core stays domain-agnostic", status="accepted"),
                Decision(id="ADR-002", title="No rules for this one", status="proposed"),
                Decision(id="ADR-003", title=f"HTTP via urllib3 {XSS}", status="accepted"),
            ]
        )
        for i, d in enumerate(DETECTIONS):
            s.add(
                DriftDetection(
                    rule_id=d.rule,
                    repo=d.repo,
                    path=f"src/m{i}.py",
                    line=i + 1,
                    fingerprint=f"fp{i}",
                    message=f"message {i}",
                    severity=d.severity,
                    status=d.status,
                    first_seen=NOW - timedelta(days=d.opened_days_ago),
                    last_seen=NOW,
                    resolved_at=None
                    if d.resolved_days_ago is None
                    else NOW - timedelta(days=d.resolved_days_ago),
                    commit=f"c{i}",
                    decision=d.decision,
                )
            )


@pytest.fixture
def report_db(db_url: str) -> str:
    populate(db_url)
    return db_url


@pytest.fixture
def report_sqlite(sqlite_url: str) -> str:
    populate(sqlite_url)
    return sqlite_url


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(RULES_YAML, encoding="utf-8")
    return path
