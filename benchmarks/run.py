"""wsguard's benchmark suite: one table, wsguard beside ruff and import-linter.

    .venv/bin/python -m benchmarks [--quick] [--runs N] [--tree PATH]... [--only CASE...]

See benchmarks/README.md for what each case measures and how to read the table.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from benchmarks.cases_hook import hook_rows
from benchmarks.cases_mcp import mcp_rows
from benchmarks.cases_scan import Tree, default_real_tree, real_tree, scan_rows, synthetic_tree
from benchmarks.cases_store import FULL_DETECTIONS, FULL_REPORT_ROWS, Sizes, store_rows
from benchmarks.dbfiles import default_cache_dir
from benchmarks.table import Row, render
from benchmarks.tools import describe, find_tools, in_work, load_average

GROUPS = {
    "hook": ("floor", "clean", "policy", "blocked", "commit"),
    "scan": ("cold", "warm"),
    "store": ("record", "report", "map", "tasks"),
    "mcp": ("mcp-start", "mcp-ready"),
}
CASES = tuple(c for group in GROUPS.values() for c in group)
FULL_RUNS = {"hook": 10, "scan": 5, "store": 5, "mcp": 5}
QUICK_RUNS = {"hook": 3, "scan": 1, "store": 1, "mcp": 1}
QUICK_SIZES = Sizes(detections=1_000, report_rows=100_000)
SYNTHETIC_FILES = 600
QUICK_SYNTHETIC_FILES = 300


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke test (< 60 s): fewer runs, smaller stores, a 300-file synthetic tree only",
    )
    parser.add_argument("--runs", type=int, help="timed runs per command (after one warm-up)")
    parser.add_argument(
        "--tree",
        type=Path,
        action="append",
        default=[],
        help="a real code tree for the full scans (repeatable); "
        "default: SQLAlchemy's sources in site-packages",
    )
    parser.add_argument(
        "--sqlalchemy-src",
        type=Path,
        default=os.environ.get("WSGUARD_BENCH_SQLALCHEMY_SRC") or None,
        help="a checkout of SQLAlchemy's repository: adds its lib/sqlalchemy (the files "
        "lint-imports reads) and the whole repository as full-scan trees "
        "(default: $WSGUARD_BENCH_SQLALCHEMY_SRC)",
    )
    parser.add_argument(
        "--module",
        help="the module banned in --tree scans (default: the one most files of the tree import)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="CASE",
        choices=(*GROUPS, *CASES),
        help=f"cases or groups to run: {', '.join((*GROUPS, *CASES))}",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=default_cache_dir(),
        help="where populated store databases are kept (default: %(default)s)",
    )
    parser.add_argument("--work", type=Path, help="build workspaces here and keep them")
    args = parser.parse_args(argv)
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def _trees(args: argparse.Namespace) -> list[Tree]:
    real = args.tree or ([] if args.quick else [default_real_tree()])
    trees = [real_tree(path, args.module) for path in real if path is not None]
    if args.sqlalchemy_src is not None:  # the trees the targets are set on
        src = Path(args.sqlalchemy_src).resolve()
        trees = [tree._replace(targets=()) for tree in trees]
        trees.append(real_tree(src / "lib" / "sqlalchemy", args.module, ("cold",)))
        trees.append(real_tree(src, args.module, ("warm",)))
    if not (args.quick and args.tree):
        trees.append(synthetic_tree(QUICK_SYNTHETIC_FILES if args.quick else SYNTHETIC_FILES))
    return trees


def run(args: argparse.Namespace, work: Path) -> list[Row]:
    selected: set[str] = set()
    for name in args.only or GROUPS:
        selected.update(GROUPS.get(name, (name,)))

    def wanted(case: str) -> bool:
        return case in selected

    runs = QUICK_RUNS if args.quick else FULL_RUNS
    if args.runs:
        runs = dict.fromkeys(runs, args.runs)
    tools = find_tools(work)
    for line in describe(tools):
        print(line)
    print(f"runs per command (after 1 warm-up): {runs}")
    rows: list[Row] = []
    progress = sys.stderr
    if selected & set(GROUPS["hook"]):
        print("hook cases…", file=progress, flush=True)
        rows += hook_rows(work, tools, runs["hook"], wanted)
    if selected & set(GROUPS["scan"]):
        print("full-scan cases…", file=progress, flush=True)
        rows += scan_rows(work, tools, runs["scan"], _trees(args), wanted)
    if selected & set(GROUPS["store"]):
        print("store cases…", file=progress, flush=True)
        sizes = QUICK_SIZES if args.quick else Sizes(FULL_DETECTIONS, FULL_REPORT_ROWS)
        rows += store_rows(work, tools, runs["store"], sizes, args.cache_dir, wanted)
    if selected & set(GROUPS["mcp"]):
        print("mcp cases…", file=progress, flush=True)
        rows += mcp_rows(work, tools, runs["mcp"], args.cache_dir, wanted)
    return rows


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    started = time.perf_counter()
    rows = in_work(args.work, "wsguard-bench-", lambda work: run(args, work))
    print()
    print(render(rows))
    print()
    print(f"suite took {time.perf_counter() - started:.0f} s; at the end, {load_average()}")
