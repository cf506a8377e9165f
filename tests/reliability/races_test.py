"""Invariants the tracker checks in Python, held when two processes race for them.

Each round starts two real processes that wait at a barrier and then make the
conflicting call at once (``task dep add A B`` against ``task dep add B A``, two
``session start`` for one user, two hook runs flushing one spool); the invariant
is asserted after every round, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from wsguard import spool
from wsguard.errors import WsguardError
from wsguard.store.db import Database
from wsguard.store.recorder import record_or_spool
from wsguard.tracker.graph import add_dependency
from wsguard.tracker.sessions import start_session
from wsguard.tracker.tasks import add_task
from wsguard.values import Finding, Scan

ROUNDS = 10
CONTEXT = multiprocessing.get_context("fork")


def _run(url: str, barrier: Any, results: Any, work: Callable[[Database], object]) -> None:
    db = Database(url, upgrade=False)
    try:
        barrier.wait(timeout=20)
        try:
            work(db)
            results.put("ok")
        except WsguardError as exc:
            results.put(f"refused: {exc.message}")
        except Exception as exc:  # the test fails on it: never expected
            results.put(f"crashed: {type(exc).__name__}: {exc}")
    finally:
        db.dispose()


def race(url: str, *works: Callable[[Database], object]) -> list[str]:
    """Run each ``work`` in its own process, all released at once; their outcomes."""
    barrier, results = CONTEXT.Barrier(len(works)), CONTEXT.Queue()
    procs = [CONTEXT.Process(target=_run, args=(url, barrier, results, w)) for w in works]
    for proc in procs:
        proc.start()
    outcomes = sorted(results.get(timeout=30) for _ in procs)
    for proc in procs:
        proc.join(10)
        assert proc.exitcode == 0
    assert not [o for o in outcomes if o.startswith("crashed")], outcomes
    return outcomes


def count(url: str, sql: str, **params: object) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(sql), params).scalar_one())
    finally:
        engine.dispose()


def test_opposite_dependencies_never_store_a_cycle(db_url: str) -> None:
    with Database(db_url) as db:
        for i in range(ROUNDS):
            a, b = f"T-{i}-A", f"T-{i}-B"
            with db.session_scope() as s:
                add_task(s, "first", task_id=a)
                add_task(s, "second", task_id=b)

            def edge(x: str, y: str) -> Callable[[Database], object]:
                def work(d: Database) -> object:
                    with d.session_scope() as s:
                        return add_dependency(s, x, y)

                return work

            outcomes = race(db_url, edge(a, b), edge(b, a))
            edges = count(
                db_url,
                "SELECT count(*) FROM task_dependencies WHERE task_id IN (:a, :b)",
                a=a,
                b=b,
            )
            assert edges == 1, f"round {i}: {edges} edges between {a} and {b}: {outcomes}"
            assert outcomes[0] == "ok" and "would close a cycle" in outcomes[1], outcomes


def test_one_open_session_per_user_when_two_start_at_once(db_url: str) -> None:
    with Database(db_url):
        pass  # migrated once, before the races
    for i in range(ROUNDS):
        user = f"ada-{i}"

        def start(d: Database, user: str = user) -> object:
            with d.session_scope() as s:
                return start_session(s, user)

        outcomes = race(db_url, start, start)
        active = count(
            db_url,
            "SELECT count(*) FROM work_sessions WHERE status = 'active' AND \"user\" = :u",
            u=user,
        )
        assert active == 1, f"round {i}: {active} open sessions for {user}: {outcomes}"
        assert outcomes[0] == "ok" and "already has an open session" in outcomes[1], outcomes


def test_the_database_itself_refuses_a_second_open_session(db_url: str) -> None:
    """The partial unique index, for writers that bypass ``start_session``."""
    from sqlalchemy.exc import IntegrityError

    from wsguard.store.models.sessions import WorkSession

    with Database(db_url) as db:
        with db.session_scope() as s:
            s.add(WorkSession(id="S-1", status="active", user="ada", extra={}))
            s.add(WorkSession(id="S-2", status="completed", user="ada", extra={}))
        with pytest.raises(IntegrityError), db.session_scope() as s:
            s.add(WorkSession(id="S-3", status="active", user="ada", extra={}))


def test_two_runs_flushing_one_spool_record_each_scan_once(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WSGUARD_SPOOL_DIR", str(tmp_path / "spool"))
    with Database(db_url):
        pass
    finding = Finding("no-pickle", "core", "a.py", 1, 1, "error", "pickle", "f" * 32)
    spooled = Scan("core", [finding], 1, ("a.py",), None)
    clean = Scan("core", [], 1, ("b.py",), None)
    per_round = 3
    for i in range(ROUNDS):
        for _ in range(per_round):
            spool.write(db_url, spooled, {"mode": "staged", "at": "2025-03-01T09:00:00"})

        def hook_run(_db: Database) -> object:
            outcome = record_or_spool(db_url, clean, [], {"mode": "staged"})
            assert outcome.recorded, outcome.notes
            return outcome

        outcomes = race(db_url, hook_run, hook_run)
        runs = count(db_url, "SELECT count(*) FROM scan_runs")
        expected = (i + 1) * (per_round + 2)  # each spooled scan once, each hook run once
        assert runs == expected, f"round {i}: {runs} scan runs, {expected} expected: {outcomes}"
        assert not spool.has_pending(db_url)


def test_a_replayed_spool_file_is_recorded_once(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash between the commit and the delete replays the file: nothing doubles."""
    monkeypatch.setenv("WSGUARD_SPOOL_DIR", str(tmp_path / "spool"))
    scan = Scan("core", [], 1, ("b.py",), None)
    path = spool.write(db_url, scan, {"mode": "staged"})
    kept = path.read_bytes()
    assert record_or_spool(db_url, scan, [], {"mode": "staged"}).recorded
    path.write_bytes(kept)  # as if the delete never happened
    outcome = record_or_spool(db_url, scan, [], {"mode": "staged"})
    assert outcome.recorded and not outcome.notes  # nothing new from the spool
    assert count(db_url, "SELECT count(*) FROM scan_runs") == 3
    assert count(db_url, "SELECT count(*) FROM scan_runs WHERE spool_key IS NOT NULL") == 1
    assert not path.exists()
