"""Sixteen ``git commit``s through the installed hooks at the same time, in four repos of
one workspace, against one database: every commit blocked, every blocked attempt recorded
once. Then sixteen recorders filing history (what CI records) at once: one issue per rule."""

from __future__ import annotations

import time

import sqlalchemy as sa

from tests.reliability.helpers import REPOS, RULE, four_repo_workspace, start_commits
from tests.workspace_fixture import Workspace

PER_REPO = 4


def run_sixteen(ws: Workspace, env: dict[str, str]) -> float:
    procs = start_commits(ws, PER_REPO, env)
    started = time.perf_counter()
    outputs = [(label, proc.communicate(timeout=120)[0], proc.returncode) for label, proc in procs]
    elapsed = time.perf_counter() - started
    for label, output, code in outputs:
        assert code == 1, f"{label}: exit {code}\n{output}"
        assert "commit blocked" in output, f"{label}:\n{output}"
        assert "database is locked" not in output and "spooled" not in output, f"{label}:\n{output}"
        assert "Traceback" not in output, f"{label}:\n{output}"
        assert label.split("/", 1)[1] in output
    return elapsed


def check_recorded(url: str) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT repo, path, fingerprint, status, issue_id FROM drift_detections")
            ).all()
            issues = conn.execute(sa.text("SELECT id FROM issues")).all()
            runs = conn.execute(sa.text("SELECT count(*) FROM scan_runs WHERE blocked")).scalar()
    finally:
        engine.dispose()
    assert len(rows) == len(REPOS) * PER_REPO
    assert len({r.fingerprint for r in rows}) == len(rows)
    assert sorted({r.repo for r in rows}) == sorted(REPOS)
    # Blocked attempts: their own record, never open drift, never an issue.
    assert {(r.status, r.issue_id) for r in rows} == {("blocked", None)}
    assert issues == []
    assert runs == len(rows)


def _record_history(url: str, repo: str, n: int) -> None:
    from wsguard.store.recorder import record_or_spool
    from wsguard.values import Finding, RuleInfo, Scan

    rule = RuleInfo(RULE, "forbidden-import", "error", "no pickle")
    path = f"src/history_{n}.py"
    found = Finding(RULE, repo, path, 2, 1, "error", "import pickle", f"{repo}-{n}-{RULE}")
    outcome = record_or_spool(url, Scan(repo, [found], 1, (path,), None), [rule], {"mode": "files"})
    assert outcome.recorded, outcome.notes


def check_history_races(url: str) -> None:
    """Sixteen recorders filing the first detections of one rule at once: every detection
    kept, and exactly one cross-repo issue listing every repo (no lost race, no double)."""
    import multiprocessing

    jobs = [(url, repo, n) for n in range(PER_REPO) for repo in REPOS]
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        pool.starmap(_record_history, jobs)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            linked = conn.execute(
                sa.text("SELECT issue_id FROM drift_detections WHERE status = 'open'")
            ).all()
            issues = conn.execute(sa.text("SELECT id, status FROM issues")).all()
            issue_repos = conn.execute(sa.text("SELECT repo FROM issue_repos")).all()
    finally:
        engine.dispose()
    assert len(linked) == len(jobs) and {r.issue_id for r in linked} == {f"DRIFT-{RULE}"}
    assert issues == [(f"DRIFT-{RULE}", "open")]
    assert sorted(r.repo for r in issue_repos) == sorted(REPOS)


def test_sixteen_commits_on_one_sqlite_file(tmp_path, sqlite_url) -> None:  # type: ignore[no-untyped-def]
    ws = four_repo_workspace(tmp_path / "ws")
    elapsed = run_sixteen(ws, {"WSGUARD_DB": sqlite_url})
    check_recorded(sqlite_url)
    check_history_races(sqlite_url)
    print(f"16 concurrent commits on SQLite: {elapsed:.1f} s")


def test_sixteen_commits_on_postgresql(tmp_path, pg_url) -> None:  # type: ignore[no-untyped-def]
    ws = four_repo_workspace(tmp_path / "ws")
    elapsed = run_sixteen(ws, {"WSGUARD_DB": pg_url})
    check_recorded(pg_url)
    check_history_races(pg_url)
    print(f"16 concurrent commits on PostgreSQL: {elapsed:.1f} s")
