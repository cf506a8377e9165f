"""Full scan of a large tree for one forbidden module, cold and warm.

wsguard: ``python -m wsguard check --all-files`` in the repository, recording to
the workspace's SQLite file.
- cold: before each run the database is replaced by a copy of an empty one at
  the current schema (no cached results; schema creation is not timed), and
  ``--no-cache`` is passed once ``check`` has it;
- warm: the same command again, nothing changed, the database kept.
References on the same tree: ``ruff check --select TID251`` (cold: ``--no-cache``;
warm: its cache primed) and ``lint-imports`` (cold: ``--no-cache``; warm: primed).
Before timing, wsguard's findings (``--format json --no-record``) are compared
with ruff's JSON output as sets of (path, line).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from benchmarks import synth
from benchmarks.dbfiles import empty_db, fresh_copy
from benchmarks.table import Row, median, ratio, target
from benchmarks.timing import Command, measure
from benchmarks.tools import Tools, package_dir

Builder = Callable[[Path], synth.Workspace]
WARM_RATIO_TARGET = 0.5  # issue 16


class Tree(NamedTuple):
    label: str
    build: Builder
    # The cases whose issue-16 target is judged on this tree: cold on the files lint-imports
    # reads (lib/sqlalchemy), warm on the whole repository; other trees are for reference.
    targets: tuple[str, ...] = ("cold", "warm")


def most_imported(tree: Path) -> str:
    """The top-level module most files of ``tree`` import, its own package and
    ``__future__`` aside: a ban that makes every checker parse most files."""
    counts: Counter[str] = Counter()
    for path in tree.rglob("*.py"):
        try:
            nodes = ast.walk(ast.parse(path.read_bytes()))
        except (SyntaxError, ValueError, OSError):
            continue
        mods: set[str] = set()
        for node in nodes:
            if isinstance(node, ast.Import):
                mods.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                mods.add(node.module.split(".")[0])
        counts.update(mods - {tree.name, "__future__"})
    return counts.most_common(1)[0][0] if counts else "pandas"


def real_tree(path: Path, module: str | None, targets: tuple[str, ...] = ("cold", "warm")) -> Tree:
    ban = module or most_imported(path)
    files = sum(1 for _ in path.rglob("*.py"))
    return Tree(
        f"{path.name} ({files} files), ban {ban}",
        lambda root: synth.workspace_from_tree(path, root, ban),
        targets,
    )


def synthetic_tree(files: int, share: float = 0.05) -> Tree:
    def build(root: Path) -> synth.Workspace:
        return synth.make_workspace(root, repos=1, files=files, share=share, prefix="large")

    return Tree(f"synthetic ({files} files, {share:.0%} with pandas)", build, ())


def default_real_tree() -> Path | None:
    """SQLAlchemy's sources in site-packages (a dependency of wsguard)."""
    return package_dir("sqlalchemy")


def _findings_note(tools: Tools, repo: synth.Repo) -> str:
    """Do wsguard and ruff find the same (path, line) pairs?"""
    argv = tools.wsguard("check", "--all-files", "--format", "json", "--no-record")
    done = subprocess.run(argv, cwd=repo.path, env=tools.env, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        return f"wsguard --format json failed ({done.returncode})"
    data = json.loads(done.stdout)["data"]["findings"]
    mine = {(f["path"], f["line"]) for f in data if f["rule"] == synth.RULE_ID}
    expected = f"; expected {repo.expected}" if repo.expected is not None else ""
    if not tools.ruff:
        return f"wsguard findings: {len(mine)}{expected}"
    argv = [tools.ruff, "check", "--no-cache", "--ignore-noqa", "--select", "TID251",
            "--output-format", "json", "--exit-zero"]  # fmt: skip
    out = subprocess.run(argv, cwd=repo.path, env=tools.env, capture_output=True, text=True)
    root = repo.path.resolve()
    theirs = {
        (Path(f["filename"]).resolve().relative_to(root).as_posix(), f["location"]["row"])
        for f in json.loads(out.stdout)
        if f["code"] == "TID251"
    }
    same = "yes" if mine == theirs else "NO"
    sign = "=" if mine == theirs else "≠"
    return f"findings identical to ruff: {same} ({len(mine)}{sign}{len(theirs)}){expected}"


def _group(
    tools: Tools, repo: synth.Repo, fresh: Callable[[int], None] | None
) -> dict[str, Command]:
    """The three tools on ``repo``: cold (``fresh`` replaces the database) or warm."""
    ok = frozenset({0, 1})
    cold = fresh is not None
    check = ["check", "--all-files"] + (["--no-cache"] if cold and tools.no_cache else [])
    cmds = {"wsguard": Command(tools.wsguard(*check), repo.path, tools.env, fresh or _nothing, ok)}
    if tools.ruff:
        argv = [tools.ruff, "check", "--ignore-noqa", "--select", "TID251"]
        cmds["ruff"] = Command(argv + (["--no-cache"] if cold else []), repo.path, tools.env, ok=ok)
    if tools.lint_imports and repo.package:
        env = {**tools.env, "PYTHONPATH": str(repo.src)}
        argv = [tools.lint_imports, "--no-logo"] + (["--no-cache"] if cold else [])
        cmds["lint"] = Command(argv, repo.path, env, ok=ok)
    return cmds


def _nothing(run: int) -> None:
    pass


def scan_rows(
    work: Path, tools: Tools, runs: int, trees: list[Tree], wanted: Callable[[str], bool]
) -> list[Row]:
    rows = []
    template = empty_db(tools, work)
    for n, tree in enumerate(trees):
        print(f"  building {tree.label}…", file=sys.stderr, flush=True)
        ws = tree.build(work / f"tree-{n}")
        repo = ws.repos[0]
        findings = _findings_note(tools, repo)
        if wanted("cold"):
            got = measure(_group(tools, repo, fresh_copy(template, ws.db)), runs)
            w, r, li = got["wsguard"], got.get("ruff"), got.get("lint")
            ratios = " · ".join(x for x in (ratio(w, li, "lint-imports"), ratio(w, r, "ruff")) if x)
            judged = "cold" in tree.targets
            verdict = target("≤ lint-imports cold", w, median(li)) if judged else "reference"
            note = f"{verdict}; {findings}"
            rows.append(Row(f"full scan cold: {tree.label}", w, r, li, ratios, note))
        if wanted("warm"):
            got = measure(_group(tools, repo, None), runs)
            w, r, li = got["wsguard"], got.get("ruff"), got.get("lint")
            ratios = " · ".join(x for x in (ratio(w, r, "ruff"), ratio(w, li, "lint-imports")) if x)
            theirs = median(r)
            limit = theirs * WARM_RATIO_TARGET if theirs is not None else None
            judged = "warm" in tree.targets
            note = target(f"≤ {WARM_RATIO_TARGET}× ruff warm", w, limit) if judged else "reference"
            rows.append(Row(f"full scan warm: {tree.label}", w, r, li, ratios, note))
    return rows
