"""Benchmark: recording 10,000 detections in one scan, in process.

    .venv/bin/python benchmarks/record_bench.py [--findings N] [--runs N] [--pg URL]

For each run, a fresh database at the current schema (created outside the
timing) and one scan of N findings (N/10 files, 10 findings each, two rules)
recorded with ``record_or_spool``:
- fresh: every detection is new (inserted, grouped into its rule's issue);
- repeat: the same scan again, every detection known (updated, nothing resolved);
- half gone: a scan of the same repository finding only half of them (the rest resolved).
SQLite always; PostgreSQL too with ``--pg URL`` (each run in a schema of its own,
dropped afterwards). Prints the median and min–max. Not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wsguard.rules.config import load_config
from wsguard.values import Finding, Scan, fingerprint

PROJECT = Path(__file__).resolve().parent.parent
RULES = ("no-data-science-in-core", "core-is-the-bottom-layer")
REPO = "meridian-core"


def make_scan(count: int) -> Scan:
    findings = []
    for n in range(count):
        rule = RULES[n % len(RULES)]
        path = f"src/meridian_core/gen/m{n // 10:05d}.py"
        anchor = f"import pandas as p{n}"
        findings.append(
            Finding(
                rule=rule,
                repo=REPO,
                path=path,
                line=n % 10 + 1,
                col=1,
                severity="error",
                message=f"`{anchor}` imports forbidden module pandas",
                fingerprint=fingerprint(rule, REPO, path, anchor),
                decision="ADR-001",
            )
        )
    return Scan(REPO, findings, count // 10, None, None)


@contextmanager
def sqlite_db(tmp: Path) -> Iterator[str]:
    from wsguard.store.db import Database

    url = f"sqlite:///{tmp / f'{uuid.uuid4().hex}.db'}"
    with Database(url):
        pass  # the schema exists: the hook's usual case
    yield url


@contextmanager
def pg_db(base: str) -> Iterator[str]:
    import sqlalchemy as sa

    from wsguard.store.db import Database

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    url = f"{base}{sep}options=-csearch_path%3D{schema}"
    try:
        with Database(url):
            pass
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def bench(
    new_db: Callable[[], AbstractContextManager[str]], scan: Scan, runs: int
) -> dict[str, list[float]]:
    from wsguard.store.recorder import record_or_spool

    config = load_config(PROJECT / "rules.yaml")
    half = scan._replace(findings=scan.findings[::2])
    times: dict[str, list[float]] = {"fresh": [], "repeat": [], "half gone": []}
    for _ in range(runs):
        with new_db() as url:
            for case, this in (("fresh", scan), ("repeat", scan), ("half gone", half)):
                meta = {"mode": "all", "ref": None, "commit": "0" * 40, "author": "bench"}
                started = time.perf_counter()
                outcome = record_or_spool(url, this, [r.info() for r in config.rules], meta)
                times[case].append(time.perf_counter() - started)
                assert outcome.recorded, outcome.notes
    return times


def row(name: str, times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return f"{name:<34} {statistics.median(ms):>8.1f} ms   ({min(ms):.1f}–{max(ms):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pg", metavar="URL", help="also on this PostgreSQL database")
    args = parser.parse_args()
    scan = make_scan(args.findings)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["WSGUARD_SPOOL_DIR"] = str(Path(tmp) / "spool")
        results = {"SQLite": bench(lambda: sqlite_db(Path(tmp)), scan, args.runs)}
        if args.pg:
            results["PostgreSQL"] = bench(lambda: pg_db(args.pg), scan, args.runs)
    print(f"{'recording ' + str(args.findings) + ' findings':<34} {'median':>11}   (min–max)")
    for backend, times in results.items():
        for case, values in times.items():
            print(row(f"{backend}: {case}", values))


if __name__ == "__main__":
    main()
