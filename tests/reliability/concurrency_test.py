"""Sixteen ``git commit``s through the installed hooks at the same time, in four repos of
one workspace, against one database: every commit blocked, every detection recorded once."""

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
                sa.text("SELECT repo, path, fingerprint, issue_id FROM drift_detections")
            ).all()
            issues = conn.execute(sa.text("SELECT id, status FROM issues")).all()
            issue_repos = conn.execute(sa.text("SELECT repo FROM issue_repos")).all()
            runs = conn.execute(sa.text("SELECT count(*) FROM scan_runs")).scalar()
    finally:
        engine.dispose()
    assert len(rows) == len(REPOS) * PER_REPO
    assert len({r.fingerprint for r in rows}) == len(rows)
    assert sorted({r.repo for r in rows}) == sorted(REPOS)
    assert {r.issue_id for r in rows} == {f"DRIFT-{RULE}"}
    assert issues == [(f"DRIFT-{RULE}", "open")]
    assert sorted(r.repo for r in issue_repos) == sorted(REPOS)
    assert runs == len(rows)


def test_sixteen_commits_on_one_sqlite_file(tmp_path, sqlite_url) -> None:  # type: ignore[no-untyped-def]
    ws = four_repo_workspace(tmp_path / "ws")
    elapsed = run_sixteen(ws, {"WSGUARD_DB": sqlite_url})
    check_recorded(sqlite_url)
    print(f"16 concurrent commits on SQLite: {elapsed:.1f} s")


def test_sixteen_commits_on_postgresql(tmp_path, pg_url) -> None:  # type: ignore[no-untyped-def]
    ws = four_repo_workspace(tmp_path / "ws")
    elapsed = run_sixteen(ws, {"WSGUARD_DB": pg_url})
    check_recorded(pg_url)
    print(f"16 concurrent commits on PostgreSQL: {elapsed:.1f} s")
