"""Scaling series of the pre-commit hook, whole processes: ``wsguard check`` as the installed
hook runs it (``Tools.hook``: ``python -c "from wsguard.entry import main; main()" check``).

- staged: a repository of N modules, all N given new content and staged before
  every run. "clean" bans a module no file mentions, so the clean-commit gate
  decides; "pre-filter hit" also writes the banned name in a string of one file
  (``NOTE = "pandas is not used here"``: a string could be a dynamic import's, so the
  gate steps aside; a docstring or comment it would parse and decide itself), which
  sends the check down the full path (engine, parse of that file) to the same clean
  verdict. lint-imports runs on the same package (a forbidden contract),
  staged alike; with a PostgreSQL URL, the clean change recorded there too.
- rules: 5 staged modules with N ``forbidden-import`` rules (one banned module each,
  none mentioned: gated), and the same N plus one ``forbidden-pattern`` rule (a kind
  the gate does not judge: the full path).
- repos: 5 staged modules in a workspace whose ``rules.yaml`` lists N repositories.
"""

from __future__ import annotations

import itertools
import subprocess
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from benchmarks import codegen, record_bench, synth
from benchmarks.curves import Point, Series
from benchmarks.timing import Command, measure
from benchmarks.tools import Tools, lint_imports, load_1min, progress

BANNED = "polars"  # codegen never writes it: a change of synthetic modules is clean
PATTERN_RULE = """  - id: no-home-paths
    kind: forbidden-pattern
    message: no hard-coded home-directory paths
    severity: warning
    pattern: '/home/[A-Za-z0-9_.-]+/'
    paths: ["*.py"]
"""


def _stager(
    repo: synth.Repo, files: list[str], tag: str, mention: str | None
) -> Callable[[int], None]:
    """A ``before`` giving every file new content (``tag`` keeps the blobs of two
    commands apart) and staging it; ``mention`` goes in a string of the last file."""
    originals = {f: (repo.path / f).read_text(encoding="utf-8") for f in files}
    counter = itertools.count()

    def before(run: int) -> None:
        n = next(counter)
        for f in files:
            text = originals[f] + f"# {tag} edit {n}\n"
            if mention and f == files[-1]:
                text += f'NOTE = "{mention} is not used here"\n'
            (repo.path / f).write_text(text, encoding="utf-8")
        subprocess.run(["git", "add", "--", *files], cwd=repo.path, env=synth.git_env(), check=True)

    return before


def _modules(repo: synth.Repo) -> list[str]:
    return [f for f in repo.files if not f.endswith("__init__.py")]


@contextmanager
def _pg_schema(base: str | None) -> Iterator[str | None]:
    """A fresh, migrated schema of the PostgreSQL database at ``base``
    (:func:`benchmarks.record_bench.pg_db`): its URL, or None when there is no server
    to use. Dropped afterwards."""
    if not base:
        yield None
        return
    import sqlalchemy as sa

    with ExitStack() as stack:
        try:
            url: str | None = stack.enter_context(record_bench.pg_db(base))
        except sa.exc.SQLAlchemyError:
            url = None  # no server to use
        yield url


def staged_series(
    work: Path, tools: Tools, runs: int, sizes: Sequence[int], postgres: str | None
) -> Series:
    with _pg_schema(postgres) as pg_url:
        return _staged(work, tools, runs, sizes, pg_url)


def _staged(
    work: Path, tools: Tools, runs: int, sizes: Sequence[int], pg_url: str | None
) -> Series:
    clean, hit, on_pg = "clean (gate)", "pre-filter hit (full check)", "clean, PostgreSQL"
    lines = (clean, hit, "lint-imports", *((on_pg,) if pg_url else ()))
    points = []
    for n in sizes:
        progress(f"hook, {n} staged files")
        root = work / f"staged-{n}"
        repo = synth.make_repo(root / "hook", codegen.files_for(n), 0.0)
        synth.write_rules(root, {repo.name: repo.package}, BANNED)
        files = _modules(repo)
        cmds = {
            clean: Command(tools.hook("check"), repo.path, tools.env,
                           _stager(repo, files, "clean", None)),
            hit: Command(tools.hook("check"), repo.path, tools.env,
                         _stager(repo, files, "hit", BANNED)),
            **lint_imports(tools, repo, _stager(repo, files, "lint", None)),
        }  # fmt: skip
        if pg_url:  # the gate is SQLite-only: a PostgreSQL commit takes the full path
            env = {**tools.env, "WSGUARD_DB": pg_url}
            cmds[on_pg] = Command(tools.hook("check"), repo.path, env,
                                  _stager(repo, files, "pg", None))  # fmt: skip
        points.append(Point(len(files), measure(cmds, runs), load_1min()))
    pg_note = (
        "PostgreSQL: the same clean change, recorded in a fresh schema (the full path)."
        if pg_url
        else "PostgreSQL not measured (no --postgres URL, or it did not answer)."
    )
    note = (
        f"A repository of N modules, all staged with new content; one forbidden-import rule "
        f"({BANNED}). lint-imports reads the whole package (also N modules). {pg_note}"
    )
    return Series("staged", "hook vs staged files", "staged file", lines, tuple(points), note=note)


def _rules_yaml(
    root: Path, repo: synth.Repo, count: int, full: bool, others: Sequence[str] = ()
) -> None:
    lines = ["version: 1", "", "repos:", f"  {repo.name}:", f"    path: {repo.name}"]
    lines += ["    source_roots: [src]", f"    packages: [{repo.package}]"]
    for name in others:
        lines += [f"  {name}:", f"    path: {name}"]
    lines += ["", "rules:"]
    for k in range(count):
        lines += [
            f"  - id: banned-{k:03d}",
            "    kind: forbidden-import",
            f"    message: banned_{k:03d} must not be imported",
            f"    modules: [banned_{k:03d}]",
        ]
    (root / "rules.yaml").write_text("\n".join(lines) + "\n" + (PATTERN_RULE if full else ""))


def rules_series(work: Path, tools: Tools, runs: int, sizes: Sequence[int]) -> Series:
    gated, full = "forbidden-import only (gate)", "+ 1 forbidden-pattern (full check)"
    points = []
    for n in sizes:
        progress(f"hook, {n} rules")
        cmds = {}
        for line, is_full in ((gated, False), (full, True)):
            root = work / f"rules-{n}-{'full' if is_full else 'gated'}"
            repo = synth.make_repo(root / "hook", 6, 0.0)
            _rules_yaml(root, repo, n, is_full)
            stage = _stager(repo, _modules(repo), line[:4], None)
            cmds[line] = Command(tools.hook("check"), repo.path, tools.env, stage)
        points.append(Point(n, measure(cmds, runs), load_1min()))
    return Series(
        "rules", "hook vs rules (5 staged files)", "rule", (gated, full), tuple(points),
        note="Each forbidden-import rule bans its own module (none mentioned in the change).",
    )  # fmt: skip


def repos_series(work: Path, tools: Tools, runs: int, sizes: Sequence[int]) -> Series:
    clean, hit = "clean (gate)", "pre-filter hit (full check)"
    points = []
    for n in sizes:
        progress(f"hook, {n} repos in the workspace")
        root = work / f"repos-{n}"
        repo = synth.make_repo(root / "hook", 6, 0.0)
        others = [f"repo-{k:05d}" for k in range(1, n)]
        for name in others:  # what discover_repos looks for: a folder with .git in it
            (root / name / ".git").mkdir(parents=True)
        _rules_yaml(root, repo, 1, False, others)
        files = _modules(repo)
        cmds = {
            clean: Command(tools.hook("check"), repo.path, tools.env,
                           _stager(repo, files, "clean", None)),
            hit: Command(tools.hook("check"), repo.path, tools.env,
                         _stager(repo, files, "hit", "banned_000")),
        }  # fmt: skip
        points.append(Point(n, measure(cmds, runs), load_1min()))
    return Series(
        "repos", "hook vs repos in the workspace (5 staged files)", "repo", (clean, hit),
        tuple(points),
        note="Every repository listed under `repos:` with its path; all but the one "
        "committed to are folders holding an empty .git folder (not cloned). One "
        "forbidden-import rule.",
    )  # fmt: skip
