"""Benchmark: ``wsguard report --format json`` over one million drift detections.

    .venv/bin/python -m benchmarks.report_bench [--rows N] [--db PATH | --url URL] [--runs N]

Builds (or reuses) a database with N detections across 20 repos and 50 rules,
first seen over the last 26 weeks (30 % open, 60 % resolved), times each query of
the report in this process, then the whole command as a real ``wsguard`` process
(run from the project's root, so with its rules.yaml): the default report, the
``--since`` variant reaching back over all 26 weeks, and ``--repo``. Prints the
median and min–max wall time, and the median CPU time (user + system) of the
process. ``--url`` takes any database URL (PostgreSQL: an empty database).
Not a test: numbers depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import compileall
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

import wsguard
from benchmarks.populate import REPOS, RULES, SPAN, populate_detections
from wsguard.clock import utcnow
from wsguard.report.data import (
    decisions,
    drift_summary,
    issue_counts,
    open_counts,
    period_counts,
    ready_tasks,
    recent_sessions,
    task_counts,
)
from wsguard.report.trend import weekly_trend
from wsguard.store.db import Database
from wsguard.store.models.drift import DriftDetection
from wsguard.store.sql import open_reader, session_executor


def timed(label: str, func_: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    started = time.perf_counter()
    func_(*args, **kwargs)
    print(f"  {label:<32} {time.perf_counter() - started:7.3f} s")


def queries(database: Database, now: datetime) -> None:
    since = now - timedelta(days=7)
    longer = now - SPAN
    url = database.url.render_as_string(hide_password=False)
    sqlite = open_reader(url)
    print(f"queries through {'sqlite3' if sqlite else 'SQLAlchemy'} (after a first run):")
    with database.session_scope() as session:
        read = sqlite or session_executor(session)
        drift_summary(read, now=now, since=since, repo=None)  # warm the caches
        timed("drift summary", drift_summary, read, now=now, since=since, repo=None)
        timed("  open by repo/rule/decision", open_counts, read, None)
        timed("  new and fixed per repo", period_counts, read, since=since, repo=None)
        timed("  weekly trend (8 weeks)", weekly_trend, read, now=now, since=since, repo=None)
        timed("drift summary, 26 weeks", drift_summary, read, now=now, since=longer, repo=None)
        timed("  new and fixed per repo", period_counts, read, since=longer, repo=None)
        timed("  weekly trend (27 weeks)", weekly_trend, read, now=now, since=longer, repo=None)
        timed("drift summary, one repo", drift_summary, read, now=now, since=since, repo=REPOS[3])
        pairs = [(r, f"ADR-{i % 10:03d}") for i, r in enumerate(RULES)]
        timed("decisions", decisions, read, pairs, None, {}, {})
        timed("issues, tasks, sessions", lambda: (issue_counts(read, None), task_counts(read, None),
              ready_tasks(read, None), recent_sessions(read)))  # fmt: skip
    if sqlite is not None:
        sqlite.close()


def whole_process(url: str, now: datetime, runs: int) -> None:
    # Time the report, not the compilation of wsguard's modules (PYTHONDONTWRITEBYTECODE).
    compileall.compile_dir(Path(wsguard.__file__).parent, quiet=1)
    base = [sys.executable, "-m", "wsguard", "--db", url, "report", "--format", "json"]
    print(f"whole process, {runs} runs: median (min–max) wall, median CPU")
    # Outside any workspace: with no rules.yaml, `--repo` takes the database's names
    # (this checkout's own rules.yaml lists the meridian repositories, not REPOS).
    outside = tempfile.mkdtemp(prefix="wsguard-report-bench-")
    for extra in ([], ["--since", (now - SPAN).strftime("%Y-%m-%d")], ["--repo", REPOS[3]]):
        walls, cpus, size = [], [], 0
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            done = subprocess.run(
                base + extra, capture_output=True, text=True, check=True, cwd=outside
            )
            walls.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            size = len(done.stdout)
        label = " ".join(["report --format json", *extra])
        print(
            f"  {label:<48} {statistics.median(walls):5.2f} s "
            f"({min(walls):.2f}–{max(walls):.2f})  cpu {statistics.median(cpus):.2f} s"
            f"  [{size:,} bytes]"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, help="Reuse or create this SQLite file.")
    where.add_argument("--url", help="Reuse or fill this database (any URL).")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = args.url or f"sqlite:///{args.db or Path(tempfile.mkdtemp()) / 'bench.db'}"
    now = utcnow()
    with Database(url) as database:
        with database.session_scope() as s:
            existing = s.scalar(select(func.count()).select_from(DriftDetection))
        if not existing:
            started = time.perf_counter()
            populate_detections(url, args.rows, now)
            print(f"populated {args.rows:,} detections in {time.perf_counter() - started:.1f} s")
            if database.dialect == "postgresql":
                # What autovacuum does in time: the visibility map lets index-only scans be.
                autocommit = database.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT"
                )
                with autocommit as conn:
                    conn.execute(text("VACUUM ANALYZE drift_detections"))
        else:
            print(f"reusing {existing:,} detections in {database!r}")
        queries(database, now)
    whole_process(url, now, args.runs)


if __name__ == "__main__":
    main()
