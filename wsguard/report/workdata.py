"""The tracker's side of a report: decisions, issues, tasks, what is ready, sessions.

Small tables, read with the same plain SQL as the drift (see ``read``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from wsguard.report.values import (
    ActivityRow,
    DecisionRow,
    IssueCount,
    ReadyTask,
    SessionRow,
    StatusCount,
)
from wsguard.store import queries
from wsguard.store.sql import Executor, Params, as_datetime

SESSION_LIMIT = 5
ACTIVITY_LIMIT = 3
READY_LIMIT = 20

# With a repo: the decisions that name it, and those that name no repo at all.
_DECISIONS = """
SELECT id, title, status FROM decisions{where}
ORDER BY id"""
_DECISIONS_IN_REPO = """
WHERE NOT EXISTS (SELECT 1 FROM decision_repos r WHERE r.decision_id = decisions.id)
   OR EXISTS (SELECT 1 FROM decision_repos r
              WHERE r.decision_id = decisions.id AND r.repo = :repo)"""
_ISSUES = """
SELECT status, issue_type, count(*) FROM issues{where}
GROUP BY status, issue_type
ORDER BY status, issue_type"""
_ISSUES_IN_REPO = """
WHERE EXISTS (SELECT 1 FROM issue_repos r WHERE r.issue_id = issues.id AND r.repo = :repo)"""
_TASKS = """
SELECT status, count(*) FROM tasks{where}
GROUP BY status"""
_TASKS_IN_REPO = """
WHERE EXISTS (SELECT 1 FROM task_repos r WHERE r.task_id = tasks.id AND r.repo = :repo)"""
_RECENT = """
SELECT id FROM work_sessions
ORDER BY started_at DESC NULLS LAST, id DESC LIMIT :limit"""
_SESSIONS = """
SELECT id, status, started_at, ended_at, "user", ai_assistant FROM work_sessions
ORDER BY started_at DESC NULLS LAST, id DESC LIMIT :limit"""
_ACTIVITY_COUNTS = f"""
SELECT session_id, count(*) FROM work_activities
WHERE session_id IN ({_RECENT})
GROUP BY session_id"""
_ACTIVITIES = f"""
SELECT session_id, activity_type, description, occurred_at FROM (
    SELECT session_id, activity_type, description, occurred_at,
        row_number() OVER (PARTITION BY session_id ORDER BY occurred_at DESC, id DESC) AS place
    FROM work_activities
    WHERE session_id IN ({_RECENT})
) ranked
WHERE place <= :activities
ORDER BY place"""


def _in_repo(sql: str, condition: str, repo: str | None) -> tuple[str, Params]:
    """``sql`` with its ``{where}`` slot filled: ``condition`` for a repo, or nothing."""
    if repo is None:
        return sql.format(where=""), {}
    return sql.format(where=condition), {"repo": repo}


def decisions(
    read: Executor,
    rule_decisions: Iterable[tuple[str, str | None]],
    repo: str | None,
    by_rule: Mapping[str, int],
    by_decision: Mapping[str, int],
    accepted: Mapping[tuple[str, str | None], int] | None = None,
) -> tuple[DecisionRow, ...]:
    """Each decision, its rules, and the open detections of those rules (or citing it).

    ``by_rule`` and ``by_decision`` are the open detections per rule and per recorded
    decision, as the drift summary counted them; ``accepted`` the baselined and waived
    ones per (rule, recorded decision).
    """
    rules_of: dict[str, list[str]] = {}
    for rule_id, decision in rule_decisions:
        if decision:
            rules_of.setdefault(decision, []).append(rule_id)
    rows = []
    for did, title, status in read.execute(*_in_repo(_DECISIONS, _DECISIONS_IN_REPO, repo)):
        rules = tuple(sorted(rules_of.get(did, ())))
        # A detection records its rule's decision; rules.yaml may have moved on since.
        count = max(sum(by_rule.get(r, 0) for r in rules), by_decision.get(did, 0))
        taken = sum(
            n for (rule, cited), n in (accepted or {}).items() if rule in rules or cited == did
        )
        rows.append(DecisionRow(did, title, status, rules, count, taken))
    return tuple(rows)


def issue_counts(read: Executor, repo: str | None) -> tuple[IssueCount, ...]:
    return tuple(
        IssueCount(*row) for row in read.execute(*_in_repo(_ISSUES, _ISSUES_IN_REPO, repo))
    )


def task_counts(read: Executor, repo: str | None) -> tuple[StatusCount, ...]:
    rows = read.execute(*_in_repo(_TASKS, _TASKS_IN_REPO, repo))
    return tuple(StatusCount(str(s), int(n)) for s, n in sorted(rows))


def ready_tasks(read: Executor, repo: str | None) -> tuple[ReadyTask, ...]:
    """Pending tasks none of whose dependencies is unfinished, by priority then age."""
    return tuple(ReadyTask(*row) for row in queries.ready(read, repo, READY_LIMIT))


def recent_sessions(read: Executor) -> tuple[SessionRow, ...]:
    limit = {"limit": SESSION_LIMIT}
    sessions = read.execute(_SESSIONS, limit)
    if not sessions:
        return ()
    counts = {sid: n for sid, n in read.execute(_ACTIVITY_COUNTS, limit)}
    recent: dict[str, list[ActivityRow]] = {}
    for sid, kind, text, at in read.execute(_ACTIVITIES, {**limit, "activities": ACTIVITY_LIMIT}):
        recent.setdefault(sid, []).append(ActivityRow(kind, text, as_datetime(at)))
    return tuple(
        SessionRow(
            sid,
            status,
            as_datetime(started),
            as_datetime(ended),
            user,
            assistant,
            counts.get(sid, 0),
            tuple(recent.get(sid, ())),
        )
        for sid, status, started, ended, user, assistant in sessions
    )
