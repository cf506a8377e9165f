"""wsguard.tracker.issues: opening, listing, resolving and linking cross-repo issues."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from tests.tracker.helpers import add_detection
from wsguard.errors import ConflictError, NotFoundError, UsageError
from wsguard.store.models import Issue
from wsguard.tracker import issues, sessions, tasks


def test_add_allocates_ids_and_stores_the_level_in_one_form(session: Session) -> None:
    first = issues.add_issue(
        session, "pandas in core", "code_creep", "high", repos=["trading", "core", "core"]
    )
    assert first["id"] == "WS-ISSUE-001"
    assert (first["severity"], first["status"], first["type"]) == ("HIGH", "open", "code_creep")
    assert first["repos_affected"] == ["core", "trading"]
    assert first["detected"] is not None and first["resolved"] is None
    given = issues.add_issue(session, "drift", "config_drift", "Low", issue_id="ISSUE-042")
    assert (given["id"], given["severity"]) == ("ISSUE-042", "LOW")
    assert issues.add_issue(session, "next", "code_creep", "LOW")["id"] == "WS-ISSUE-002"
    with pytest.raises(ConflictError, match="ISSUE-042 already exists"):
        issues.add_issue(session, "again", "code_creep", "LOW", issue_id="ISSUE-042")


def test_add_refuses_bad_input(session: Session) -> None:
    with pytest.raises(UsageError, match="invalid severity 'bogus': use one of CRITICAL"):
        issues.add_issue(session, "x", "code_creep", "bogus")
    with pytest.raises(UsageError, match="invalid status 'fixed'"):
        issues.add_issue(session, "x", "code_creep", "LOW", status="fixed")
    with pytest.raises(UsageError, match="needs a title and a --type"):
        issues.add_issue(session, " ", "code_creep", "LOW")
    with pytest.raises(UsageError, match="needs a title and a --type"):
        issues.add_issue(session, "x", "", "LOW")
    with pytest.raises(NotFoundError, match="no task 'T-404'"):
        issues.add_issue(session, "x", "code_creep", "LOW", related_task_id="T-404")
    assert issues.list_issues(session) == []
    with pytest.raises(NotFoundError, match="no issue 'I-404'"):
        issues.get_issue(session, "I-404")


def test_add_in_a_session_links_it(session: Session) -> None:
    sid = sessions.start_session(session, "ada")["session_id"]
    issue = issues.add_issue(session, "x", "code_creep", "LOW", session_id=sid)
    assert sessions.get_session(session, sid)["issues_found"] == [issue["id"]]


def _detected(session: Session, issue_id: str, when: datetime) -> None:
    row = session.get(Issue, issue_id)
    assert row is not None
    row.detected_at = when
    session.flush()


def test_list_filters_oldest_first(session: Session) -> None:
    issues.add_issue(session, "a", "code_creep", "HIGH", issue_id="A", repos=["core"])
    issues.add_issue(session, "b", "config_drift", "LOW", issue_id="B", repos=["trading"])
    issues.add_issue(
        session, "c", "code_creep", "CRITICAL", issue_id="C", repos=["core"], status="resolved"
    )
    _detected(session, "A", datetime(2025, 3, 3))
    _detected(session, "B", datetime(2025, 3, 1))
    _detected(session, "C", datetime(2025, 3, 2))

    def ids(**filters: str) -> list[str]:
        return [i["id"] for i in issues.list_issues(session, **filters)]

    assert ids() == ["B", "C", "A"]
    assert ids(status="open") == ["B", "A"]
    assert ids(status="RESOLVED") == ["C"]
    assert ids(issue_type="code_creep") == ["C", "A"]
    assert ids(severity="high") == ["A"]
    assert ids(severity="Critical") == ["C"]
    assert ids(repo="core", status="open") == ["A"]
    assert ids(repo="nowhere") == []
    with pytest.raises(UsageError, match="invalid severity"):
        issues.list_issues(session, severity="urgent")
    with pytest.raises(UsageError, match="invalid status"):
        issues.list_issues(session, status="done")


def test_resolve_then_close_and_closed_stays_closed(session: Session) -> None:
    issues.add_issue(session, "x", "code_creep", "LOW", issue_id="A")
    resolved = issues.set_status(session, "A", "resolved")
    assert resolved["status"] == "resolved" and resolved["resolved"] is not None
    closed = issues.set_status(session, "A", "CLOSED")
    assert closed["status"] == "closed"
    assert closed["resolved"] == resolved["resolved"]  # the first resolution is kept
    for status in ("open", "resolved", "closed"):
        with pytest.raises(ConflictError, match="A is closed already"):
            issues.set_status(session, "A", status)
    assert issues.get_issue(session, "A")["status"] == "closed"
    with pytest.raises(UsageError, match="invalid status"):
        issues.set_status(session, "A", "fixed")
    with pytest.raises(NotFoundError, match="no issue 'I-404'"):
        issues.set_status(session, "I-404", "closed")


def test_link_task_and_issues_of_task(session: Session) -> None:
    tasks.add_task(session, "fix it", task_id="T")
    tasks.add_task(session, "other", task_id="U")
    issues.add_issue(session, "b", "code_creep", "LOW", issue_id="B")
    issues.add_issue(session, "a", "code_creep", "LOW", issue_id="A", related_task_id="T")
    assert issues.link_task(session, "B", "T")["related_task_id"] == "T"
    assert [i["id"] for i in issues.issues_of_task(session, "T")] == ["A", "B"]
    assert issues.issues_of_task(session, "U") == []
    with pytest.raises(NotFoundError, match="no task 'T-404'"):
        issues.link_task(session, "A", "T-404")
    with pytest.raises(NotFoundError, match="no issue 'I-404'"):
        issues.link_task(session, "I-404", "T")


def test_show_lists_the_detections_behind_an_issue(session: Session) -> None:
    issues.add_issue(session, "pandas", "code_creep", "HIGH", issue_id="DRIFT-x")
    issues.add_issue(session, "other", "code_creep", "HIGH", issue_id="Y")
    second = add_detection(session, path="src/b.py", line=2, issue_id="DRIFT-x")
    first = add_detection(session, path="src/a.py", line=9, issue_id="DRIFT-x", status="resolved")
    add_detection(session, path="src/c.py", issue_id="Y")
    shown = issues.show_issue(session, "DRIFT-x")
    assert [(d["id"], d["path"], d["status"]) for d in shown["detections"]] == [
        (first, "src/a.py", "resolved"),
        (second, "src/b.py", "open"),
    ]
    assert shown["title"] == "pandas"
    assert issues.detections_of(session, "nothing") == []
