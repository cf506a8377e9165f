"""Cross-repo issues: entered by hand or opened by the guard (``DRIFT-<rule>``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wsguard.clock import now
from wsguard.errors import ConflictError, NotFoundError, UsageError
from wsguard.store.entities import ISSUES
from wsguard.store.export import entity_records
from wsguard.store.models import Issue, IssueRepo
from wsguard.store.models.drift import DriftDetection
from wsguard.store.models.sessions import SessionIssue
from wsguard.tracker.ids import insert_given, insert_new
from wsguard.tracker.tasks import require_task
from wsguard.values import Record
from wsguard.vocabulary import ISSUE_SEVERITIES, ISSUE_STATUSES, choice

PREFIX = "WS-ISSUE-"


def require_issue(session: Session, issue_id: str) -> Issue:
    issue = session.get(Issue, issue_id)
    if issue is None:
        raise NotFoundError(f"no issue {issue_id!r} (see: wsguard issue list --all)")
    return issue


def get_issue(session: Session, issue_id: str) -> Record:
    require_issue(session, issue_id)
    return entity_records(session, ISSUES, [issue_id])[0]


def add_issue(
    session: Session,
    title: str,
    issue_type: str,
    severity: str,
    *,
    repos: Iterable[str] = (),
    description: str | None = None,
    detected_by: str | None = None,
    issue_id: str | None = None,
    session_id: str | None = None,
    status: str = "open",
    action_required: str | None = None,
    related_task_id: str | None = None,
) -> Record:
    """Open an issue (``WS-ISSUE-NNN`` unless given), linked to the open session if any."""
    severity = choice("severity", severity, ISSUE_SEVERITIES)
    status = choice("status", status, ISSUE_STATUSES)
    if related_task_id is not None:
        require_task(session, related_task_id)
    if not issue_type.strip() or not title.strip():
        raise UsageError("an issue needs a title and a --type (e.g. code_creep, config_drift)")

    def build(key: str) -> Issue:
        return Issue(
            id=key,
            issue_type=issue_type,
            severity=severity,
            title=title,
            description=description,
            status=status,
            detected_at=now(),
            detected_by=detected_by,
            action_required=action_required,
            related_task_id=related_task_id,
            extra={},
        )

    if issue_id is not None:
        key = insert_given(session, Issue, issue_id, build)
    else:
        key = insert_new(session, Issue.id, PREFIX, 3, build)
    session.add_all(IssueRepo(issue_id=key, repo=r) for r in sorted(set(repos)))
    if session_id is not None:
        session.add(SessionIssue(session_id=session_id, issue_id=key))
    session.flush()
    return get_issue(session, key)


def list_issues(
    session: Session,
    *,
    status: str | None = None,
    issue_type: str | None = None,
    severity: str | None = None,
    repo: str | None = None,
) -> list[Record]:
    """Issues matching every filter given, oldest first."""
    query = select(Issue.id).order_by(Issue.detected_at, Issue.id)
    if status is not None:
        query = query.where(Issue.status == choice("status", status, ISSUE_STATUSES))
    if issue_type is not None:
        query = query.where(Issue.issue_type == issue_type)
    if severity is not None:
        query = query.where(Issue.severity == choice("severity", severity, ISSUE_SEVERITIES))
    if repo is not None:
        query = query.join(IssueRepo, IssueRepo.issue_id == Issue.id).where(IssueRepo.repo == repo)
    ids = list(session.scalars(query))
    by_id = {r["id"]: r for r in entity_records(session, ISSUES, ids)}
    return [by_id[i] for i in ids]


def detections_of(session: Session, issue_id: str) -> list[dict[str, Any]]:
    """The detections behind an issue the guard opened: where, and whether still open."""
    rows = session.scalars(
        select(DriftDetection)
        .where(DriftDetection.issue_id == issue_id)
        .order_by(DriftDetection.repo, DriftDetection.path, DriftDetection.line, DriftDetection.id)
    )
    return [
        {
            "id": d.id,
            "rule_id": d.rule_id,
            "repo": d.repo,
            "path": d.path,
            "line": d.line,
            "severity": d.severity,
            "status": d.status,
            "message": d.message,
            "commit": d.commit,
            "session_id": d.session_id,
        }
        for d in rows
    ]


def show_issue(session: Session, issue_id: str) -> Record:
    record = get_issue(session, issue_id)
    record["detections"] = detections_of(session, issue_id)
    return record


def set_status(session: Session, issue_id: str, status: str) -> Record:
    """``resolved`` or ``closed`` (a closed issue stays closed)."""
    issue = require_issue(session, issue_id)
    status = choice("status", status, ISSUE_STATUSES)
    if issue.status == "closed":
        raise ConflictError(f"{issue_id} is closed already")
    issue.status = status
    issue.resolved_at = issue.resolved_at or now()
    session.flush()
    return get_issue(session, issue_id)


def link_task(session: Session, issue_id: str, task_id: str) -> Record:
    issue = require_issue(session, issue_id)
    require_task(session, task_id)
    issue.related_task_id = task_id
    session.flush()
    return get_issue(session, issue_id)


def issues_of_task(session: Session, task_id: str) -> list[Record]:
    """The issues whose fix is ``task_id``."""
    ids = session.scalars(
        select(Issue.id).where(Issue.related_task_id == task_id).order_by(Issue.id)
    )
    return entity_records(session, ISSUES, list(ids))
