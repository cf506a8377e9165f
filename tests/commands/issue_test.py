from __future__ import annotations

from datetime import datetime

from tests.commands.tracking_helpers import data, run
from wsguard.store.db import Database
from wsguard.store.models import Issue
from wsguard.store.models.drift import DriftDetection


def add_drift(url: str, rule: str = "no-pandas-in-core", session_id: str | None = None) -> None:
    """What the guard writes: a DRIFT-<rule> issue with its detections."""
    with Database(url) as db, db.session_scope() as s:
        s.add(
            Issue(
                id=f"DRIFT-{rule}", issue_type="code_creep", severity="HIGH", title=rule,
                status="open", rule_id=rule, detected_at=datetime(2025, 1, 1), extra={},
            )
        )  # fmt: skip
        s.flush()
        for i, path in enumerate(("src/core/a.py", "src/core/b.py")):
            s.add(
                DriftDetection(
                    rule_id=rule, repo="meridian-core", path=path, line=3 + i, col=1,
                    fingerprint=f"{rule}-{i}", message="pandas in core", severity="error",
                    status="open", issue_id=f"DRIFT-{rule}", session_id=session_id,
                    first_seen=datetime.now(), extra={},
                )
            )  # fmt: skip


def test_issue_lifecycle(db_url: str) -> None:
    out = run(db_url, "issue", "add", "Two exchange configs", "--type", "config_drift",
              "--severity", "medium", "--repo", "meridian-trading")  # fmt: skip
    assert out.output.strip() == "WS-ISSUE-001"
    run(db_url, "issue", "add", "Gov", "--type", "governance", "--severity", "low")
    assert [i["id"] for i in data(db_url, "issue", "list", "--repo", "meridian-trading")] == [
        "WS-ISSUE-001"
    ]
    assert len(data(db_url, "issue", "list", "--type", "governance")) == 1
    assert len(data(db_url, "issue", "list", "--severity", "medium")) == 1
    run(db_url, "task", "add", "fix it")
    run(db_url, "issue", "link", "WS-ISSUE-001", "--task", "WS-TASK-001")
    run(db_url, "issue", "link", "WS-ISSUE-001", "--task", "WS-TASK-404", code=1)
    run(db_url, "issue", "resolve", "WS-ISSUE-001")
    assert data(db_url, "issue", "list", "--status", "resolved")[0]["related_task_id"] == (
        "WS-TASK-001"
    )
    run(db_url, "issue", "close", "WS-ISSUE-001")
    run(db_url, "issue", "resolve", "WS-ISSUE-001", code=1)
    assert "WS-ISSUE-404" in run(db_url, "issue", "show", "WS-ISSUE-404", code=1).output
    assert "open" in run(db_url, "issue", "list", "--status", "bogus", code=2).output
    assert "Gov" in run(db_url, "issue", "list").output


def test_show_lists_detections(db_url: str) -> None:
    add_drift(db_url)
    shown = data(db_url, "issue", "show", "DRIFT-no-pandas-in-core")
    assert [(d["path"], d["line"]) for d in shown["detections"]] == [
        ("src/core/a.py", 3),
        ("src/core/b.py", 4),
    ]
    assert "src/core/b.py:4" in run(db_url, "issue", "show", "DRIFT-no-pandas-in-core").output


def test_one_severity_scale_whatever_the_case(db_url: str) -> None:
    run(db_url, "issue", "add", "T", "--type", "code_creep", "--severity", "HIGH")
    run(db_url, "issue", "add", "U", "--type", "code_creep", "--severity", "high")
    run(db_url, "issue", "add", "V", "--type", "governance", "--severity", "low")
    upper = data(db_url, "issue", "list", "--severity", "HIGH")
    lower = data(db_url, "issue", "list", "--severity", "high")
    assert [i["title"] for i in upper] == [i["title"] for i in lower] == ["T", "U"]
    assert {i["severity"] for i in upper} == {"HIGH"}
