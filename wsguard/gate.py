"""The clean-commit gate: a staged change that provably holds no finding, decided and
recorded without the rules engine.

Most commits are clean, and most clean commits are decided by bytes alone: the
engine runs each rule kind's byte pre-filter (``may_match``) before it parses a
file, and for ``forbidden-import`` a file that does not contain the module's
name, and has no relative import that could reach it, cannot import it. The
full check would load the engine, every rule kind, ``ast`` and more (~40 ms of
imports) to learn that. The gate reads the same staged blobs through the same
git plumbing, runs that pre-filter on the cached validated rules
(:func:`wsguard.rules.compiled.load_raw`) and, when nothing can match, records
the clean scan run exactly as the fast path does and returns the verdict.

It answers only when that is certain, and returns None otherwise, so the full
check runs and decides: another rule kind in ``rules.yaml`` (it would need its own
pre-filter here), rules not validated and cached yet, a byte pre-filter hit, a
suppression comment (``wsguard:``), a file that is not plain ASCII or declares an
encoding (the engine normalises those first), a ``--from-ref``/files-only check,
pending spooled scans, a database that is not a current SQLite file, recorded
component placements, an open work session, unresolved drift in the commit's
paths. So its answer is always the one the full check would give.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from wsguard import git
from wsguard.rules import compiled
from wsguard.store.fastpath import record_clean_run
from wsguard.store.sql import sqlite_path
from wsguard.workspace import Options, covered, find_rules_file, repo_name, resolve_db_url

MARKER = b"wsguard:"  # a suppression comment: the engine must judge it (rules.suppress.MARKER)
_RELATIVE = re.compile(rb"\bfrom\s+\.")  # as rules.kinds.forbidden_import
_GATED_KINDS = {"forbidden-import"}


class Clean:
    """The gate's answer: the verdict to print, and the connection it recorded through."""

    def __init__(self, text: str, conn: sqlite3.Connection) -> None:
        self.text = text
        self.connection = conn


class Needles:
    """The top-level module names the rules' pre-filters look for."""

    def __init__(self, tops: Iterable[str]) -> None:
        self.tops = sorted(set(tops))
        # As a whole identifier: ``pandas_compat`` or ``mypandas`` never imports pandas,
        # and in an ASCII file an identifier is made of exactly these bytes.
        names = b"|".join(re.escape(top.encode()) for top in self.tops)
        self.pattern = re.compile(rb"(?<![A-Za-z0-9_])(?:" + names + rb")(?![A-Za-z0-9_])")


def _needles(rules: Iterable[dict[str, Any]]) -> Needles | None:
    """What every rule's pre-filter looks for; None if a rule is of a kind the gate
    cannot judge."""
    tops: set[str] = set()
    for rule in rules:
        if rule.get("kind") not in _GATED_KINDS:
            return None
        tops.update(m.split(".")[0] for m in rule["options"]["modules"])
    return Needles(tops)


def _may_hold_finding(path: str, data: bytes, needles: Needles) -> bool:
    """Could the engine find anything in this file? True unless the bytes rule it out."""
    if MARKER in data:
        return True
    if not path.endswith((".py", ".pyi")):
        return False  # forbidden-import reads Python files only
    if not data.isascii() or b"coding" in data[:400]:
        return True  # the engine decodes and NFKC-normalises such a file first
    if needles.pattern.search(data) is not None:
        return True
    # A relative import reaches modules of the file's own top-level package, a folder
    # on its path: when a banned module could be that package, only a parse can tell.
    folders = set(path.split("/")[:-1])
    return any(top in folders for top in needles.tops) and _RELATIVE.search(data) is not None


def _verdict(files: int, color: bool) -> str:
    # The text renderer's words for a clean staged check (wsguard.output.text).
    mark = "\x1b[1;32m✓\x1b[0m" if color else "✓"
    noun = "file" if files == 1 else "files"
    return f"{mark} {files} {noun} checked, no blocking findings\n"


def clean_commit(opts: Options, names: tuple[str, ...]) -> Clean | None:
    """The hook's verdict when the staged change provably holds no finding (recorded),
    else None: then :func:`wsguard.check.run_check` decides."""
    started = time.perf_counter()
    env = os.environ
    if env.get("PRE_COMMIT_FROM_REF") or env.get("PRE_COMMIT_TO_REF"):
        return None  # a range check
    if names and not env.get("GIT_INDEX_FILE"):
        return None  # files named outside a commit: a files check
    if env.get("GIT_DIR") or env.get("GIT_WORK_TREE"):
        return None
    repo_root = Path.cwd().resolve()
    if not (repo_root / ".git").exists():
        return None
    rules_path = find_rules_file(opts, repo_root)
    if rules_path is None:
        return None
    raw = compiled.load_raw(rules_path, rules_path.read_bytes())
    needles = _needles(raw["rules"]) if raw is not None else None
    if raw is None or needles is None:
        return None
    root = Path(opts.workspace).resolve() if opts.workspace else rules_path.parent
    db_url = resolve_db_url(opts, root)
    db_path = sqlite_path(db_url)
    if db_path is None or not db_path.is_file():
        return None
    from wsguard import spool

    if spool.has_pending(db_url):
        return None
    wanted = tuple((repo_root / n).resolve().relative_to(repo_root).as_posix() for n in names)
    entries = git.staged_changes(repo_root)
    if wanted:
        entries = [e for e in entries if e.deleted or covered(e.path, wanted)]
    files = [e for e in entries if not e.deleted and e.mode != git.MODE_GITLINK]
    with git.BlobReader(repo_root) as reader:
        for entry in files:
            data = (reader.read(entry.sha) or b"") if entry.is_regular else b""
            if _may_hold_finding(entry.path, data, needles):
                return None
    scope = {e.path for e in entries} | {e.old_path for e in entries if e.old_path}
    paths = {name: values[1] for name, values in raw["repos"].items()}  # RepoConfig.path
    repo = repo_name(root, paths, repo_root)
    duration = time.perf_counter() - started
    conn = record_clean_run(db_path, repo, sorted(scope), len(files), duration)
    if conn is None:
        return None
    color = sys.stdout.isatty() and not env.get("NO_COLOR")
    return Clean(_verdict(len(files), color), conn)
