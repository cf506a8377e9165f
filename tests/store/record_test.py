"""The recorder's plain SQL, read back through the ORM models: on SQLite through stdlib
sqlite3 and through SQLAlchemy, and on PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from wsguard.errors import DatabaseError
from wsguard.rules.config import Config, Rule
from wsguard.store.db import Database
from wsguard.store.models import Issue, IssueRepo
from wsguard.store.models.drift import DriftDetection, ScanRun
from wsguard.store.models.sessions import WorkSession
from wsguard.store.recorder import _with_retries, record_or_spool, record_scan
from wsguard.store.sql import AlchemyStore, SqliteStore, Store, open_store
from wsguard.values import Finding, Scan, Standing

REPO = "meridian-core"
AUTHOR = "Ada Tester <ada@example.com>"
T0 = datetime(2025, 3, 1, 9, 30)
T1 = datetime(2025, 3, 2, 10, 0)  # no microseconds: stored with ".000000" all the same
T2 = datetime(2025, 3, 3, 11, 15, 30, 250)
T3 = datetime(2025, 3, 4, 8, 0, 0, 999999)
T4 = datetime(2025, 3, 5, 23, 59, 59, 1)
WAIVED_UNTIL = date(2025, 6, 30)

RULES = {
    r.id: r
    for r in (
        Rule(
            id="no-pandas",
            kind="forbidden-import",
            message="pandas is not allowed",
            decision="ADR-001",
            remediation="Use polars.",
        ),
        Rule(
            id="needs-license",
            kind="required-file",
            message="every repo has a LICENSE",
            severity="warning",
            issue_type="governance",
            remediation="Add one.",
        ),
    )
}


def finding(rule: str, path: str, line: int, **kw: Any) -> Finding:
    values: dict[str, Any] = {
        "rule": rule,
        "repo": REPO,
        "path": path,
        "line": line,
        "col": 1,
        "severity": "error",
        "message": f"{rule} at {path}",
        "fingerprint": f"fp-{rule}-{path}",
        "decision": RULES[rule].decision if rule in RULES else None,
    }
    values.update(kw)
    return Finding(**values)


A1 = finding("no-pandas", "src/a.py", 3)
A3 = A1._replace(line=4, message="pandas again", severity="warning")
B1 = finding("no-pandas", "src/b.py", 1)
B2 = B1._replace(line=2)
L = finding("needs-license", "LICENSE", 1, severity="warning")
C = finding("gone-rule", "src/c.py", 7, col=5)


def scan(findings: list[Finding], scope: tuple[str, ...] | None, files: int) -> Scan:
    return Scan(REPO, findings, files, scope, None)


def meta(at: datetime, **kw: Any) -> dict[str, Any]:
    values = {"mode": "staged", "ref": None, "commit": None, "author": None, "user": None}
    return {**values, "duration_s": 0.25, "at": at, **kw}


@pytest.fixture(params=["sqlite3", "sqlalchemy", "postgres"])
def store(request: pytest.FixtureRequest) -> Iterator[tuple[str, Store]]:
    """The same statements through each executor: stdlib sqlite3 and SQLAlchemy on a
    SQLite file, SQLAlchemy on PostgreSQL."""
    url = str(request.getfixturevalue("pg_url" if request.param == "postgres" else "sqlite_url"))
    with Database(url) as db, db.session_scope() as s:  # the schema, and two open sessions
        s.add(WorkSession(id="S-1", started_at=T0, status="active", user="ada", extra={}))
        s.add(WorkSession(id="S-2", started_at=T1, status="active", user="bob", extra={}))
    opened = AlchemyStore(Database(url)) if request.param == "sqlalchemy" else open_store(url)
    assert isinstance(opened, SqliteStore) == (request.param == "sqlite3")
    try:
        yield url, opened
    finally:
        opened.close()


def run(store: Store, this: Scan, values: dict[str, Any]) -> tuple[Any, ...]:
    with store.transaction() as ex:
        return record_scan(ex, this, {k: r.info() for k, r in RULES.items()}, values)


def rows(url: str, model: Any, order: Any) -> list[dict[str, Any]]:
    with Database(url) as db, db.session_scope() as s:
        return [
            {c.key: getattr(r, c.key) for c in model.__table__.columns}
            for r in s.scalars(select(model).order_by(*order))
        ]


def waive(url: str, fingerprint: str) -> None:
    with Database(url) as db, db.session_scope() as s:
        row = s.scalars(select(DriftDetection).where(DriftDetection.fingerprint == fingerprint))
        d = row.one()
        d.status, d.waiver_reason, d.waiver_owner = "waived", "legacy", "ada"
        d.waiver_expires = WAIVED_UNTIL


def scenario(url: str, store: Store) -> None:
    """Four scans: first detections, a waiver and resolutions, a reopened detection and a
    rule gone from rules.yaml, a workspace-level rule back."""
    scope = ("src/a.py", "src/b.py")
    first = run(store, scan([A1, B1, L], scope, 2), meta(T1, author=AUTHOR, user="ada"))
    assert first == ({}, 3, Counter())
    waive(url, B1.fingerprint)
    second = run(store, scan([B2], scope, 2), meta(T2, commit="c0ffee", user="bob"))
    # a.py no longer has it; the workspace-level rule is judged whatever the scope.
    assert second == (
        {B1.fingerprint: Standing("waived", WAIVED_UNTIL)},
        0,
        Counter({"no-pandas": 1, "needs-license": 1}),
    )
    issue = {i["id"]: i for i in rows(url, Issue, [Issue.id])}["DRIFT-needs-license"]
    assert (issue["status"], issue["resolved_at"]) == ("resolved", T2)
    third = run(store, scan([A3, B2, C], None, 10), meta(T3, mode="all", ref="main"))
    assert third == (
        {
            A1.fingerprint: Standing("resolved", None),
            B1.fingerprint: Standing("waived", WAIVED_UNTIL),
        },
        2,
        Counter(),
    )
    fourth = run(store, scan([L], ("README.md",), 1), meta(T4, user="ada"))
    assert fourth == ({L.fingerprint: Standing("resolved", None)}, 1, Counter())


def detection(f: Finding, **kw: Any) -> dict[str, Any]:
    values = {
        "rule_id": f.rule,
        "repo": f.repo,
        "path": f.path,
        "line": f.line,
        "col": f.col,
        "fingerprint": f.fingerprint,
        "message": f.message,
        "severity": f.severity,
        "status": "open",
        "resolved_at": None,
        "commit": None,
        "decision": f.decision,
        "author": None,
        "issue_id": f"DRIFT-{f.rule}",
        "session_id": None,
        "waiver_reason": None,
        "waiver_owner": None,
        "waiver_expires": None,
        "extra": {},
    }
    return {**values, **kw}


def test_rows_read_back_through_the_models(store: tuple[str, Store]) -> None:
    url, opened = store
    scenario(url, opened)
    assert rows(url, DriftDetection, [DriftDetection.id]) == [
        detection(A3, id=1, first_seen=T1, last_seen=T3, author=AUTHOR, session_id="S-1"),
        detection(
            B2,
            id=2,
            status="waived",
            first_seen=T1,
            last_seen=T3,
            commit="c0ffee",
            author=AUTHOR,
            session_id="S-2",
            waiver_reason="legacy",
            waiver_owner="ada",
            waiver_expires=WAIVED_UNTIL,
        ),
        detection(L, id=3, first_seen=T1, last_seen=T4, author=AUTHOR, session_id="S-1"),
        detection(C, id=4, first_seen=T3, last_seen=T3),
    ]
    common = {
        "status": "open",
        "detected_by": "wsguard",
        "assigned_to": None,
        "related_task_id": None,
        "resolved_at": None,
        "extra": {},
    }
    assert rows(url, Issue, [Issue.id]) == [
        {
            "id": "DRIFT-gone-rule",
            "issue_type": "code_creep",
            "severity": "HIGH",  # error → HIGH (vocabulary.RULE_SEVERITY_LEVEL)
            "title": "gone-rule",
            "description": None,
            "detected_at": T3,
            "action_required": None,
            "rule_id": "gone-rule",
            **common,
        },
        {
            "id": "DRIFT-needs-license",
            "issue_type": "governance",
            "severity": "MEDIUM",  # warning → MEDIUM
            "title": "needs-license: every repo has a LICENSE",
            "description": "Add one.",
            "detected_at": T1,
            "action_required": "Add one.",
            "rule_id": "needs-license",
            **common,
        },
        {
            "id": "DRIFT-no-pandas",
            "issue_type": "code_creep",
            "severity": "HIGH",
            "title": "no-pandas: pandas is not allowed",
            "description": "Use polars.",
            "detected_at": T1,
            "action_required": "Use polars.",
            "rule_id": "no-pandas",
            **common,
        },
    ]
    assert rows(url, IssueRepo, [IssueRepo.issue_id]) == [
        {"issue_id": f"DRIFT-{rule}", "repo": REPO}
        for rule in ("gone-rule", "needs-license", "no-pandas")
    ]
    run_rows = rows(url, ScanRun, [ScanRun.id])
    assert [{k: r[k] for k in r if k != "id"} for r in run_rows] == [
        {
            "repo": REPO,
            "mode": mode,
            "ref": ref,
            "started_at": at,
            "duration_s": 0.25,
            "files_scanned": files,
            "findings": found,
            "blocked": False,  # no meta["attempt"] here: recorded as history
            "session_id": sid,
            "spool_key": None,
            "extra": {},
        }
        for mode, ref, at, files, found, sid in [
            ("staged", None, T1, 2, 3, "S-1"),
            ("staged", None, T2, 2, 1, "S-2"),
            ("all", "main", T3, 10, 3, None),  # two open sessions and no user: neither
            ("staged", None, T4, 1, 1, "S-1"),
        ]
    ]


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as conn:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("drift_detections", "issues", "issue_repos", "scan_runs")
        }


def test_both_sqlite_executors_write_the_same_bytes(tmp_path: Path) -> None:
    dumps = []
    for kind in ("sqlite3", "sqlalchemy"):
        path = tmp_path / f"{kind}.db"
        url = f"sqlite:///{path}"
        with Database(url) as db, db.session_scope() as s:
            s.add(WorkSession(id="S-1", started_at=T0, status="active", user="ada", extra={}))
            s.add(WorkSession(id="S-2", started_at=T1, status="active", user="bob", extra={}))
            s.add(ScanRun(mode="orm", started_at=T2, extra={}))  # the ORM's own rendering
        opened = open_store(url) if kind == "sqlite3" else AlchemyStore(Database(url))
        try:
            scenario(url, opened)
        finally:
            opened.close()
        dumps.append(_dump(path))
    assert dumps[0] == dumps[1]
    runs = dumps[0]["scan_runs"]
    # the ORM's row; `extra`, then `blocked` (migration 0005), then `spool_key` (0007)
    assert runs[0][4] == "2025-03-03 11:15:30.000250" and runs[0][-3:] == ("{}", 0, None)
    assert [r[4] for r in runs[1:]] == [
        "2025-03-02 10:00:00.000000",
        "2025-03-03 11:15:30.000250",
        "2025-03-04 08:00:00.999999",
        "2025-03-05 23:59:59.000001",
    ]
    assert {(r[-3], r[-1]) for r in runs} == {("{}", None)}


def test_the_sqlite_rendering_is_sqlalchemys() -> None:
    from sqlalchemy.dialects import sqlite as sa_sqlite

    from wsguard.store.sql import sqlite_params

    dialect = sa_sqlite.dialect()
    as_datetime = sa_sqlite.DATETIME().bind_processor(dialect)
    as_date = sa_sqlite.DATE().bind_processor(dialect)
    assert as_datetime is not None and as_date is not None
    values = [T0, T2, T3, datetime(5, 1, 1), datetime(9999, 12, 31, 23, 59, 59, 999999)]
    for value in values:
        assert sqlite_params({"v": value}) == {"v": as_datetime(value)}
    for day in (WAIVED_UNTIL, date(5, 1, 1)):
        assert sqlite_params({"v": day}) == {"v": as_date(day)}
    assert sqlite_params({"v": None, "n": 1, "s": "x"}) == {"v": None, "n": 1, "s": "x"}


def big_scan(count: int) -> Scan:
    return scan(
        [
            finding(
                "no-pandas" if n % 3 else "needs-license", f"src/m{n // 7}.py", n % 7 + 1
            )._replace(fingerprint=f"fp-{n:05d}")
            for n in range(count)
        ],
        None,
        count // 7,
    )


def test_ten_thousand_findings(db_url: str) -> None:
    config = Config(path=Path("rules.yaml"), rules=tuple(RULES.values()))
    infos = [r.info() for r in config.rules]
    full = big_scan(10_000)
    first = record_or_spool(
        db_url, full, [r.info() for r in config.rules], {"mode": "all", "author": AUTHOR}
    )
    assert (first.recorded, first.known, first.new, first.fixed_by_rule) == (
        True,
        {},
        10_000,
        Counter(),
    )
    again = record_or_spool(
        db_url, full, [r.info() for r in config.rules], {"mode": "all", "commit": "c0ffee"}
    )
    assert again.new == 0 and again.known is not None and len(again.known) == 10_000
    assert {s.status for s in again.known.values()} == {"open"}
    half = full._replace(findings=full.findings[::2])
    last = record_or_spool(db_url, half, infos, {"mode": "all"})
    gone = Counter(f.rule for f in full.findings[1::2])
    assert (last.new, last.fixed_by_rule) == (0, gone)
    with Database(db_url) as db, db.session_scope() as s:
        detections = s.scalars(select(DriftDetection).order_by(DriftDetection.fingerprint)).all()
        issues = s.scalars(select(Issue)).all()
        runs = s.scalars(select(ScanRun.findings).order_by(ScanRun.id)).all()
    assert len(detections) == 10_000
    assert [d.status for d in detections] == ["open", "resolved"] * 5_000
    assert {(d.author, d.commit) for d in detections} == {(AUTHOR, "c0ffee")}
    assert {d.issue_id for d in detections} == {"DRIFT-no-pandas", "DRIFT-needs-license"}
    assert all(d.first_seen is not None and d.first_seen <= d.last_seen for d in detections)
    assert sorted((i.id, i.status) for i in issues) == [
        ("DRIFT-needs-license", "open"),
        ("DRIFT-no-pandas", "open"),
    ]
    assert list(runs) == [10_000, 10_000, 5_000]


def test_a_lost_race_runs_the_transaction_again(store: tuple[str, Store]) -> None:
    _, opened = store
    attempts = []
    insert = (
        "INSERT INTO issues (id, issue_type, severity, title, status, extra)"
        " VALUES (:id, 'code_creep', 'error', 'raced', 'open', '{}')"
    )

    def work(ex: Any) -> int:
        attempts.append(1)
        ex.execute(insert, {"id": "ISSUE-1"})
        if len(attempts) == 1:
            ex.execute(insert, {"id": "ISSUE-1"})  # as if a concurrent writer got there first
        return len(attempts)

    assert _with_retries(opened, work) == 2
    with opened.transaction() as ex:
        assert ex.execute("SELECT id FROM issues") == [("ISSUE-1",)]


def test_a_race_lost_every_time_is_a_database_error(store: tuple[str, Store]) -> None:
    _, opened = store

    def work(ex: Any) -> None:
        ex.execute("INSERT INTO work_sessions (id, status, extra) VALUES ('S-1', 'active', '{}')")

    with pytest.raises(DatabaseError) as info:
        _with_retries(opened, work, attempts=2)
    assert info.value.message.startswith("database ")
    assert "\n" not in info.value.message


def test_unreachable_database_spools(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing' / 'workspace.db'}"
    config = Config(path=Path("rules.yaml"), rules=tuple(RULES.values()))
    outcome = record_or_spool(
        url, scan([A1], None, 1), [r.info() for r in config.rules], {"mode": "all"}
    )
    assert not outcome.recorded and "spooled" in outcome.notes[0]
