"""How wsguard's costs grow: the hook with staged files and rules, the full scan with
files and cores, the recorder with detections (issue 16).

    .venv/bin/python -m benchmarks.scaling [--quick] [--only SERIES...] [--runs N]
                                           [--plot PATH] [--postgres URL] [--work DIR]

Prints a Markdown table per series with the fitted growth, and writes a PNG with a
panel per series. See benchmarks/README.md, "Scaling".
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import NamedTuple

from benchmarks import cases_scan, scaling_hook, scaling_scan, scaling_store
from benchmarks.curves import Series, plot, report
from benchmarks.tools import describe, find_tools, in_work, load_average

SERIES = ("staged", "rules", "repos", "scan", "cores", "record")
REAL_TREE_MODULE = "typing"  # imported by most of SQLAlchemy's files: nearly all are parsed
DEFAULT_PLOT = Path(__file__).resolve().parent / "scaling.png"


class Plan(NamedTuple):
    staged: tuple[int, ...]
    rules: tuple[int, ...]
    repos: tuple[int, ...]
    scan: tuple[int, ...]
    cores_files: int
    cores_real: bool  # also a real tree (SQLAlchemy's sources, typing banned)
    record: tuple[int, ...]
    hook_runs: int
    scan_runs: int
    record_runs: int


FULL = Plan((1, 5, 20, 100, 500), (1, 10, 50, 200), (1, 10, 100, 1000, 2000),
            (100, 300, 1000, 3000), 3000, True,
            (100, 1_000, 10_000, 50_000), 5, 3, 3)  # fmt: skip
# Tiny sizes for a smoke test; the cores tree is just above parallel.MIN_FILES (200).
QUICK = Plan((1, 5), (1, 10), (1, 20), (40, 240), 240, False, (100, 1_000), 1, 1, 1)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.scaling", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes, 1 run (< 60 s)")
    parser.add_argument("--only", nargs="+", choices=SERIES, metavar="SERIES",
                        help=f"series to run: {', '.join(SERIES)}")  # fmt: skip
    parser.add_argument("--runs", type=int, help="timed runs per command (after one warm-up)")
    parser.add_argument(
        "--plot",
        type=Path,
        help=f"where the PNG goes (default: {DEFAULT_PLOT}; with --quick, no plot unless given)",
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=os.environ.get("WSGUARD_TEST_POSTGRES_URL") or None,
        help="also record into this PostgreSQL database, a fresh schema each run "
        "(default: $WSGUARD_TEST_POSTGRES_URL)",
    )
    parser.add_argument("--work", type=Path, help="build the workspaces here and keep them")
    args = parser.parse_args(argv)
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def run(args: argparse.Namespace, work: Path) -> list[Series]:
    plan = QUICK if args.quick else FULL
    if args.runs:
        plan = plan._replace(hook_runs=args.runs, scan_runs=args.runs, record_runs=args.runs)
    wanted = set(args.only or SERIES)
    tools = find_tools(work)
    for line in describe(tools):
        print(line)
    print(
        f"runs per command (after 1 warm-up): hook {plan.hook_runs}, scan {plan.scan_runs}, "
        f"record {plan.record_runs}"
    )
    measured: list[Series] = []
    if "staged" in wanted:
        measured.append(
            scaling_hook.staged_series(work, tools, plan.hook_runs, plan.staged, args.postgres)
        )
    if "rules" in wanted:
        measured.append(scaling_hook.rules_series(work, tools, plan.hook_runs, plan.rules))
    if "repos" in wanted:
        measured.append(scaling_hook.repos_series(work, tools, plan.hook_runs, plan.repos))
    if "scan" in wanted:
        measured.append(scaling_scan.scan_series(work, tools, plan.scan_runs, plan.scan))
    if "cores" in wanted:
        real = cases_scan.default_real_tree() if plan.cores_real else None
        measured.append(
            scaling_scan.cores_series(
                work, tools, plan.scan_runs, plan.cores_files, real, REAL_TREE_MODULE
            )
        )
    if "record" in wanted:
        measured.append(
            scaling_store.record_series(work, tools, plan.record_runs, plan.record, args.postgres)
        )
    return measured


def main(argv: list[str] | None = None) -> list[Series]:
    args = parse(argv)
    started = time.perf_counter()
    measured = in_work(args.work, "wsguard-scaling-", lambda work: run(args, work))
    for series in measured:
        print()
        print(report(series))
    target = args.plot or (None if args.quick else DEFAULT_PLOT)
    print()
    if target is not None:
        print(f"plot: {plot(measured, target)}")
    print(f"took {time.perf_counter() - started:.0f} s; at the end, {load_average()}")
    sys.stdout.flush()
    return measured


if __name__ == "__main__":
    main()
