"""Gather a ``ReportData`` from the database with aggregate queries only.

Every query groups, counts or limits in SQL and returns plain tuples (Core selects,
no ORM objects), so Python sees a few hundred rows whatever the size of the table.
The detections are read through covering indexes only, each open one once for the
counts by repo, rule and decision, and the time-based counts are index range counts
(see ``ranges``): one million detections are a fraction of a second of index steps.
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
from wsguard.report.ranges import T, count_where, repo_names
from wsguard.report.trend import weekly_trend
from wsguard.store.models import (
    Decision,
    DecisionRepo,
    Issue,
    IssueRepo,
    Task,
    TaskRepo,
)
from wsguard.store.models_session import SessionActivity, WorkSession

DEFAULT_PERIOD = timedelta(days=7)
OLDEST_LIMIT = 10
SESSION_LIMIT = 5
ACTIVITY_LIMIT = 3
READY_LIMIT = 20


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
    drift, by_decision = drift_counts(session, now=now, since=since, repo=repo)
    return ReportData(
        generated_at=now,
        since=since,
        repo=repo,
        drift=drift,
        decisions=decisions(session, rule_decisions, repo, dict(drift.open_by_rule()), by_decision),
        issues=issue_counts(session, repo),
        tasks=task_counts(session, repo),
        ready=ready_tasks(session, repo),
        sessions=recent_sessions(session),
    )


def _in_repo(repo: str | None) -> list[ColumnElement[bool]]:
    return [T.c.repo == repo] if repo is not None else []


def drift_summary(
    session: Session, *, now: datetime, since: datetime, repo: str | None
) -> DriftSummary:
    return drift_counts(session, now=now, since=since, repo=repo)[0]


def drift_counts(
    session: Session, *, now: datetime, since: datetime, repo: str | None
) -> tuple[DriftSummary, dict[str, int]]:
    """The drift summary, and the open detections per recorded decision."""
    open_by, by_decision = open_counts(session, repo)
    period = period_counts(session, since=since, repo=repo)
    oldest = tuple(
        OldDetection(*row)
        for row in session.execute(
            select(T.c.id, T.c.repo, T.c.rule_id, T.c.severity, T.c.path, T.c.line)
            .add_columns(T.c.first_seen, T.c.message)
            .where(T.c.status == "open", *_in_repo(repo))
            .order_by(T.c.first_seen, T.c.id)
            .limit(OLDEST_LIMIT)
        )
    )
    summary = DriftSummary(
        open_total=sum(r.total for r in open_by),
        open_by=open_by,
        new=sum(p.new for p in period),
        fixed=sum(p.fixed for p in period),
        period_by_repo=period,
        oldest=oldest,
        trend=weekly_trend(session, now=now, since=since, repo=repo),
    )
    return summary, by_decision


def open_counts(session: Session, repo: str | None) -> tuple[tuple[OpenCount, ...], dict[str, int]]:
    """Open detections per (repo, rule, severity), and per recorded decision.

    One pass in the order of the index on (status, repo, rule_id, severity, decision),
    so SQLite groups without sorting; the order of ``open_by`` is the database's.
    """
    rows = session.execute(
        select(T.c.repo, T.c.rule_id, T.c.severity, T.c.decision, func.count())
        .where(T.c.status == "open", *_in_repo(repo))
        .group_by(T.c.repo, T.c.rule_id, T.c.severity, T.c.decision)
        .order_by(T.c.repo, T.c.rule_id, T.c.severity, T.c.decision)
    )
    open_by: list[OpenCount] = []
    by_decision: dict[str, int] = {}
    for r, rule, severity, decision, n in rows:
        if open_by and open_by[-1][:3] == (r, rule, severity):
            open_by[-1] = open_by[-1]._replace(total=open_by[-1].total + n)
        else:
            open_by.append(OpenCount(r, rule, severity, n))
        if decision is not None:
            by_decision[decision] = by_decision.get(decision, 0) + n
    return tuple(open_by), by_decision


def period_counts(
    session: Session, *, since: datetime, repo: str | None
) -> tuple[PeriodCount, ...]:
    """Per repo, detections first seen (new) and resolved (fixed) since ``since``.

    Waived and baselined detections were accepted: they are neither.
    """
    repos = repo_names(repo)
    of = T.c.repo == repos.c.name
    new = count_where(T.c.status == "open", of, T.c.first_seen >= since) + count_where(
        T.c.status == "resolved", of, T.c.first_seen >= since
    )
    fixed = count_where(T.c.status == "resolved", of, T.c.resolved_at >= since)
    rows = session.execute(select(repos.c.name, new, fixed).where(repos.c.name.is_not(None)))
    return tuple(PeriodCount(*row) for row in sorted(rows) if row[1] or row[2])


def _pairs(rows: Sequence[Any]) -> list[tuple[str, int]]:
    return [(str(a), int(b)) for a, b in rows]


def decisions(
    session: Session,
    rule_decisions: Iterable[tuple[str, str | None]],
    repo: str | None,
    by_rule: Mapping[str, int],
    by_decision: Mapping[str, int],
) -> tuple[DecisionRow, ...]:
    """Each decision, its rules, and the open detections of those rules (or citing it).

    ``by_rule`` and ``by_decision`` are the open detections per rule and per recorded
    decision, as the drift summary counted them.
    """
    rules_of: dict[str, list[str]] = {}
    for rule_id, decision in rule_decisions:
        if decision:
            rules_of.setdefault(decision, []).append(rule_id)
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
