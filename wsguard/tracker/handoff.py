"""The hand-off at the end of a work session: what happened, and what is ready next."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from wsguard.clock import now
from wsguard.store.models import Issue, Task
from wsguard.store.models.drift import DriftDetection
from wsguard.store.models.sessions import SessionIssue, WorkSession
from wsguard.tracker.context import context_history
from wsguard.tracker.decisions import decisions_of_session
from wsguard.tracker.graph import ready_tasks
from wsguard.tracker.sessions import activity_files, get_session


def _detection(d: DriftDetection) -> dict[str, Any]:
    return {"id": d.id, "rule_id": d.rule_id, "repo": d.repo, "path": d.path, "line": d.line,
            "status": d.status, "message": d.message}  # fmt: skip


def handoff_data(session: Session, session_id: str) -> dict[str, Any]:
    """Everything the hand-off names, as plain values."""
    record = get_session(session, session_id)
    work = session.get(WorkSession, session_id)
    assert work is not None
    start, end = work.started_at or now(), work.ended_at or now()
    activities = record["activities"]
    commits: dict[str, list[dict[str, Any]]] = {}
    for act in activities:
        if act.get("type") == "commit":
            commits.setdefault(str(act.get("repo") or "?"), []).append(act)
    introduced = session.scalars(
        select(DriftDetection).where(DriftDetection.session_id == session_id)
        .order_by(DriftDetection.id)
    )  # fmt: skip
    resolved = session.scalars(
        select(DriftDetection)
        .where(DriftDetection.resolved_at >= start, DriftDetection.resolved_at <= end)
        .order_by(DriftDetection.id)
    )
    issue_ids = set(
        session.scalars(select(SessionIssue.issue_id).where(SessionIssue.session_id == session_id))
    )
    issue_ids |= {
        i for i in session.scalars(
            select(DriftDetection.issue_id).where(DriftDetection.session_id == session_id)
        ) if i
    }  # fmt: skip
    issues = session.scalars(select(Issue).where(Issue.id.in_(issue_ids)).order_by(Issue.id))
    touched = session.scalars(
        select(Task)
        .where(
            or_(
                Task.session_created == session_id,
                and_(Task.updated_at >= start, Task.updated_at <= end),
            )
        )
        .order_by(Task.id)
    )
    return {
        "session": {k: v for k, v in record.items() if k != "activities"},
        "activities": activities,
        "commits": commits,
        "context_switches": context_history(session, session_id),
        "drift_introduced": [_detection(d) for d in introduced],
        "drift_resolved": [_detection(d) for d in resolved],
        "decisions": [
            {"id": d["id"], "title": d["title"], "status": d["status"]}
            for d in decisions_of_session(session, session_id)
        ],
        "issues": [{"id": i.id, "title": i.title, "status": i.status} for i in issues],
        "tasks_touched": [{"id": t.id, "title": t.title, "status": t.status} for t in touched],
        "ready_next": [
            {"id": t["id"], "title": t["title"], "priority": t["priority"]}
            for t in ready_tasks(session, limit=10)
        ],
    }


def _section(title: str, lines: list[str]) -> list[str]:
    return ["", f"## {title}", "", *(lines or ["- none"])]


def render_handoff(data: dict[str, Any]) -> str:
    """The hand-off as Markdown."""
    s = data["session"]
    head = [f"# Hand-off: {s['session_id']}", ""]
    head.append(f"- User: {s.get('user') or '?'}; assistant: {s.get('ai_assistant') or '-'}")
    head.append(f"- Started: {s.get('start_time')}; ended: {s.get('end_time') or '(still open)'}")
    if s.get("handoff_notes"):
        head += ["", str(s["handoff_notes"])]
    done = [
        f"- [{a.get('type')}] {a['description']}"
        + (f" ({', '.join(activity_files(a))})" if activity_files(a) else "")
        for a in data["activities"]
        if a.get("type") != "commit"
    ]
    done += [
        f"- context: {c['from_repo'] or '-'} → {c['to_repo']}"
        + (f" ({c['reason']})" if c["reason"] else "")
        for c in data["context_switches"]
    ]
    commits = []
    for repo in sorted(data["commits"]):
        commits.append(f"- **{repo}**")
        commits += [f"  - {str(c.get('commit', ''))[:10]} {c['description'].split(': ', 1)[-1]}"
                    for c in data["commits"][repo]]  # fmt: skip

    def drift(items: list[dict[str, Any]]) -> list[str]:
        return [f"- {d['rule_id']}: {d['repo']}/{d['path']}:{d['line'] or ''} ({d['status']})"
                for d in items]  # fmt: skip

    out = head
    out += _section("What was done", done)
    out += _section("Commits", commits)
    out += _section("Drift introduced", drift(data["drift_introduced"]))
    out += _section("Drift resolved", drift(data["drift_resolved"]))
    out += _section(
        "Decisions", [f"- {d['id']}: {d['title']} ({d['status']})" for d in data["decisions"]]
    )
    out += _section(
        "Issues found", [f"- {i['id']}: {i['title']} ({i['status']})" for i in data["issues"]]
    )
    out += _section(
        "Tasks touched",
        [f"- {t['id']}: {t['title']} ({t['status']})" for t in data["tasks_touched"]],
    )
    out += _section(
        "Ready next", [f"- {t['id']}: {t['title']} ({t['priority']})" for t in data["ready_next"]]
    )
    return "\n".join(out) + "\n"
