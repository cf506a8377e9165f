"""Scaling series of the full scan (``check --all-files``), cold, whole processes.

- scan: an empty database at the schema before every run and ``--no-cache``, on
  synthetic packages of N files (5 % import the banned module), beside
  ``lint-imports --no-cache`` on the same package.
- cores: the same cold scan pinned to one core by ``taskset -c 0`` (one CPU: no
  forked workers, see ``wsguard/parallel.py``) and unpinned (every core).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from benchmarks import cases_scan, synth
from benchmarks.curves import Point, Series
from benchmarks.dbfiles import empty_db, fresh_copy
from benchmarks.timing import BenchError, Command, Samples, measure
from benchmarks.tools import Tools, lint_imports, load_1min, progress

_TREES: dict[tuple[Path, int], synth.Workspace] = {}


def _tree(work: Path, files: int) -> synth.Workspace:
    """A synthetic package of ``files`` files (5 % with violations), built once."""
    key = (work, files)
    if key not in _TREES:
        progress(f"building a {files}-file tree")
        _TREES[key] = synth.make_workspace(
            work / f"tree-{files}", repos=1, files=files, share=0.05, prefix="large"
        )
    return _TREES[key]


def _cold(tools: Tools, ws: synth.Workspace, template: Path, prefix: Sequence[str] = ()) -> Command:
    argv = [
        *prefix,
        *tools.wsguard("check", "--all-files", *(["--no-cache"] if tools.no_cache else [])),
    ]
    return Command(
        argv, ws.repos[0].path, tools.env, fresh_copy(template, ws.db), frozenset({0, 1})
    )


def scan_series(work: Path, tools: Tools, runs: int, sizes: Sequence[int]) -> Series:
    template = empty_db(tools, work)
    points = []
    for n in sizes:
        ws = _tree(work, n)
        progress(f"cold scan, {n} files")
        cmds = {"wsguard check --all-files": _cold(tools, ws, template),
                **lint_imports(tools, ws.repos[0], cold=True)}  # fmt: skip
        points.append(Point(n, measure(cmds, runs), load_1min()))
    return Series(
        "scan", "full scan (cold) vs files", "file",
        ("wsguard check --all-files", "lint-imports"), tuple(points), per=1000,
        note="Cold: an empty database at the schema before every run, --no-cache; "
        "lint-imports --no-cache on the same package.",
    )  # fmt: skip


def cores_series(
    work: Path, tools: Tools, runs: int, files: int, real: Path | None, module: str | None
) -> Series:
    """The cold scan pinned to one core and unpinned, on the synthetic tree of ``files``
    files (most files ruled out by bytes) and, when given, a real tree whose files
    mostly import the banned module (nearly every file parsed)."""
    template = empty_db(tools, work)
    cores = os.cpu_count() or 1
    pinned = shutil.which("taskset")
    trees = [(f"synthetic, {files:,} files", _tree(work, files))]
    if real is not None:
        tree = cases_scan.real_tree(real, module)
        progress(f"building {tree.label}")
        trees.append((tree.label, tree.build(work / "real-tree")))
    lines = tuple(label for label, _ in trees)
    if pinned is None or cores < 2:
        return Series("cores", "full scan (cold) vs cores", "core", lines, (),
                      note="not measured: needs taskset and 2 cores")  # fmt: skip
    one: dict[str, Samples | BenchError] = {}
    every: dict[str, Samples | BenchError] = {}
    for label, ws in trees:
        progress(f"cold scan, {label}, 1 core vs {cores}")
        got = measure(
            {"one": _cold(tools, ws, template, (pinned, "-c", "0")),
             "every": _cold(tools, ws, template)},
            runs,
        )  # fmt: skip
        one[label], every[label] = got["one"], got["every"]
    load = load_1min()
    return Series(
        "cores", "full scan (cold) vs cores", "core", lines,
        (Point(1, one, load), Point(cores, every, load)), speedup=True, log=False,
        note="1 core: `taskset -c 0` (wsguard.parallel.workers() sees one CPU: no pool); "
        f"{cores}: unpinned, a forked child per extra core above 200 files (4 MB of code when "
        "imports are read without a full parse). Runs interleaved.",
    )  # fmt: skip
