"""The statements of a recorded scan, as plain SQL on an ``Executor``.

Each writes the columns of the ORM model it names, with that model's defaults
(``extra`` is ``{}``, the rest NULL), so the ORM readers (reports, export, the
tracker) see these rows exactly as rows they wrote themselves. Bulk work is
one ``executemany`` or a few ``IN (…)`` chunks, never a statement per finding
and round trip: ten thousand detections record well under a second on SQLite.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from wsguard.identity import pick_session
from wsguard.store.lite import (
    GROUP_DETECTIONS,
    INSERT_SCAN_RUN,
    RULE_ISSUE,
    RULE_REPOS,
    scan_run_row,
)
from wsguard.store.sql import Executor, chunks, in_list
from wsguard.values import Finding, RuleInfo, Scan
from wsguard.vocabulary import NOT_IN_HISTORY, RULE_SEVERITY_LEVEL

ISSUE_PREFIX = "DRIFT-"

# models.drift.DriftDetection: a first detection.
INSERT_DETECTION = """
INSERT INTO drift_detections (rule_id, repo, path, line, col, fingerprint, message,
    severity, status, first_seen, last_seen, "commit", decision, author, session_id, extra)
VALUES (:rule_id, :repo, :path, :line, :col, :fingerprint, :message,
    :severity, :status, :stamp, :stamp, :commit, :decision, :author, :session_id, '{}')
"""

# A fingerprint seen again keeps its first_seen, waiver and issue, and takes the
# finding's place and text; a resolved one, or one only a blocked commit attempt
# had, becomes :status ('open', or 'blocked' again for another blocked attempt).
# Every SET expression reads the row as it was before the statement.
UPDATE_DETECTION = """
UPDATE drift_detections SET
    rule_id = :rule_id, repo = :repo, path = :path, line = :line, col = :col,
    message = :message, severity = :severity, decision = :decision, last_seen = :stamp,
    "commit" = COALESCE(:commit, "commit"), author = COALESCE(:author, author),
    session_id = COALESCE(:session_id, session_id),
    status = CASE WHEN status IN ('resolved', 'blocked') THEN :status ELSE status END,
    resolved_at = CASE WHEN status = 'resolved' THEN NULL ELSE resolved_at END
WHERE fingerprint = :fingerprint
"""

# The same for the usual case, a detection found again with none of its indexed
# columns changed: SQLite then rewrites no index entry (three times faster).
TOUCH_DETECTION = """
UPDATE drift_detections SET
    path = :path, line = :line, col = :col, message = :message, last_seen = :stamp,
    "commit" = COALESCE(:commit, "commit"), author = COALESCE(:author, author)
WHERE fingerprint = :fingerprint
"""

RESOLVE_DETECTION = """
UPDATE drift_detections SET status = 'resolved', resolved_at = :stamp
WHERE fingerprint = :fingerprint
"""

# models.Issue: the one issue grouping a rule's detections.
INSERT_ISSUE = """
INSERT INTO issues (id, issue_type, severity, title, description, status, detected_at,
    detected_by, action_required, rule_id, extra)
VALUES (:id, :issue_type, :severity, :title, :description, 'open', :stamp,
    'wsguard', :action_required, :rule_id, '{}')
"""


def issue_id_for(rule_id: str) -> str:
    return (ISSUE_PREFIX + rule_id)[:64]


def _as_date(value: Any) -> date | None:
    """A Date column's value: ISO text on SQLite, a date on PostgreSQL."""
    return date.fromisoformat(value) if isinstance(value, str) else value


class Stored(NamedTuple):
    """A recorded detection, as far as recording it again needs to know."""

    status: str
    waiver_expires: date | None
    # The indexed columns UPDATE_DETECTION may change.
    rule_id: str
    repo: str
    severity: str
    decision: str | None
    session_id: str | None

    def unchanged_by(self, f: Finding, session_id: str | None) -> bool:
        """Would recording ``f`` again leave every indexed column as it is?"""
        return (
            self.status not in NOT_IN_HISTORY
            and (self.rule_id, self.repo, self.severity, self.decision)
            == (f.rule, f.repo, f.severity, f.decision)
            and session_id in (None, self.session_id)
        )


def stored(ex: Executor, fingerprints: Sequence[str]) -> dict[str, Stored]:
    """The recorded detections among ``fingerprints``."""
    found = {}
    query = (
        "SELECT fingerprint, status, waiver_expires, rule_id, repo, severity, decision,"
        " session_id FROM drift_detections"
    )
    for chunk in chunks(fingerprints):
        marks, params = in_list("fp", chunk)
        for fp, status, expires, *rest in ex.execute(
            f"{query} WHERE fingerprint IN {marks}", params
        ):
            found[fp] = Stored(status, _as_date(expires), *rest)
    return found


def detection_ids(ex: Executor, fingerprints: Sequence[str]) -> dict[str, int]:
    """The id of each recorded detection among ``fingerprints``."""
    found: dict[str, int] = {}
    for chunk in chunks(fingerprints):
        marks, params = in_list("fp", chunk)
        sql = f"SELECT fingerprint, id FROM drift_detections WHERE fingerprint IN {marks}"
        found.update((str(fp), int(i)) for fp, i in ex.execute(sql, params))
    return found


def active_session(ex: Executor, who: Callable[[], str | None]) -> str | None:
    """The open work session of the user ``who()`` names (asked only while a session is
    open), else the only open one: ``tracker.sessions.active_session_id``'s rule."""
    rows = ex.execute(
        "SELECT id, \"user\" FROM work_sessions WHERE status = 'active' ORDER BY started_at, id"
    )
    return pick_session([(str(sid), user) for sid, user in rows], who()) if rows else None


def write_detections(
    ex: Executor,
    findings: Sequence[Finding],
    before: Mapping[str, Stored],
    stamp: datetime,
    meta: Mapping[str, Any],
    session_id: str | None,
    status: str = "open",
) -> None:
    """Insert the first detections, update those recorded ``before``.

    ``status`` is what a first (or resolved) detection becomes: ``open`` for what
    the repository now contains, ``blocked`` for what only a blocked commit attempt
    had (never counted as open drift).
    """
    common = {
        "status": status,
        "stamp": stamp,
        "commit": meta.get("commit") or None,
        "author": meta.get("author") or None,
        "session_id": session_id,
    }
    new, touched, changed = [], [], []
    for f in findings:
        row = {
            "rule_id": f.rule,
            "repo": f.repo,
            "path": f.path,
            "line": f.line,
            "col": f.col,
            "fingerprint": f.fingerprint,
            "message": f.message,
            "severity": f.severity,
            "decision": f.decision,
            **common,
        }
        seen = before.get(f.fingerprint)
        if seen is None:
            new.append(row)
        elif seen.unchanged_by(f, session_id):
            touched.append(row)
        else:
            changed.append(row)
    ex.executemany(INSERT_DETECTION, new)
    ex.executemany(TOUCH_DETECTION, touched)
    ex.executemany(UPDATE_DETECTION, changed)


def _superseded(ex: Executor, scan: Scan, rules: Mapping[str, RuleInfo]) -> dict[str, str]:
    """The repo's unresolved detections this scan re-examined: fingerprint → rule."""
    query = "SELECT fingerprint, rule_id FROM drift_detections WHERE repo = :repo"
    query += " AND status NOT IN ('resolved', 'blocked')"
    base = {"repo": scan.repo}
    if scan.scope is None:
        return {fp: rule for fp, rule in ex.execute(query, base)}
    found: dict[str, str] = {}
    for chunk in chunks(sorted(scan.scope)):
        marks, params = in_list("path", chunk)
        found.update(ex.execute(f"{query} AND path IN {marks}", {**base, **params}))
    # Workspace-level rules are judged on every run, whatever files changed.
    workspace_rules = sorted(rid for rid, r in rules.items() if r.workspace)
    for chunk in chunks(workspace_rules):
        marks, params = in_list("rule", chunk)
        found.update(ex.execute(f"{query} AND rule_id IN {marks}", {**base, **params}))
    return found


def resolve_gone(
    ex: Executor,
    scan: Scan,
    rules: Mapping[str, RuleInfo],
    found: Collection[str],
    stamp: datetime,
) -> Counter[str]:
    """Resolve what this scan re-examined and no longer found; count them by rule."""
    gone = {fp: rule for fp, rule in _superseded(ex, scan, rules).items() if fp not in found}
    ex.executemany(RESOLVE_DETECTION, [{"fingerprint": fp, "stamp": stamp} for fp in gone])
    return Counter(gone.values())


def sync_issue(ex: Executor, rule_id: str, rule: RuleInfo | None, stamp: datetime) -> None:
    """One cross-repo issue per rule: open while any detection is in history (open,
    waived or baselined; not a blocked attempt), listing every repo."""
    if ex.dialect == "postgresql":
        # Concurrent scans of one rule rewrite the same issue: take turns (SQLite's
        # BEGIN IMMEDIATE already serialises all writers).
        ex.execute("SELECT pg_advisory_xact_lock(hashtext(:k))", {"k": rule_id})
    key = {"rule_id": rule_id}
    repos = sorted(repo for (repo,) in ex.execute(RULE_REPOS, key))
    found = ex.execute(RULE_ISSUE, key)
    if found:
        issue_id, status = found[0]
        if repos and status != "open":
            ex.execute(
                "UPDATE issues SET status = 'open', resolved_at = NULL WHERE id = :id",
                {"id": issue_id},
            )
        elif not repos and status == "open":
            ex.execute(
                "UPDATE issues SET status = 'resolved', resolved_at = :stamp WHERE id = :id",
                {"id": issue_id, "stamp": stamp},
            )
    elif repos:
        issue_id = issue_id_for(rule_id)
        ex.execute(INSERT_ISSUE, _issue_values(issue_id, rule_id, rule, stamp))
    else:
        return
    ex.execute("DELETE FROM issue_repos WHERE issue_id = :id", {"id": issue_id})
    ex.executemany(
        "INSERT INTO issue_repos (issue_id, repo) VALUES (:id, :repo)",
        [{"id": issue_id, "repo": repo} for repo in repos],
    )
    ex.execute(GROUP_DETECTIONS, {"id": issue_id, **key})


def _issue_values(
    issue_id: str, rule_id: str, rule: RuleInfo | None, stamp: datetime
) -> dict[str, Any]:
    return {
        "id": issue_id,
        "rule_id": rule_id,
        "issue_type": (rule.issue_type if rule and rule.issue_type else "code_creep"),
        "severity": RULE_SEVERITY_LEVEL.get(rule.severity, "HIGH") if rule else "HIGH",
        "title": f"{rule_id}: {rule.message}" if rule else rule_id,
        "description": rule.remediation if rule else None,
        "stamp": stamp,
        "action_required": rule.remediation if rule else None,
    }


def write_scan_run(
    ex: Executor,
    scan: Scan,
    meta: Mapping[str, Any],
    stamp: datetime,
    findings: int,
    session_id: str | None,
) -> None:
    """The scan's row in ``scan_runs`` (the hook's fast path writes its clean runs too)."""
    row = scan_run_row(scan.repo, meta, stamp, scan.files_scanned, findings, session_id)
    ex.execute(INSERT_SCAN_RUN, row)


def spooled_already(ex: Executor, spool_key: str) -> bool:
    """Has the spooled scan ``spool_key`` been recorded (by this run or a concurrent one)?"""
    return bool(ex.execute("SELECT 1 FROM scan_runs WHERE spool_key = :key", {"key": spool_key}))
