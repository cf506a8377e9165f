"""Work-tracking operations on one session: tasks, issues, work sessions.

Functions take an open ``Session`` (the caller owns the transaction) and return
plain records: the same dicts export writes, never live ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wsguard.errors import ConflictError, NotFoundError, UsageError
from wsguard.store.entities import DECISIONS, ISSUES, SESSIONS, TASKS
from wsguard.store.export import entity_records
from wsguard.store.fields import JSONDict
from wsguard.store.models import (
    Decision,
    DecisionTask,
    Issue,
    IssueRepo,
    Task,
    TaskDependency,
    TaskFile,
    TaskRepo,
)
from wsguard.store.models.sessions import (
    ActivityFile,
    SessionActivity,
    SessionDecision,
    WorkSession,
)
from wsguard.vocabulary import ISSUE_STATUSES, PRIORITIES, TASK_STATUSES

Record = JSONDict


def now() -> datetime:
    """Naive UTC to the second: what the store keeps and export writes."""
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def check_choice(what: str, value: str, valid: Sequence[str]) -> str:
    if value not in valid:
        raise UsageError(f"invalid {what} {value!r}: use one of {', '.join(valid)}")
    return value


def _one(records: list[Record], what: str, key: str) -> Record:
    if not records:
        raise NotFoundError(f"no {what} {key!r}")
    return records[0]


def _require(session: Session, model: Any, key: str, what: str) -> None:
    if session.get(model, key) is None:
        raise NotFoundError(f"no {what} {key!r}")


def add_task(
    session: Session,
    task_id: str,
    title: str,
    *,
    status: str = "pending",
    priority: str = "MEDIUM",
    repos_affected: Iterable[str] = (),
    related_files: Iterable[str] = (),
    dependencies: Iterable[str] = (),
    description: str | None = None,
    session_created: str | None = None,
    assigned_to: str | None = None,
    notes: str | None = None,
) -> Record:
    check_choice("status", status, TASK_STATUSES)
    check_choice("priority", priority, PRIORITIES)
    if session.get(Task, task_id) is not None:
        raise ConflictError(f"task {task_id!r} already exists")
    if session_created is not None:
        _require(session, WorkSession, session_created, "session")
    for dep in set(dependencies):
        _require(session, Task, dep, "task")
    stamp = now()
    session.add(
        Task(
            id=task_id,
            title=title,
            description=description,
            status=status,
            priority=priority,
            created_at=stamp,
            updated_at=stamp,
            session_created=session_created,
            assigned_to=assigned_to,
            notes=notes,
            extra={},
        )
    )
    session.flush()
    session.add_all([TaskRepo(task_id=task_id, repo=r) for r in set(repos_affected)])
    session.add_all([TaskFile(task_id=task_id, path=p) for p in set(related_files)])
    session.add_all([TaskDependency(task_id=task_id, depends_on=d) for d in set(dependencies)])
    session.flush()
    return _one(entity_records(session, TASKS, [task_id]), "task", task_id)


def tasks_of_decision(session: Session, decision_id: str) -> list[Record]:
    ids = session.scalars(
        select(DecisionTask.task_id).where(DecisionTask.decision_id == decision_id)
    )
    return entity_records(session, TASKS, list(ids))


def add_issue(
    session: Session,
    issue_id: str,
    issue_type: str,
    severity: str,
    title: str,
    *,
    description: str | None = None,
    repos_affected: Iterable[str] = (),
    detected_by: str | None = None,
    action_required: str | None = None,
    status: str = "open",
    related_task_id: str | None = None,
    rule_id: str | None = None,
) -> Record:
    check_choice("status", status, ISSUE_STATUSES)
    if session.get(Issue, issue_id) is not None:
        raise ConflictError(f"issue {issue_id!r} already exists")
    if related_task_id is not None:
        _require(session, Task, related_task_id, "task")
    session.add(
        Issue(
            id=issue_id,
            issue_type=issue_type,
            severity=severity,
            title=title,
            description=description,
            status=status,
            detected_at=now(),
            detected_by=detected_by,
            action_required=action_required,
            related_task_id=related_task_id,
            rule_id=rule_id,
            extra={},
        )
    )
    session.flush()
    session.add_all([IssueRepo(issue_id=issue_id, repo=r) for r in set(repos_affected)])
    session.flush()
    return _one(entity_records(session, ISSUES, [issue_id]), "issue", issue_id)


def issues_of_task(session: Session, task_id: str) -> list[Record]:
    ids = session.scalars(select(Issue.id).where(Issue.related_task_id == task_id))
    return entity_records(session, ISSUES, list(ids))


def add_session(
    session: Session,
    session_id: str | None = None,
    *,
    user: str | None = None,
    ai_assistant: str | None = None,
) -> Record:
    started = now()
    key = session_id or f"SESSION-{started:%Y-%m-%d-%H%M%S}"
    if session.get(WorkSession, key) is not None:
        raise ConflictError(f"session {key!r} already exists")
    session.add(
        WorkSession(
            id=key,
            started_at=started,
            status="active",
            user=user,
            ai_assistant=ai_assistant,
            extra={},
        )
    )
    session.flush()
    return get_session(session, key)


def get_session(session: Session, session_id: str) -> Record:
    return _one(entity_records(session, SESSIONS, [session_id]), "session", session_id)


def add_session_activity(
    session: Session,
    session_id: str,
    activity_type: str,
    description: str,
    *,
    files_created: Iterable[str] = (),
    files_modified: Iterable[str] = (),
    outcome: str | None = None,
) -> Record:
    _require(session, WorkSession, session_id, "session")
    activity = SessionActivity(
        session_id=session_id,
        activity_type=activity_type,
        description=description,
        outcome=outcome,
        occurred_at=now(),
        extra={},
    )
    session.add(activity)
    session.flush()
    files = [("created", p) for p in set(files_created)]
    files += [("modified", p) for p in set(files_modified)]
    session.add_all([ActivityFile(activity_id=activity.id, role=r, path=p) for r, p in files])
    session.flush()
    return get_session(session, session_id)


def end_session(session: Session, session_id: str, handoff_notes: str | None = None) -> Record:
    work = session.get(WorkSession, session_id)
    if work is None:
        raise NotFoundError(f"no session {session_id!r}")
    if work.status != "active":
        raise ConflictError(f"session {session_id!r} is already {work.status}")
    work.status, work.ended_at = "completed", now()
    if handoff_notes is not None:
        work.handoff_notes = handoff_notes
    session.flush()
    return get_session(session, session_id)


def decisions_of_session(session: Session, session_id: str) -> list[Record]:
    linked = select(SessionDecision.decision_id).where(SessionDecision.session_id == session_id)
    made = select(Decision.id).where(Decision.session_id == session_id)
    ids = set(session.scalars(linked)) | set(session.scalars(made))
    return entity_records(session, DECISIONS, ids)
