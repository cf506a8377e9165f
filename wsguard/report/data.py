"""Gather a ``ReportData`` from the database with aggregate queries only.

Every query groups, counts or limits in SQL and returns plain tuples, so Python
sees a few hundred rows whatever the size of the table. The detections are read
through covering indexes only: each open one once, for the counts by repo, rule and
decision, and the time-based counts are index range counts (see ``ranges``). The
queries are plain SQL run by a ``Executor`` (see ``read``): ``sqlite3`` on the default
SQLite file, a SQLAlchemy session otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from wsguard.report.ranges import with_repos
from wsguard.report.trend import weekly_trend
from wsguard.report.values import DriftSummary, OldDetection, OpenCount, PeriodCount, ReportData
from wsguard.report.workdata import (
    decisions,
    issue_counts,
    ready_tasks,
    recent_sessions,
    task_counts,
)
from wsguard.store.sql import Executor, Params, as_datetime

__all__ = [
    "decisions",
    "drift_counts",
    "drift_summary",
    "gather",
    "issue_counts",
    "open_counts",
    "period_counts",
    "ready_tasks",
    "recent_sessions",
    "task_counts",
]

DEFAULT_PERIOD = timedelta(days=7)
OLDEST_LIMIT = 10

# Grouped in the order of the index on (status, repo, rule_id, severity, decision):
# SQLite counts without sorting, and the order of the rows is the database's.
_OPEN = """
SELECT repo, rule_id, severity, decision, count(*) FROM drift_detections
WHERE status = 'open'{repo}
GROUP BY repo, rule_id, severity, decision
ORDER BY repo, rule_id, severity, decision"""
_OLDEST = """
SELECT id, repo, rule_id, severity, path, line, first_seen, message FROM drift_detections
WHERE status = 'open'{repo}
ORDER BY first_seen, id LIMIT :limit"""
# Drift the team accepted (baselined, waived): not open, but still in the repositories.
_ACCEPTED = """
SELECT rule_id, decision, count(*) FROM drift_detections
WHERE status IN ('waived', 'baselined'){repo}
GROUP BY rule_id, decision"""
# Commits the guard stopped: recorded as blocked scan runs, not as drift.
_BLOCKED = """
SELECT count(*) FROM scan_runs
WHERE blocked AND started_at >= :since{repo}"""
# Waived and baselined detections were accepted: they are neither new nor fixed.
_PERIOD = """
SELECT repos.name,
    (SELECT count(*) FROM drift_detections d
     WHERE d.status = 'open' AND d.repo = repos.name AND d.first_seen >= :since)
    + (SELECT count(*) FROM drift_detections d
       WHERE d.status = 'resolved' AND d.repo = repos.name AND d.first_seen >= :since),
    (SELECT count(*) FROM drift_detections d
     WHERE d.status = 'resolved' AND d.repo = repos.name AND d.resolved_at >= :since)
FROM repos
WHERE repos.name IS NOT NULL"""


def gather(
    source: Executor,
    *,
    now: datetime,
    since: datetime | None = None,
    repo: str | None = None,
    rule_decisions: Iterable[tuple[str, str | None]] = (),
) -> ReportData:
    """The report as of ``now`` (naive UTC); ``rule_decisions`` are (rule id, decision) pairs."""
    read = source
    since = since if since is not None else now - DEFAULT_PERIOD
    drift, by_decision = drift_counts(read, now=now, since=since, repo=repo)
    return ReportData(
        generated_at=now,
        since=since,
        repo=repo,
        drift=drift,
        decisions=decisions(
            read,
            rule_decisions,
            repo,
            dict(drift.open_by_rule()),
            by_decision,
            accepted_counts(read, repo),
        ),
        issues=issue_counts(read, repo),
        tasks=task_counts(read, repo),
        ready=ready_tasks(read, repo),
        sessions=recent_sessions(read),
    )


def _in_repo(sql: str, repo: str | None) -> tuple[str, Params]:
    """``sql`` with its ``{repo}`` slot filled: a placeholder, or nothing."""
    if repo is None:
        return sql.format(repo=""), {}
    return sql.format(repo=" AND repo = :repo"), {"repo": repo}


def drift_summary(
    read: Executor, *, now: datetime, since: datetime, repo: str | None
) -> DriftSummary:
    return drift_counts(read, now=now, since=since, repo=repo)[0]


def drift_counts(
    read: Executor, *, now: datetime, since: datetime, repo: str | None
) -> tuple[DriftSummary, dict[str, int]]:
    """The drift summary, and the open detections per recorded decision."""
    open_by, by_decision = open_counts(read, repo)
    period = period_counts(read, since=since, repo=repo)
    sql, params = _in_repo(_OLDEST, repo)
    oldest = tuple(
        OldDetection(i, r, rule, sev, path, line, as_datetime(first), message)
        for i, r, rule, sev, path, line, first, message in read.execute(
            sql, {**params, "limit": OLDEST_LIMIT}
        )
    )
    summary = DriftSummary(
        open_total=sum(r.total for r in open_by),
        open_by=open_by,
        new=sum(p.new for p in period),
        fixed=sum(p.fixed for p in period),
        period_by_repo=period,
        oldest=oldest,
        trend=weekly_trend(read, now=now, since=since, repo=repo),
        blocked=blocked_attempts(read, since=since, repo=repo),
    )
    return summary, by_decision


def accepted_counts(read: Executor, repo: str | None) -> dict[tuple[str, str | None], int]:
    """Baselined and waived detections per (rule, recorded decision)."""
    return {(str(r), d): int(n) for r, d, n in read.execute(*_in_repo(_ACCEPTED, repo))}


def blocked_attempts(read: Executor, *, since: datetime, repo: str | None) -> int:
    """How many commit attempts the guard stopped since ``since``."""
    sql, params = _in_repo(_BLOCKED, repo)
    return int(read.execute(sql, {**params, "since": since})[0][0])


def open_counts(read: Executor, repo: str | None) -> tuple[tuple[OpenCount, ...], dict[str, int]]:
    """Open detections per (repo, rule, severity), and per recorded decision, in one pass."""
    open_by: list[OpenCount] = []
    by_decision: dict[str, int] = {}
    for r, rule, severity, decision, n in read.execute(*_in_repo(_OPEN, repo)):
        if open_by and open_by[-1][:3] == (r, rule, severity):
            open_by[-1] = open_by[-1]._replace(total=open_by[-1].total + n)
        else:
            open_by.append(OpenCount(r, rule, severity, n))
        if decision is not None:
            by_decision[decision] = by_decision.get(decision, 0) + n
    return tuple(open_by), by_decision


def period_counts(read: Executor, *, since: datetime, repo: str | None) -> tuple[PeriodCount, ...]:
    """Per repo with any, detections first seen (new) and resolved (fixed) since ``since``."""
    repos, params = with_repos(repo)
    rows = read.execute(repos + _PERIOD, {**params, "since": since})
    return tuple(PeriodCount(*row) for row in sorted(rows) if row[1] or row[2])
