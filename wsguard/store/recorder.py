"""Recording a scan: detections upserted by fingerprint, what is gone resolved,
detections grouped into one cross-repo issue per rule, the scan run stored,
all in one transaction. A database that cannot be reached gets the scan
spooled instead (see ``wsguard.spool``), and the next run records it first.

The statements are plain SQL (see ``wsguard.store.sql``): on the
workspace's SQLite file the hook records a blocked commit without importing
SQLAlchemy, and PostgreSQL runs the same text. The rows are the ones the ORM
models describe (``models.drift.DriftDetection``, ``ScanRun``,
``models.Issue``, ``IssueRepo``); tests read them back through the models.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple, TypeVar

from wsguard import spool
from wsguard.clock import utcnow
from wsguard.errors import DatabaseError
from wsguard.store.detections import (
    active_session,
    detection_ids,
    resolve_gone,
    spooled_already,
    stored,
    sync_issue,
    write_detections,
    write_scan_run,
)
from wsguard.store.sql import Executor, RaceLost, Store, open_store
from wsguard.store.uses import write_uses
from wsguard.values import RuleInfo, Scan, Standing
from wsguard.vocabulary import NOT_IN_HISTORY

_T = TypeVar("_T")


# Given what the store knows of each finding, does this commit attempt get stopped?
Blocks = Callable[[Mapping[str, Standing]], bool]


class Outcome(NamedTuple):
    recorded: bool
    known: dict[str, Standing] | None
    new: int = 0
    fixed_by_rule: Counter[str] | None = None
    notes: tuple[str, ...] = ()
    ids: dict[str, int] | None = None  # detection id by fingerprint, as recorded


def record_scan(
    ex: Executor,
    scan: Scan,
    rules: Mapping[str, RuleInfo],
    meta: dict[str, Any],
    blocks: Blocks | None = None,
) -> tuple[dict[str, Standing], int, Counter[str]]:
    """Apply one scan; return each finding's standing before it, the new count, and the
    resolved count by rule.

    A commit attempt (``meta["attempt"]``) that ``blocks`` (given the standings, it
    decides whether the commit is stopped; a spooled attempt carries its verdict in
    ``meta["blocked"]``) never entered history: its run is recorded as blocked, its
    findings as ``blocked`` detections (not open drift), and nothing is resolved.
    """
    stamp = meta.get("at") or utcnow()
    findings = {f.fingerprint: f for f in scan.findings}
    before = stored(ex, list(findings))
    known = {fp: Standing(d.status, d.waiver_expires) for fp, d in before.items()}
    if meta.get("attempt") and blocks is not None:
        meta["blocked"] = blocks(known)
    blocked = bool(meta.get("attempt") and meta.get("blocked"))
    # New: never seen, or resolved (or only ever in a blocked attempt) and back.
    new = sum(1 for fp in findings if fp not in before or before[fp].status in NOT_IN_HISTORY)
    session_id = active_session(ex, lambda: meta.get("user"))
    status = "blocked" if blocked else "open"
    write_detections(ex, list(findings.values()), before, stamp, meta, session_id, status)
    fixed: Counter[str] = Counter()
    if not blocked:
        fixed = resolve_gone(ex, scan, rules, set(findings), stamp)
        for rule_id in sorted({f.rule for f in findings.values()} | set(fixed)):
            sync_issue(ex, rule_id, rules.get(rule_id), stamp)
    write_scan_run(ex, scan, meta, stamp, len(findings), session_id)
    if meta.get("uses") is not None and not blocked:
        write_uses(ex, scan.repo, meta["uses"], stamp, meta.get("commit"))
    meta["ids"] = detection_ids(ex, list(findings))
    return known, new, fixed


def flush_spool(
    store: Store, db_url: str, rules: Mapping[str, RuleInfo], quarantined: list[str]
) -> int:
    """Record every scan spooled for ``db_url``, each in its own transaction; return how many.

    Idempotent: each file is recorded under its name (``scan_runs.spool_key``, unique), so
    two runs flushing at once, or a run replaying a file whose delete a crash prevented,
    record it once; the other finds it recorded and only deletes the file. Files that
    cannot be read are quarantined (``spool.pending``), with a note in ``quarantined``."""
    count = 0
    for path, scan, meta in spool.pending(db_url, quarantined):
        meta = dict(meta)
        meta["at"] = meta.get("at") or utcnow()
        meta["spool_key"] = path.stem

        def replay(ex: Executor, scan: Scan = scan, meta: dict[str, Any] = meta) -> bool:
            if spooled_already(ex, meta["spool_key"]):
                return False
            record_scan(ex, scan, rules, meta)
            return True

        if _with_retries(store, replay):
            count += 1
        path.unlink(missing_ok=True)
    return count


def record_or_spool(
    db_url: str,
    scan: Scan,
    rule_infos: Iterable[RuleInfo],
    meta: dict[str, Any],
    blocks: Blocks | None = None,
) -> Outcome:
    """Record the scan; if the database cannot take it, spool it and say so in one note.

    A spooled commit attempt is decided without the database (no baseline or waiver
    can be read): ``blocks({})`` is its verdict, kept with it in the spool.
    """
    rules = {r.id: r for r in rule_infos}
    quarantined: list[str] = []
    try:
        store = open_store(db_url)
        try:
            flushed = flush_spool(store, db_url, rules, quarantined)
            known, new, fixed = _record(store, scan, rules, meta, blocks)
        finally:
            store.close()
    except DatabaseError as exc:
        meta["at"] = utcnow().isoformat()
        if meta.get("attempt") and blocks is not None:
            meta["blocked"] = blocks({})
        try:
            where = spool.write(db_url, scan, meta)
        except OSError as full:
            # A full disk (database and cache alike): the commit is still decided on the
            # findings; only the record is lost, and the user is told.
            reason = full.strerror or type(full).__name__
            note = f"{exc.message}; this check could not be spooled either ({reason}): not recorded"
            return Outcome(False, None, notes=(*quarantined, note))
        note = f"{exc.message}; this check was spooled to {where} and is recorded by the next run"
        return Outcome(False, None, notes=(*quarantined, note))
    notes = (f"recorded {flushed} spooled check(s) from earlier runs",) if flushed else ()
    return Outcome(True, known, new, fixed, (*quarantined, *notes), meta.pop("ids", None))


def _record(
    store: Store,
    scan: Scan,
    rules: Mapping[str, RuleInfo],
    meta: dict[str, Any],
    blocks: Blocks | None = None,
) -> tuple[dict[str, Standing], int, Counter[str]]:
    return _with_retries(store, lambda ex: record_scan(ex, scan, rules, meta, blocks))


def _with_retries(store: Store, work: Callable[[Executor], _T], attempts: int = 5) -> _T:
    """Run ``work`` in one transaction, again from scratch if a concurrent writer won a race
    on a unique key (two first detections of one rule creating its issue at once)."""
    for attempt in range(attempts):
        try:
            with store.transaction() as ex:
                return work(ex)
        except RaceLost:
            if attempt == attempts - 1:
                raise
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
    raise AssertionError("unreachable")
