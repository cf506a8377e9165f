"""wsguard.tracker.handoff: what a session's hand-off names, and its Markdown."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from tests.tracker.helpers import add_detection
from wsguard.clock import now
from wsguard.errors import NotFoundError
from wsguard.git import Commit
from wsguard.store.models import Task
from wsguard.store.models.sessions import WorkSession
from wsguard.tracker import context, decisions, handoff, issues, sessions, tasks

LONG_AGO = datetime(2025, 1, 1)


def _old_task(session: Session, task_id: str, **kw: object) -> None:
    tasks.add_task(session, task_id, task_id=task_id, **kw)  # type: ignore[arg-type]
    row = session.get(Task, task_id)
    assert row is not None
    row.created_at = row.updated_at = LONG_AGO
    session.flush()


def _session_with_work(session: Session) -> str:
    _old_task(session, "OLD-untouched", priority="LOW")
    _old_task(session, "OLD-started")
    sid = "S-1"
    sessions.start_session(session, "ada", "claude", session_id=sid)
    row = session.get(WorkSession, sid)
    assert row is not None
    row.started_at = now() - timedelta(hours=1)
    tasks.add_task(session, "new work", task_id="NEW", priority="HIGH", session_id=sid)
    tasks.transition(session, "OLD-started", "start")
    sessions.log_activity(session, sid, "moved the engine", files=["src/engine.py"])
    for repo, sha, subject in [
        ("meridian-core", "a" * 40, "Move engine"),
        ("meridian-trading", "b" * 40, "Use engine"),
        ("meridian-core", "c" * 40, "Delete shim"),
    ]:
        sessions.log_commit(session, Commit(sha, subject, "Ada", ("x.py",)), repo, "ada")
    context.switch_context(session, "meridian-core", session_id=sid)
    context.switch_context(session, "meridian-trading", "engine", session_id=sid)
    decisions.add_decision(session, "Polars in core", "speed", decision_id="ADR-1", session_id=sid)
    decisions.add_decision(session, "elsewhere", "r", decision_id="ADR-2")
    issues.add_issue(session, "found by hand", "code_creep", "LOW", issue_id="I-1", session_id=sid)
    issues.add_issue(session, "drift", "code_creep", "HIGH", issue_id="DRIFT-x")
    issues.add_issue(session, "unrelated", "code_creep", "HIGH", issue_id="I-9")
    add_detection(
        session, "no-pandas", path="src/new.py", line=4, session_id=sid, issue_id="DRIFT-x"
    )
    add_detection(session, "no-shim", path="src/old.py", line=7, status="resolved",
                  resolved_at=now())  # fmt: skip
    add_detection(session, "before", status="resolved", resolved_at=LONG_AGO)
    sessions.end_session(session, sid, "next: the ready list")
    return sid


def test_handoff_names_what_the_session_did(session: Session) -> None:
    sid = _session_with_work(session)
    data = handoff.handoff_data(session, sid)
    assert data["session"]["session_id"] == sid and "activities" not in data["session"]
    assert data["session"]["handoff_notes"] == "next: the ready list"
    assert [a["type"] for a in data["activities"]] == ["note", "commit", "commit", "commit"]
    assert {repo: [c["commit"][0] for c in cs] for repo, cs in data["commits"].items()} == {
        "meridian-core": ["a", "c"],
        "meridian-trading": ["b"],
    }
    assert [(c["from_repo"], c["to_repo"]) for c in data["context_switches"]] == [
        (None, "meridian-core"),
        ("meridian-core", "meridian-trading"),
    ]
    assert [d["rule_id"] for d in data["drift_introduced"]] == ["no-pandas"]
    assert [d["rule_id"] for d in data["drift_resolved"]] == ["no-shim"]
    assert data["decisions"] == [{"id": "ADR-1", "title": "Polars in core", "status": "proposed"}]
    assert [i["id"] for i in data["issues"]] == ["DRIFT-x", "I-1"]
    assert [t["id"] for t in data["tasks_touched"]] == ["NEW", "OLD-started"]
    assert [t["id"] for t in data["ready_next"]] == ["NEW", "OLD-untouched"]


def test_handoff_markdown(session: Session) -> None:
    sid = _session_with_work(session)
    text = handoff.render_handoff(handoff.handoff_data(session, sid))
    assert text.startswith(f"# Hand-off: {sid}\n\n- User: ada; assistant: claude\n")
    assert "\nnext: the ready list\n" in text
    assert "- [note] moved the engine (src/engine.py)" in text
    assert "- context: - → meridian-core\n" in text
    assert "- context: meridian-core → meridian-trading (engine)" in text
    assert "- **meridian-core**\n  - aaaaaaaaaa Move engine\n  - cccccccccc Delete shim\n" in text
    assert "## Drift introduced\n\n- no-pandas: meridian-core/src/new.py:4 (open)\n" in text
    assert "## Drift resolved\n\n- no-shim: meridian-core/src/old.py:7 (resolved)\n" in text
    assert "- ADR-1: Polars in core (proposed)" in text and "ADR-2" not in text
    assert "## Issues found\n\n- DRIFT-x: drift (open)\n- I-1: found by hand (open)\n" in text
    assert "- OLD-started: OLD-started (in_progress)" in text
    assert "## Ready next\n\n- NEW: new work (HIGH)\n- OLD-untouched: OLD-untouched (LOW)\n" in text
    # Commits are listed once, under their repo, not again as activities.
    assert "[commit]" not in text


def test_an_empty_open_session_says_none(session: Session) -> None:
    sid = sessions.start_session(session, "ada")["session_id"]
    data = handoff.handoff_data(session, sid)
    assert data["commits"] == {} and data["tasks_touched"] == [] and data["ready_next"] == []
    text = handoff.render_handoff(data)
    assert "ended: (still open)" in text and "assistant: -" in text
    assert text.count("- none") == 8
    with pytest.raises(NotFoundError, match="no session 'S-404'"):
        handoff.handoff_data(session, "S-404")
