"""Drill-down for the report case: ``wsguard report`` over N detections, query by query.

    .venv/bin/python -m benchmarks.report_bench [--rows N] [--db PATH]

Builds (or reuses) a SQLite database with N detections (``benchmarks/populate.py``:
20 repos, 50 rules, first seen over the last 26 weeks) and times each query of
the report in this process, then the report end to end (a real ``wsguard``
process). The suite (``python -m benchmarks``) times only the end-to-end report.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from benchmarks.populate import REPOS, RULES, populate_detections
from wsguard.report.build import utc_now
from wsguard.report.data import (
    decisions,
    drift_summary,
    issue_counts,
    ready_tasks,
    recent_sessions,
    task_counts,
)
from wsguard.report.trend import weekly_trend
from wsguard.store.db import Database
from wsguard.store.models_guard import DriftDetection


def timed(label: str, func_: object, *args: object, **kwargs: object) -> None:
    started = time.perf_counter()
    func_(*args, **kwargs)  # type: ignore[operator]
    print(f"  {label:<28} {time.perf_counter() - started:7.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="Reuse or create this SQLite file.")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "bench.db"
    url = f"sqlite:///{path}"
    now = utc_now()
    with Database(url) as database:
        with database.session_scope() as s:
            existing = s.scalar(select(func.count()).select_from(DriftDetection))
        if not existing:
            started = time.perf_counter()
            populate_detections(url, args.rows, now)
            print(f"populated {args.rows:,} detections in {time.perf_counter() - started:.1f} s")
        else:
            print(f"reusing {existing:,} detections in {path}")
        since = now - timedelta(days=7)
        print("queries (warm):")
        with database.session_scope() as s:
            timed("drift summary (all)", drift_summary, s, now=now, since=since, repo=None)
            timed("  weekly trend (26 weeks)", weekly_trend, s, now=now, since=since, repo=None)
            timed("drift summary (one repo)", drift_summary, s, now=now, since=since, repo=REPOS[3])
            pairs = [(r, f"ADR-{i % 10:03d}") for i, r in enumerate(RULES)]
            timed("decisions", decisions, s, pairs, None, {})
            timed("issues, tasks, sessions", lambda: (issue_counts(s, None), task_counts(s, None),
                  ready_tasks(s, None), recent_sessions(s)))  # fmt: skip
    for extra in ([], ["--since", (now - timedelta(weeks=26)).strftime("%Y-%m-%d")]):
        command = [sys.executable, "-m", "wsguard", "--db", url, "report", "--format", "json"]
        command += extra
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        elapsed = time.perf_counter() - started
        print(f"wsguard report --format json {' '.join(extra)}: {elapsed:.2f} s "
              f"({len(done.stdout):,} bytes)")  # fmt: skip


if __name__ == "__main__":
    main()
