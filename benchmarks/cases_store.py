"""Store cases: recording many detections, a report over a large store, ``task ready``.

- record: one repository whose files hold N violations in total (50 a file);
  ``python -m wsguard check --all-files`` on a fresh copy of an empty database
  each run, so every finding is a new detection; and the recording step alone
  (``record_or_spool``, timed inside a process whose imports and scan are done,
  see ``benchmarks/inproc.py``). The recorded count is checked afterwards.
- report: ``wsguard report --format json`` over N detections (see
  ``benchmarks/populate.py``), the database cached between suite runs.
- map: ``wsguard report --format svg``, the architecture map alone, of 50 repos with
  200 files of scan data each (``benchmarks/map_bench.py``).
- tasks: ``wsguard task ready --json`` over 10,000 tasks and 20,000 dependencies
  (``benchmarks/tracker_bench.py``), cached likewise.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from benchmarks import codegen, synth
from benchmarks.dbfiles import HERE, cached_db, empty_db, fresh_copy
from benchmarks.table import Row, target
from benchmarks.timing import BenchError, Command, Samples, measure
from benchmarks.tools import Tools

RECORD_TARGET_S = 1.0
REPORT_TARGET_S = 1.0
PER_FILE = 50
FULL_DETECTIONS = 10_000
FULL_REPORT_ROWS = 1_000_000


class Sizes(NamedTuple):
    detections: int
    report_rows: int


def _recorded(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM drift_detections").fetchone()[0])
    finally:
        conn.close()


def _record_step(tools: Tools, repo: synth.Repo, template: Path, runs: int) -> Samples | BenchError:
    seconds = []
    for _ in range(runs):
        argv = [tools.python, "-m", "benchmarks.inproc", "record", str(repo.path), str(template)]
        done = subprocess.run(argv, cwd=HERE.parent, env=tools.env, capture_output=True, text=True)
        if done.returncode != 0:
            return BenchError(f"inproc record: {done.stderr.strip().splitlines()[-1:]}")
        seconds.append(float(json.loads(done.stdout)["seconds"]))
    return Samples(tuple(seconds))


def _record_rows(work: Path, tools: Tools, runs: int, count: int) -> list[Row]:
    files = codegen.files_for(max(1, count // PER_FILE))
    ws = synth.make_workspace(
        work / "store", repos=1, files=files, share=1.0, per_file=PER_FILE, prefix="store"
    )
    repo = ws.repos[0]
    template = empty_db(tools, work)
    check = ["check", "--all-files"] + (["--no-cache"] if tools.no_cache else [])
    cmd = Command(tools.wsguard(*check), repo.path, tools.env, fresh_copy(template, ws.db),
                  frozenset({1}))  # fmt: skip
    got = measure({"wsguard": cmd}, runs)["wsguard"]
    stored = _recorded(ws.db) if ws.db.exists() else 0
    label = f"{repo.expected:,}"
    check_note = f"recorded {stored:,} of {label} expected"
    limit = RECORD_TARGET_S if repo.expected == FULL_DETECTIONS else None
    goal = target("≤ 1 s", got, limit) if limit else f"target ≤ 1 s is for {FULL_DETECTIONS:,}"
    step = _record_step(tools, repo, template, runs)
    step_goal = target("≤ 1 s", step, limit) if limit else ""
    return [
        Row(f"record {label} detections: check --all-files", got, note=f"{goal}; {check_note}"),
        Row(f"record {label} detections: record_or_spool alone", step, note=step_goal),
    ]


def _timed_db(
    tools: Tools, work: Path, db: Path, args: list[str], runs: int
) -> Samples | BenchError:
    cmd = Command(tools.wsguard("--db", f"sqlite:///{db}", *args), work, tools.env)
    return measure({"wsguard": cmd}, runs)["wsguard"]


def store_rows(
    work: Path,
    tools: Tools,
    runs: int,
    sizes: Sizes,
    cache_dir: Path,
    wanted: Callable[[str], bool],
) -> list[Row]:
    rows = []
    if wanted("record"):
        rows += _record_rows(work, tools, runs, sizes.detections)
    if wanted("report"):
        n = sizes.report_rows
        db = cached_db(tools, cache_dir, "report", [str(n)])
        got = _timed_db(tools, work, db, ["report", "--format", "json"], runs)
        goal = (
            target("≤ 1 s", got, REPORT_TARGET_S)
            if n == FULL_REPORT_ROWS
            else f"target ≤ 1 s is for {FULL_REPORT_ROWS:,} rows"
        )
        rows.append(Row(f"report --format json, {n:,} detections", got, note=goal))
    if wanted("map"):
        from benchmarks import map_bench

        root = work / "map"
        root.mkdir(parents=True, exist_ok=True)
        names = map_bench.repo_names(50)
        map_bench.write_rules(root, names)
        db = root / "workspace.db"
        db.unlink(missing_ok=True)
        map_bench.populate(db, names, 200)
        cmd = Command(
            tools.wsguard("--workspace", str(root), "--db", f"sqlite:///{db}", "report",
                          "--format", "svg"),
            root, tools.env,
        )  # fmt: skip
        got = measure({"wsguard": cmd}, runs)["wsguard"]
        goal = target("≤ 1 s", got, map_bench.MAP_TARGET_S)
        rows.append(Row("architecture map (report --format svg), 50 repos × 200 files", got,
                        note=goal))  # fmt: skip
    if wanted("tasks"):
        db = cached_db(tools, cache_dir, "tasks", [])
        got = _timed_db(tools, work, db, ["task", "ready", "--json"], runs)
        rows.append(Row("task ready --json, 10,000 tasks", got, note="no target"))
    return rows
