"""Hook path: ``wsguard check`` on five staged files, as the installed git hook runs it
(``python -c "from wsguard.entry import main; main()" check``, see hooks/pre-commit).

The repository holds one package of five realistic modules (plus ``__init__.py``).
Before every run, timed or warm-up, each command gets new content in all five
files (a comment with a fresh counter, then ``git add``): a result cache keyed by
blob id never sees the same blob twice, as on a real commit's first check.
The blocked variant also imports the forbidden module under a fresh alias, so
each run records a new detection (and resolves the previous one).

A third row runs the project's own ``rules.yaml`` (seven rules of six kinds,
workspace rules reading the other repos) on a three-repo meridian workspace:
what the hook costs under a realistic policy, wsguard only.

Last, rows time a whole ``git commit`` of five edited files, once through the
installed hooks (pre-commit check, post-commit with no work session open) and once
in an identical repository without hooks: what a user waits for, and what the guard
adds to it. Twice: with the clean row's files (the bytes settle the check: the
clean-commit gate), and with files whose docstrings mention the banned module (only
a parse can tell: the gate parses them, without the ``ast`` module).

Reference columns on the same repository: ``ruff check --select TID251`` on the
five files (the module in ``banned-api``) and ``lint-imports`` with a forbidden
contract (the package is on ``PYTHONPATH``; import-linter's own cache on).
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks import synth
from benchmarks.table import Row, fmt_time, median, ratio, target
from benchmarks.timing import Command, Samples, measure
from benchmarks.tools import Tools

PROJECT_RULES = Path(__file__).resolve().parent.parent / "rules.yaml"
MERIDIAN = ("meridian-core", "meridian-trading", "meridian-research")
CLEAN_TARGET_S = 0.080
BLOCKED_TARGET_S = 0.500
LINT_RATIO_TARGET = 0.25  # issue 16
COMMIT_RATIO_TARGET = 0.5  # what the hooks add to a git commit, over lint-imports


def _stager(repo: synth.Repo, files: list[str], module: str | None) -> Callable[[int], None]:
    """A ``before`` that gives the files new content and stages it."""
    originals = {f: (repo.path / f).read_text(encoding="utf-8") for f in files}
    counter = itertools.count()

    def before(run: int) -> None:
        n = next(counter)
        for f in files:
            text = originals[f]
            if module and f == files[-1]:
                text += f"import {module} as {module[:2]}_{n}\n"
            (repo.path / f).write_text(text + f"# edit {n}\n", encoding="utf-8")
        subprocess.run(["git", "add", "--", *files], cwd=repo.path, env=synth.git_env(), check=True)

    return before


def _commands(
    tools: Tools, repo: synth.Repo, files: list[str], module: str | None
) -> dict[str, Command]:
    code = frozenset({1} if module else {0})
    cmds = {
        "wsguard": Command(
            tools.hook("check"), repo.path, tools.env, _stager(repo, files, module), code
        )
    }
    if tools.ruff:
        argv = [tools.ruff, "check", "--no-cache", "--ignore-noqa", "--select", "TID251", *files]
        cmds["ruff"] = Command(argv, repo.path, tools.env, _stager(repo, files, module), code)
    if tools.lint_imports:
        env = {**tools.env, "PYTHONPATH": str(repo.src)}
        argv = [tools.lint_imports, "--no-logo"]
        cmds["lint"] = Command(argv, repo.path, env, _stager(repo, files, module), code)
    return cmds


def _row(case: str, module: str | None, cmds: dict[str, Command], runs: int) -> Row:
    got = measure(cmds, runs)
    w, r, li = got["wsguard"], got.get("ruff"), got.get("lint")
    ratios = " · ".join(x for x in (ratio(w, li, "lint-imports"), ratio(w, r, "ruff")) if x)
    if module is None:
        theirs = median(li)
        limit = theirs * LINT_RATIO_TARGET if theirs is not None else None
        note = "; ".join(
            (
                target(f"≤ {LINT_RATIO_TARGET}× lint-imports", w, limit),
                target("≤ 80 ms", w, CLEAN_TARGET_S),
            )
        )
    else:
        note = target("≤ 500 ms", w, BLOCKED_TARGET_S)
    return Row(case, w, r, li, ratios, note)


def hook_rows(work: Path, tools: Tools, runs: int, wanted: Callable[[str], bool]) -> list[Row]:
    ws = synth.make_workspace(work / "hook", repos=1, files=6, share=0.0, prefix="hook")
    repo = ws.repos[0]
    files = [f for f in repo.files if not f.endswith("__init__.py")]
    rows = []
    if wanted("floor"):
        floor = measure(
            {
                "python": Command([tools.python, "-c", "pass"], repo.path, tools.env),
                "git": Command(["git", "diff", "--cached", "--raw"], repo.path, tools.env),
            },
            runs,
        )
        rows.append(Row("floor: python -c pass", floor["python"], note="process start-up"))
        dev = measure({"dev": Command([sys.executable, "-c", "pass"], repo.path, tools.env)}, runs)
        rows.append(
            Row(
                "floor: python -c pass, editable dev install",
                dev["dev"],
                note="not timed elsewhere: its finder runs at every start",
            )
        )
        rows.append(Row("floor: git diff --cached --raw", floor["git"], note="one git call"))
    if wanted("clean"):
        cmds = _commands(tools, repo, files, None)
        rows.append(_row("hook: clean commit, 5 staged files, SQLite", None, cmds, runs))
    if wanted("policy") and PROJECT_RULES.is_file():
        root = work / "policy"
        core, *_ = [synth.make_repo(root / name, files=6, share=0.0) for name in MERIDIAN]
        shutil.copyfile(PROJECT_RULES, root / "rules.yaml")
        core_files = [f for f in core.files if not f.endswith("__init__.py")]
        cmd = Command(tools.hook("check"), core.path, tools.env, _stager(core, core_files, None))
        got = measure({"wsguard": cmd}, runs)["wsguard"]
        case = "hook: clean commit, project rules.yaml (7 rules)"
        rows.append(Row(case, got, note=target("≤ 80 ms", got, CLEAN_TARGET_S)))
    if wanted("blocked"):
        cmds = _commands(tools, repo, files, ws.module)
        rows.append(_row("hook: blocked commit (1 import), recorded", ws.module, cmds, runs))
    if wanted("commit"):
        rows += commit_rows(work, tools, runs)
    return rows


# The two commits timed whole: the hook row's five files, whose bytes settle the check
# (the clean-commit gate), and another repository's five whose docstrings mention the
# banned module (only a parse can tell: the gate parses them, wsguard.rules.mentions).
COMMITS = (("hook", "bytes settle it"), ("synth", "files mention the module in text"))


def commit_rows(work: Path, tools: Tools, runs: int) -> list[Row]:
    """A whole ``git commit`` through the hooks, beside the same commit without them."""
    rows = []
    for prefix, what in COMMITS:
        rows += _commit_rows(work / f"commit-{prefix}", tools, runs, prefix, what)
    return rows


def _commit_rows(work: Path, tools: Tools, runs: int, prefix: str, what: str) -> list[Row]:
    from wsguard.install import install

    cmds = {}
    for name in ("hooked", "bare"):
        ws = synth.make_workspace(work / name, repos=1, files=6, share=0.0, prefix=prefix)
        repo = ws.repos[0]
        files = [f for f in repo.files if not f.endswith("__init__.py")]
        if name == "hooked":
            install(repo.path, python=tools.python)
            if tools.lint_imports:  # the reference: import-linter on the same package
                env = {**tools.env, "PYTHONPATH": str(repo.src)}
                argv = [tools.lint_imports, "--no-logo"]
                cmds["lint"] = Command(argv, repo.path, env, _stager(repo, files, None))
        argv = ["git", "commit", "-q", "-m", "edit"]
        cmds[name] = Command(argv, repo.path, tools.env, _stager(repo, files, None))
    got = measure(cmds, runs)
    hooked, bare, lint = got["hooked"], got["bare"], got.get("lint")
    with_hooks, without, theirs = median(hooked), median(bare), median(lint)
    rows = [
        Row(f"commit ({what}): git commit, 5 files, hooks installed", hooked),
        Row(f"commit ({what}): the same without hooks", bare, note="git alone"),
    ]
    if with_hooks is not None and without is not None:
        added = with_hooks - without
        ratios = f"{added / theirs:.2f}× lint-imports" if theirs else ""
        limit = theirs * COMMIT_RATIO_TARGET if theirs else None
        note = "median with hooks minus median without; " + target(
            f"≤ {COMMIT_RATIO_TARGET}× lint-imports", Samples((added,)), limit
        )
        case = f"commit ({what}): what the hooks add"
        rows.append(Row(case, fmt_time(added), None, lint, ratios, note))
    return rows
