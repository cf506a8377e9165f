"""Gather a ``ReportData`` from the database with aggregate queries only.

Every query groups or limits in SQL, so the cost of a report does not grow with
the rows Python sees: one million detections are a handful of index scans.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session

from wsguard.report.model import (
    ActivityRow,
    DecisionRow,
    DriftSummary,
    IssueCount,
    OldDetection,
    OpenCount,
    PeriodCount,
    ReadyTask,
    ReportData,
    SessionRow,
    StatusCount,
)
from wsguard.report.trend import weekly_trend
from wsguard.store.models import (
    Decision,
    DecisionRepo,
    Issue,
    IssueRepo,
    Task,
    TaskRepo,
)
from wsguard.store.models_guard import DriftDetection
from wsguard.store.models_session import SessionActivity, WorkSession

DEFAULT_PERIOD = timedelta(days=7)
OLDEST_LIMIT = 10
SESSION_LIMIT = 5
ACTIVITY_LIMIT = 3
READY_LIMIT = 20
# Detections that count as drift over time; waived and baselined ones were accepted.
TRACKED = ("open", "resolved")
_PRIORITY_ORDER = {"HIGH": 0, "MEDIUM": 1, "LOW": 2}

D = DriftDetection


def gather(
    session: Session,
    *,
    now: datetime,
    since: datetime | None = None,
    repo: str | None = None,
    rule_decisions: Iterable[tuple[str, str | None]] = (),
) -> ReportData:
    """The report as of ``now`` (naive UTC); ``rule_decisions`` are (rule id, decision) pairs."""
    since = since if since is not None else now - DEFAULT_PERIOD
    drift = drift_summary(session, now=now, since=since, repo=repo)
    return ReportData(
        generated_at=now,
        since=since,
        repo=repo,
        drift=drift,
        decisions=decisions(session, rule_decisions, repo, dict(drift.open_by_rule())),
        issues=issue_counts(session, repo),
        tasks=task_counts(session, repo),
        ready=ready_tasks(session, repo),
        sessions=recent_sessions(session),
    )


def _in_repo(repo: str | None) -> list[ColumnElement[bool]]:
    return [D.repo == repo] if repo is not None else []


def drift_summary(
    session: Session, *, now: datetime, since: datetime, repo: str | None
) -> DriftSummary:
    where = _in_repo(repo)
    open_by = tuple(
        OpenCount(r, rule, sev, n)
        for r, rule, sev, n in session.execute(
            select(D.repo, D.rule_id, D.severity, func.count())
            .where(D.status == "open", *where)
            .group_by(D.repo, D.rule_id, D.severity)
            .order_by(D.repo, D.rule_id, D.severity)
        )
    )
    # One query per status: a single ``status IN (…)`` makes SQLite walk the wrong index.
    new_rows = [
        row
        for status in TRACKED
        for row in session.execute(
            select(D.repo, func.count())
            .where(D.status == status, D.first_seen >= since, *where)
            .group_by(D.repo)
        ).all()
    ]
    fixed_rows = session.execute(
        select(D.repo, func.count())
        .where(D.status == "resolved", D.resolved_at >= since, *where)
        .group_by(D.repo)
    ).all()
    new: dict[str, int] = {}
    for r, n in _pairs(new_rows):
        new[r] = new.get(r, 0) + n
    fixed = dict(_pairs(fixed_rows))
    period = tuple(PeriodCount(r, new.get(r, 0), fixed.get(r, 0)) for r in sorted({*new, *fixed}))
    oldest = tuple(
        OldDetection(*row)
        for row in session.execute(
            select(D.id, D.repo, D.rule_id, D.severity, D.path, D.line, D.first_seen, D.message)
            .where(D.status == "open", *where)
            .order_by(D.first_seen, D.id)
            .limit(OLDEST_LIMIT)
        )
    )
    return DriftSummary(
        open_total=sum(r.total for r in open_by),
        open_by=open_by,
        new=sum(new.values()),
        fixed=sum(fixed.values()),
        period_by_repo=period,
        oldest=oldest,
        trend=weekly_trend(session, now=now, since=since, repo=repo),
    )


def _pairs(rows: Sequence[Any]) -> list[tuple[str, int]]:
    return [(str(a), int(b)) for a, b in rows]


def decisions(
    session: Session,
    rule_decisions: Iterable[tuple[str, str | None]],
    repo: str | None,
    by_rule: Mapping[str, int],
) -> tuple[DecisionRow, ...]:
    """Each decision, its rules, and the open detections of those rules (or citing it).

    ``by_rule`` is the open detections per rule, as the drift summary counted them.
    """
    rules_of: dict[str, list[str]] = {}
    for rule_id, decision in rule_decisions:
        if decision:
            rules_of.setdefault(decision, []).append(rule_id)
    by_decision = dict(
        _pairs(
            session.execute(
                select(D.decision, func.count())
                .where(D.status == "open", D.decision.is_not(None), *_in_repo(repo))
                .group_by(D.decision)
            ).all()
        )
    )
    query = select(Decision.id, Decision.title, Decision.status).order_by(Decision.id)
    if repo is not None:
        has_repos = exists().where(DecisionRepo.decision_id == Decision.id)
        in_repo = exists().where(DecisionRepo.decision_id == Decision.id, DecisionRepo.repo == repo)
        query = query.where(or_(~has_repos, in_repo))
    rows = []
    for did, title, status in session.execute(query):
        rules = tuple(sorted(rules_of.get(did, ())))
        # A detection records its rule's decision; rules.yaml may have moved on since.
        count = max(sum(by_rule.get(r, 0) for r in rules), by_decision.get(did, 0))
        rows.append(DecisionRow(did, title, status, rules, count))
    return tuple(rows)


def issue_counts(session: Session, repo: str | None) -> tuple[IssueCount, ...]:
    query = select(Issue.status, Issue.issue_type, func.count()).group_by(
        Issue.status, Issue.issue_type
    )
    if repo is not None:
        query = query.where(exists().where(IssueRepo.issue_id == Issue.id, IssueRepo.repo == repo))
    return tuple(
        IssueCount(s, t, n)
        for s, t, n in session.execute(query.order_by(Issue.status, Issue.issue_type))
    )


def _task_filter(repo: str | None) -> list[ColumnElement[bool]]:
    if repo is None:
        return []
    return [exists().where(TaskRepo.task_id == Task.id, TaskRepo.repo == repo)]


def task_counts(session: Session, repo: str | None) -> tuple[StatusCount, ...]:
    rows = session.execute(
        select(Task.status, func.count()).where(*_task_filter(repo)).group_by(Task.status)
    ).all()
    return tuple(StatusCount(s, n) for s, n in sorted(_pairs(rows)))


def ready_tasks(session: Session, repo: str | None) -> tuple[ReadyTask, ...]:
    """Pending tasks none of whose dependencies is unfinished (the tracker's query)."""
    from wsguard.tracker.graph import ready_tasks as tracker_ready

    return tuple(
        ReadyTask(t["id"], t["title"], t["priority"], t.get("assigned_to"))
        for t in tracker_ready(session, repo, READY_LIMIT)
    )


def recent_sessions(session: Session) -> tuple[SessionRow, ...]:
    sessions = session.execute(
        select(
            WorkSession.id,
            WorkSession.status,
            WorkSession.started_at,
            WorkSession.ended_at,
            WorkSession.user,
            WorkSession.ai_assistant,
        )
        .order_by(WorkSession.started_at.desc().nulls_last(), WorkSession.id.desc())
        .limit(SESSION_LIMIT)
    ).all()
    if not sessions:
        return ()
    ids = [s.id for s in sessions]
    counts = dict(
        _pairs(
            session.execute(
                select(SessionActivity.session_id, func.count())
                .where(SessionActivity.session_id.in_(ids))
                .group_by(SessionActivity.session_id)
            ).all()
        )
    )
    rank = (
        func.row_number()
        .over(
            partition_by=SessionActivity.session_id,
            order_by=(SessionActivity.occurred_at.desc(), SessionActivity.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(
            SessionActivity.session_id,
            SessionActivity.activity_type,
            SessionActivity.description,
            SessionActivity.occurred_at,
            rank,
        )
        .where(SessionActivity.session_id.in_(ids))
        .subquery()
    )
    recent: dict[str, list[ActivityRow]] = {}
    for sid, kind, text, at, _ in session.execute(
        select(ranked).where(ranked.c.rank <= ACTIVITY_LIMIT).order_by(ranked.c.rank)
    ):
        recent.setdefault(sid, []).append(ActivityRow(kind, text, at))
    return tuple(
        SessionRow(
            s.id,
            s.status,
            s.started_at,
            s.ended_at,
            s.user,
            s.ai_assistant,
            counts.get(s.id, 0),
            tuple(recent.get(s.id, ())),
        )
        for s in sessions
    )
