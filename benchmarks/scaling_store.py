"""The recorder's scaling series: ``record_or_spool`` of N new detections into a fresh
database, timed inside a process (``benchmarks/inproc.py record-findings``), on SQLite
and on PostgreSQL when a URL is given and it answers.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from benchmarks.curves import Point, Series
from benchmarks.dbfiles import HERE, empty_db
from benchmarks.timing import BenchError, Samples
from benchmarks.tools import Tools, load_1min, progress


def _record_once(tools: Tools, count: int, target: str) -> float:
    argv = [tools.python, "-m", "benchmarks.inproc", "record-findings", str(count), target]
    done = subprocess.run(argv, cwd=HERE.parent, env=tools.env, capture_output=True, text=True)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        raise BenchError(f"record-findings: {tail[0]}")
    return float(json.loads(done.stdout)["seconds"])


def record_series(
    work: Path, tools: Tools, runs: int, sizes: Sequence[int], postgres: str | None
) -> Series:
    targets: Mapping[str, str] = {"SQLite": str(empty_db(tools, work))}
    if postgres:
        targets = {**targets, "PostgreSQL": postgres}
    failed: dict[str, BenchError] = {}
    for name, target in targets.items():  # one warm-up each; tells if PostgreSQL answers
        try:
            _record_once(tools, 100, target)
        except BenchError as exc:
            failed[name] = exc
    points = []
    for n in sizes:
        progress(f"recording {n} detections")
        seconds: dict[str, list[float]] = {name: [] for name in targets}
        for _ in range(runs):
            for name, target in targets.items():
                if name in failed:
                    continue
                try:
                    seconds[name].append(_record_once(tools, n, target))
                except BenchError as exc:
                    failed[name] = exc
        results: dict[str, Samples | BenchError] = {
            name: failed[name] if name in failed else Samples(tuple(s))
            for name, s in seconds.items()
        }
        points.append(Point(n, results, load_1min()))
    note = "record_or_spool alone, the first call of its process, a fresh database each run"
    if not postgres:
        note += "; PostgreSQL not measured (no --postgres URL / $WSGUARD_TEST_POSTGRES_URL)"
    return Series("record", "recorder vs detections", "detection", tuple(targets),
                  tuple(points), per=1000, note=note + ".")  # fmt: skip
