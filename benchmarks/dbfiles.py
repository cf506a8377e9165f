"""Database files for the cases: an empty one to copy before cold runs, and large
populated ones kept in a cache folder between runs of the suite."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks.tools import Tools, package_dir

HERE = Path(__file__).resolve().parent


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "wsguard-bench"


def empty_db(tools: Tools, folder: Path) -> Path:
    """An empty database at the current schema, made by ``wsguard db upgrade``."""
    path = folder / "empty.db"
    if not path.exists():
        argv = tools.wsguard("--db", f"sqlite:///{path}", "db", "upgrade")
        subprocess.run(argv, cwd=folder, env=tools.env, check=True, capture_output=True)
    return path


def fresh_copy(template: Path, db: Path) -> Callable[[int], None]:
    """A ``before`` that replaces ``db`` by a copy of ``template`` (WAL files included)."""

    def before(run: int) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(template, db)

    return before


def schema_digest() -> str:
    """Changes when wsguard's migrations or the population code change."""
    h = hashlib.sha256()
    migrations = package_dir("wsguard")
    files = sorted((migrations / "store" / "migrations").rglob("*.py")) if migrations else []
    for path in [*files, HERE / "populate.py", HERE / "tracker_bench.py"]:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:12]


def cached_db(tools: Tools, cache_dir: Path, kind: str, args: list[str]) -> Path:
    """A database populated by ``python -m benchmarks.inproc populate-KIND ARGS… PATH``.

    Kept under ``cache_dir`` by kind, arguments and :func:`schema_digest`; older
    files of the same kind and arguments are removed.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    stem = "-".join([kind, *args])
    path = cache_dir / f"{stem}-{schema_digest()}.db"
    if path.exists():
        return path
    for stale in cache_dir.glob(f"{stem}-*.db*"):
        stale.unlink()
    partial = path.with_suffix(".partial")
    for leftover in cache_dir.glob(f"{partial.name}*"):
        leftover.unlink()
    print(f"  populating {path} (cached for later runs)…", file=sys.stderr, flush=True)
    argv = [tools.python, "-m", "benchmarks.inproc", f"populate-{kind}", *args, str(partial)]
    subprocess.run(argv, cwd=HERE.parent, env=tools.env, check=True, stdout=sys.stderr)
    conn = sqlite3.connect(partial)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # one self-contained file to rename
    conn.close()
    partial.rename(path)
    return path
