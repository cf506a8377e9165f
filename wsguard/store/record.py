"""Recording a scan: detections upserted by fingerprint, what is gone resolved,
detections grouped into one cross-repo issue per rule, the scan run stored,
all in one transaction. A database that cannot be reached gets the scan
spooled instead (see ``wsguard.spool``), and the next run records it first.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import delete, func, select, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from wsguard import git, spool
from wsguard.check import Scan, Standing, Target
from wsguard.errors import DatabaseError
from wsguard.model import Finding
from wsguard.rules.config import Config, Rule
from wsguard.rules.kinds import KINDS
from wsguard.store.db import Database, describe, masked
from wsguard.store.models import Issue, IssueRepo
from wsguard.store.models_guard import DriftDetection, ScanRun
from wsguard.tracker.sessions import active_session_id, current_user

ISSUE_PREFIX = "DRIFT-"
ATTEMPTS = 5


class Outcome(NamedTuple):
    recorded: bool
    known: dict[str, Standing] | None
    new: int = 0
    fixed_by_rule: Counter[str] | None = None
    notes: tuple[str, ...] = ()


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def issue_id_for(rule_id: str) -> str:
    return (ISSUE_PREFIX + rule_id)[:64]


def _superseded(session: Session, scan: Scan, rules: Mapping[str, Rule]) -> list[DriftDetection]:
    """The repo's unresolved detections this scan re-examined (and may no longer find)."""
    query = select(DriftDetection).where(
        DriftDetection.repo == scan.repo, DriftDetection.status != "resolved"
    )
    candidates = session.scalars(query).all()
    if scan.scope is None:
        return list(candidates)
    scope = set(scan.scope)
    # Workspace-level rules are judged on every run, whatever files changed.
    workspace_rules = {rid for rid, r in rules.items() if KINDS[r.kind].check_workspace}
    return [d for d in candidates if d.path in scope or d.rule_id in workspace_rules]


def record_scan(
    session: Session, scan: Scan, rules: Mapping[str, Rule], meta: Mapping[str, Any]
) -> tuple[dict[str, Standing], int, Counter[str]]:
    """Apply one scan; return each finding's standing before it, the new count, and the
    resolved count by rule."""
    stamp = meta.get("at") or now()
    findings = {f.fingerprint: f for f in scan.findings}
    existing = (
        {
            d.fingerprint: d
            for d in session.scalars(
                select(DriftDetection).where(DriftDetection.fingerprint.in_(list(findings)))
            )
        }
        if findings
        else {}
    )
    known = {fp: Standing(d.status, d.waiver_expires) for fp, d in existing.items()}
    session_id = active_session_id(session, meta.get("user"))
    new = 0
    for fp, finding in findings.items():
        row = existing.get(fp)
        if row is None:
            row = DriftDetection(fingerprint=fp, first_seen=stamp, status="open", extra={})
            session.add(row)
            new += 1
        elif row.status == "resolved":
            row.status, row.resolved_at = "open", None  # it came back: it blocks again
            new += 1
        _apply(row, finding, stamp, meta, session_id)
    fixed: Counter[str] = Counter()
    for row in _superseded(session, scan, rules):
        if row.fingerprint not in findings:
            row.status, row.resolved_at = "resolved", stamp
            fixed[row.rule_id] += 1
    session.flush()
    for rule_id in sorted({f.rule for f in findings.values()} | set(fixed)):
        _sync_issue(session, rule_id, rules.get(rule_id), stamp)
    session.add(
        ScanRun(
            repo=scan.repo,
            mode=str(meta.get("mode", "staged")),
            ref=meta.get("ref"),
            started_at=stamp,
            duration_s=meta.get("duration_s"),
            files_scanned=scan.files_scanned,
            findings=len(findings),
            session_id=session_id,
            extra={},
        )
    )
    return known, new, fixed


def _apply(
    row: DriftDetection, f: Finding, stamp: datetime, meta: Mapping[str, Any], sid: str | None
) -> None:
    row.rule_id, row.repo, row.path = f.rule, f.repo, f.path
    row.line, row.col, row.message, row.severity = f.line, f.col, f.message, f.severity
    row.decision, row.last_seen = f.decision, stamp
    row.commit = meta.get("commit") or row.commit
    row.author = meta.get("author") or row.author
    row.session_id = sid or row.session_id


def _sync_issue(session: Session, rule_id: str, rule: Rule | None, stamp: datetime) -> None:
    """One cross-repo issue per rule: open while any detection is, listing every repo."""
    repos = sorted(
        repo
        for (repo,) in session.execute(
            select(DriftDetection.repo)
            .where(DriftDetection.rule_id == rule_id, DriftDetection.status != "resolved")
            .distinct()
        )
    )
    issue = session.scalars(select(Issue).where(Issue.rule_id == rule_id)).first()
    if issue is None:
        if not repos:
            return
        issue = Issue(
            id=issue_id_for(rule_id),
            rule_id=rule_id,
            issue_type=(rule.issue_type if rule and rule.issue_type else "code_creep"),
            severity=(rule.severity if rule else "error"),
            title=f"{rule_id}: {rule.message}" if rule else rule_id,
            description=rule.remediation if rule else None,
            status="open",
            detected_at=stamp,
            detected_by="wsguard",
            action_required=rule.remediation if rule else None,
            extra={},
        )
        session.add(issue)
        session.flush()
    if repos and issue.status != "open":
        issue.status, issue.resolved_at = "open", None
    elif not repos and issue.status == "open":
        issue.status, issue.resolved_at = "resolved", stamp
    session.execute(delete(IssueRepo).where(IssueRepo.issue_id == issue.id))
    session.add_all(IssueRepo(issue_id=issue.id, repo=r) for r in repos)
    session.execute(
        update(DriftDetection)
        .where(DriftDetection.rule_id == rule_id, DriftDetection.issue_id.is_(None))
        .values(issue_id=issue.id)
    )


def record_with_retry(
    db: Database, scan: Scan, rules: Mapping[str, Rule], meta: Mapping[str, Any]
) -> tuple[dict[str, Standing], int, Counter[str]]:
    """``record_scan`` in one transaction, retried when a concurrent run won a race.

    Two hooks recording the same rule at once may both create its ``DRIFT-`` issue,
    or both rewrite its repo list (PostgreSQL, read committed): the loser's unique
    violation rolls its transaction back, and the retry sees the winner's rows.
    """
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with db.session_scope() as session:
                return record_scan(session, scan, rules, meta)
        except sa_exc.IntegrityError as exc:
            if attempt == ATTEMPTS:
                raise DatabaseError(f"database {masked(db.url)}: {describe(exc)}") from None
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


def flush_spool(db: Database, db_url: str, rules: Mapping[str, Rule]) -> int:
    """Record every scan spooled for ``db_url``, each in its own transaction; return how many."""
    count = 0
    for path, scan, meta in spool.pending(db_url):
        meta = dict(meta)
        meta["at"] = datetime.fromisoformat(meta["at"]) if meta.get("at") else now()
        record_with_retry(db, scan, rules, meta)
        path.unlink(missing_ok=True)
        count += 1
    return count


def scan_meta(target: Target, repo_root: Path, started: float) -> dict[str, Any]:
    commit = None
    if target.mode == "range":
        commit = git.resolve(repo_root, target.to_ref or "HEAD")
    elif target.mode == "all":
        commit = git.resolve(repo_root, "HEAD")
    return {
        "mode": target.mode,
        "ref": target.to_ref,
        "commit": commit,
        "author": git.head_author(repo_root),
        "user": current_user(repo_root),
        "duration_s": round(time.perf_counter() - started, 4),
    }


def record_or_spool(
    db_url: str, scan: Scan, config: Config, target: Target, repo_root: Path
) -> Outcome:
    """Record the scan; if the database cannot take it, spool it and say so in one note."""
    started = time.perf_counter()
    meta = scan_meta(target, repo_root, started)
    rules = {r.id: r for r in config.rules}
    try:
        with Database(db_url) as db:
            flushed = flush_spool(db, db_url, rules)
            known, new, fixed = record_with_retry(db, scan, rules, meta)
    except DatabaseError as exc:
        meta["at"] = now().isoformat()
        where = spool.write(db_url, scan, meta)
        note = f"{exc.message}; this check was spooled to {where} and is recorded by the next run"
        return Outcome(False, None, notes=(note,))
    notes = (f"recorded {flushed} spooled check(s) from earlier runs",) if flushed else ()
    return Outcome(True, known, new, fixed, notes)


def count_detections(session: Session, statuses: Iterable[str] = ("open",)) -> int:
    query = select(func.count()).select_from(DriftDetection)
    return int(session.scalar(query.where(DriftDetection.status.in_(list(statuses)))) or 0)
