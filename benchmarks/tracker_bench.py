"""Drill-down for the tracker: ``task ready`` / ``task list`` over 10,000 tasks, 20,000 edges.

    .venv/bin/python -m benchmarks.tracker_bench [DB_URL]   # default: a temporary SQLite file

:func:`populate` also fills the database of the suite's ``task ready --json`` case
(``python -m benchmarks``). Here five tracker commands run in this process
(click's ``CliRunner``), so the times leave out process start-up and imports.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import insert

from wsguard.cli import cli
from wsguard.store.db import Database
from wsguard.store.models import Task, TaskDependency, TaskRepo

TASKS, EDGES = 10_000, 20_000
REPOS = ("meridian-core", "meridian-trading", "meridian-research")


def populate(url: str) -> None:
    rng = random.Random(5)
    base = datetime(2025, 1, 1)
    ids = [f"WS-TASK-{i:05d}" for i in range(1, TASKS + 1)]
    tasks: list[dict[str, object]] = [
        {"id": key, "title": f"task {i}", "status": rng.choice(("pending", "pending", "completed",
         "in_progress")), "priority": rng.choice(("HIGH", "MEDIUM", "LOW")),
         "created_at": base + timedelta(minutes=i), "updated_at": base, "extra": {}}
        for i, key in enumerate(ids)
    ]  # fmt: skip
    edges: set[tuple[str, str]] = set()
    while len(edges) < EDGES:  # only towards older tasks: a DAG
        a, b = sorted(rng.sample(range(TASKS), 2))
        edges.add((ids[b], ids[a]))
    with Database(url) as db, db.session_scope() as s:
        s.execute(insert(Task), tasks)
        s.execute(insert(TaskRepo), [{"task_id": k, "repo": rng.choice(REPOS)} for k in ids])
        s.execute(insert(TaskDependency), [{"task_id": t, "depends_on": d} for t, d in edges])


def timed(url: str, *args: str) -> tuple[float, int]:
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return time.perf_counter() - start, len(result.stdout)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{Path(tmp) / 'bench.db'}"
        start = time.perf_counter()
        populate(url)
        print(f"populate {TASKS} tasks, {EDGES} edges: {time.perf_counter() - start:.2f}s")
        for args in (
            ("task", "ready", "--json"),
            ("task", "ready"),
            ("task", "ready", "--repo", "meridian-core", "--json"),
            ("task", "list", "--json"),
            ("task", "list", "--status", "pending", "--json"),
        ):
            seconds, size = timed(url, *args)
            print(f"{' '.join(args):<45} {seconds:6.2f}s  ({size:,} bytes)")


if __name__ == "__main__":
    main()
