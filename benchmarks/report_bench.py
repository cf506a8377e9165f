"""Benchmark: ``wsguard report --format json`` over one million drift detections.

    python benchmarks/report_bench.py [--rows N] [--db PATH]

Builds (or reuses) a SQLite database with N detections across 20 repos and 50 rules,
first seen over the last 26 weeks, and times the report end to end (a real
``wsguard`` process) and query by query.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

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

REPOS = [f"meridian-repo-{i:02d}" for i in range(20)]
RULES = [f"rule-{i:02d}" for i in range(50)]
CHUNK = 50_000
SPAN = timedelta(weeks=26)


def populate(database: Database, rows: int, now: datetime) -> None:
    rng = random.Random(1)
    table = DriftDetection.__table__
    with database.engine.begin() as conn:
        for start in range(0, rows, CHUNK):
            batch = []
            for i in range(start, min(start + CHUNK, rows)):
                first = now - SPAN * rng.random()
                roll = rng.random()
                status = (
                    "open" if roll < 0.3 else "resolved" if roll < 0.9
                    else "waived" if roll < 0.95 else "baselined"
                )  # fmt: skip
                resolved = first + (now - first) * rng.random() if status == "resolved" else None
                rule = rng.randrange(len(RULES))
                batch.append(
                    {
                        "rule_id": RULES[rule],
                        "repo": REPOS[rng.randrange(len(REPOS))],
                        "path": f"src/pkg/module_{i % 5000}.py",
                        "line": i % 400 + 1,
                        "fingerprint": f"{i:064x}",
                        "message": "forbidden import",
                        "severity": "error" if rule % 3 else "warning",
                        "status": status,
                        "first_seen": first,
                        "last_seen": resolved or now,
                        "resolved_at": resolved,
                        "commit": f"{i:040x}",
                        "decision": f"ADR-{rule % 10:03d}",
                        "extra": {},
                    }
                )
            conn.execute(insert(table), batch)
            print(f"  inserted {min(start + CHUNK, rows):>9,} rows", end="\r", flush=True)
    print()


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
            populate(database, args.rows, now)
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
