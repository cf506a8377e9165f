"""The scaling series: one input varied, whole processes timed as the suite times them.

- staged: ``python -m wsguard check`` (the pre-commit hook) in a repository of N
  modules, all N given new content and staged before every run. "clean" bans a
  module no file mentions, so the clean-commit gate decides; "pre-filter hit"
  also writes the banned name in a comment of one file, which sends the check
  down the full path (engine, parse of that file) to the same clean verdict.
  lint-imports runs on the same package (a forbidden contract), staged alike.
- rules: the same hook on 5 staged modules with N ``forbidden-import`` rules (one
  banned module each, none mentioned: gated), and with the same N plus one
  ``forbidden-pattern`` rule (a kind the gate does not judge: the full path).
- scan: ``check --all-files`` cold (empty database at the schema, ``--no-cache``)
  on synthetic packages of N files (5 % import the banned module), beside
  ``lint-imports --no-cache`` on the same package.
- cores: the same cold scan on one tree under ``taskset -c 0`` (one core: no
  worker pool, see ``wsguard/parallel.py``) and unpinned (every core).
- record: ``record_or_spool`` of N new detections into a fresh database, timed
  inside a process (``benchmarks/inproc.py record-findings``), on SQLite and on
  PostgreSQL when it answers.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from benchmarks import cases_scan, codegen, synth
from benchmarks.curves import Point, Series
from benchmarks.dbfiles import HERE, empty_db, fresh_copy
from benchmarks.timing import BenchError, Command, Samples, measure
from benchmarks.tools import Tools

BANNED = "polars"  # codegen never writes it: a change of synthetic modules is clean
PATTERN_RULE = """  - id: no-home-paths
    kind: forbidden-pattern
    message: no hard-coded home-directory paths
    severity: warning
    pattern: '/home/[A-Za-z0-9_.-]+/'
    paths: ["*.py"]
"""


def _load() -> float:
    return os.getloadavg()[0]


def _progress(text: str) -> None:
    print(f"  {text}…", file=sys.stderr, flush=True)


def _stager(
    repo: synth.Repo, files: list[str], tag: str, mention: str | None
) -> Callable[[int], None]:
    """A ``before`` giving every file new content (``tag`` keeps the blobs of two
    commands apart) and staging it; ``mention`` goes in a comment of the last file."""
    originals = {f: (repo.path / f).read_text(encoding="utf-8") for f in files}
    counter = itertools.count()

    def before(run: int) -> None:
        n = next(counter)
        for f in files:
            text = originals[f] + f"# {tag} edit {n}\n"
            if mention and f == files[-1]:
                text += f"# {mention} is not used here\n"
            (repo.path / f).write_text(text, encoding="utf-8")
        subprocess.run(["git", "add", "--", *files], cwd=repo.path, env=synth.git_env(), check=True)

    return before


def _modules(repo: synth.Repo) -> list[str]:
    return [f for f in repo.files if not f.endswith("__init__.py")]


def _lint(tools: Tools, repo: synth.Repo, before: Callable[[int], None] | None = None,
          cold: bool = False) -> dict[str, Command]:  # fmt: skip
    if not tools.lint_imports or not repo.package:
        return {}
    env = {**tools.env, "PYTHONPATH": str(repo.src)}
    argv = [tools.lint_imports, "--no-logo"] + (["--no-cache"] if cold else [])
    ok = frozenset({0, 1})
    if before is None:
        return {"lint-imports": Command(argv, repo.path, env, ok=ok)}
    return {"lint-imports": Command(argv, repo.path, env, before, ok)}


@contextmanager
def _pg_schema(tools: Tools, base: str | None) -> Iterator[str | None]:
    """A fresh schema of the PostgreSQL database at ``base``, migrated by ``wsguard db
    upgrade``: its URL, or None when there is no server to use. Dropped afterwards."""
    if not base:
        yield None
        return
    import sqlalchemy as sa

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    admin = sa.create_engine(base)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.SQLAlchemyError:
        admin.dispose()
        yield None
        return
    try:
        argv = tools.wsguard("--db", url, "db", "upgrade")
        subprocess.run(argv, env=tools.env, check=True, capture_output=True)
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def staged_series(
    work: Path, tools: Tools, runs: int, sizes: Sequence[int], postgres: str | None
) -> Series:
    with _pg_schema(tools, postgres) as pg_url:
        return _staged(work, tools, runs, sizes, pg_url)


def _staged(
    work: Path, tools: Tools, runs: int, sizes: Sequence[int], pg_url: str | None
) -> Series:
    clean, hit, on_pg = "clean (gate)", "pre-filter hit (full check)", "clean, PostgreSQL"
    lines = (clean, hit, "lint-imports", *((on_pg,) if pg_url else ()))
    points = []
    for n in sizes:
        _progress(f"hook, {n} staged files")
        root = work / f"staged-{n}"
        repo = synth.make_repo(root / "hook", codegen.files_for(n), 0.0)
        synth.write_rules(root, {repo.name: repo.package}, BANNED)
        files = _modules(repo)
        cmds = {
            clean: Command(tools.wsguard("check"), repo.path, tools.env,
                           _stager(repo, files, "clean", None)),
            hit: Command(tools.wsguard("check"), repo.path, tools.env,
                         _stager(repo, files, "hit", BANNED)),
            **_lint(tools, repo, _stager(repo, files, "lint", None)),
        }  # fmt: skip
        if pg_url:  # the gate is SQLite-only: a PostgreSQL commit takes the full path
            env = {**tools.env, "WSGUARD_DB": pg_url}
            cmds[on_pg] = Command(tools.wsguard("check"), repo.path, env,
                                  _stager(repo, files, "pg", None))  # fmt: skip
        points.append(Point(len(files), measure(cmds, runs), _load()))
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


def _rules_yaml(root: Path, repo: synth.Repo, count: int, full: bool) -> None:
    lines = ["version: 1", "", "repos:", f"  {repo.name}:", f"    path: {repo.name}"]
    lines += ["    source_roots: [src]", f"    packages: [{repo.package}]", "", "rules:"]
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
        _progress(f"hook, {n} rules")
        cmds = {}
        for line, is_full in ((gated, False), (full, True)):
            root = work / f"rules-{n}-{'full' if is_full else 'gated'}"
            repo = synth.make_repo(root / "hook", 6, 0.0)
            _rules_yaml(root, repo, n, is_full)
            stage = _stager(repo, _modules(repo), line[:4], None)
            cmds[line] = Command(tools.wsguard("check"), repo.path, tools.env, stage)
        points.append(Point(n, measure(cmds, runs), _load()))
    return Series(
        "rules", "hook vs rules (5 staged files)", "rule", (gated, full), tuple(points),
        note="Each forbidden-import rule bans its own module (none mentioned in the change).",
    )  # fmt: skip


_TREES: dict[tuple[Path, int], synth.Workspace] = {}


def _tree(work: Path, files: int) -> synth.Workspace:
    """A synthetic package of ``files`` files (5 % with violations), built once."""
    key = (work, files)
    if key not in _TREES:
        _progress(f"building a {files}-file tree")
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
        _progress(f"cold scan, {n} files")
        cmds = {"wsguard check --all-files": _cold(tools, ws, template),
                **_lint(tools, ws.repos[0], cold=True)}  # fmt: skip
        points.append(Point(n, measure(cmds, runs), _load()))
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
        _progress(f"building {tree.label}")
        trees.append((tree.label, tree.build(work / "real-tree")))
    lines = tuple(label for label, _ in trees)
    if pinned is None or cores < 2:
        return Series("cores", "full scan (cold) vs cores", "core", lines, (),
                      note="not measured: needs taskset and 2 cores")  # fmt: skip
    one: dict[str, Samples | BenchError] = {}
    every: dict[str, Samples | BenchError] = {}
    for label, ws in trees:
        _progress(f"cold scan, {label}, 1 core vs {cores}")
        got = measure(
            {"one": _cold(tools, ws, template, (pinned, "-c", "0")),
             "every": _cold(tools, ws, template)},
            runs,
        )  # fmt: skip
        one[label], every[label] = got["one"], got["every"]
    load = _load()
    return Series(
        "cores", "full scan (cold) vs cores", "core", lines,
        (Point(1, one, load), Point(cores, every, load)), speedup=True, log=False,
        note="1 core: `taskset -c 0` (wsguard.parallel.workers() sees one CPU: no pool); "
        f"{cores}: unpinned, a pool of forked workers above 200 files. Runs interleaved.",
    )  # fmt: skip


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
        _progress(f"recording {n} detections")
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
        points.append(Point(n, results, _load()))
    note = "record_or_spool alone, the first call of its process, a fresh database each run"
    if not postgres:
        note += "; PostgreSQL not measured (no --postgres URL / $WSGUARD_TEST_POSTGRES_URL)"
    return Series("record", "recorder vs detections", "detection", tuple(targets),
                  tuple(points), per=1000, note=note + ".")  # fmt: skip
