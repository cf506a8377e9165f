"""Benchmark: ``consistent-dependency`` across 50 repos' manifests and lockfiles.

    .venv/bin/python -m benchmarks.deps_bench [--repos 50] [--runs 7] [--lock UV_LOCK]

Each repo holds a ``pyproject.toml`` (PEP 621, 12 dependencies, SQLAlchemy
pinned) and the ``uv.lock`` made by uv for it (tests/rules/lockfiles, 18
packages; the SQLAlchemy version varied so that every tenth repo disagrees).
Times one commit's workspace check of one repo against the 49 others, in
this process after a warm-up, for ``compare: declared`` and ``compare:
resolved``, then the same check as a whole fresh process (imports of
``packaging`` included). wsguard is byte-compiled first (PYTHONDONTWRITEBYTECODE
is set on these machines). Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import wsguard
from wsguard.rules.config import Config, load_config_text
from wsguard.rules.engine import MemoryRepoView, check_workspace

LOCKS = Path(__file__).resolve().parent.parent / "tests" / "rules" / "lockfiles"
RULE = """version: 1
rules:
  - id: one-sqlalchemy
    kind: consistent-dependency
    message: one SQLAlchemy version
    packages: [sqlalchemy]
    compare: {compare}
"""
COMMAND = (sys.executable, "-m", "benchmarks.deps_bench")
DEPS = ["click>=8", "rich>=13", "attrs>=23", "httpx>=0.27", "pydantic>=2", "jinja2>=3.1"]
DEPS += ["pyyaml>=6", "typer>=0.12", "orjson>=3", "tenacity>=8", "statsmodels>=0.14"]


def repos(count: int, lock_path: Path = LOCKS / "core-uv.lock") -> dict[str, MemoryRepoView]:
    lock = lock_path.read_text(encoding="utf-8")
    views = {}
    for i in range(count):
        version = "2.0.25" if i % 10 == 9 else "2.0.30"
        lines = ",\n".join(f'    "{d}"' for d in [*DEPS, f"SQLAlchemy=={version}"])
        pyproject = f'[project]\nname = "repo-{i:02d}"\ndependencies = [\n{lines},\n]\n'
        files = {
            "pyproject.toml": pyproject,
            "uv.lock": lock.replace('version = "2.0.30"', f'version = "{version}"'),
            "README.md": "",
        }
        views[f"repo-{i:02d}"] = MemoryRepoView(f"repo-{i:02d}", files)
    return views


def _once(config: Config, views: dict[str, MemoryRepoView]) -> tuple[float, int]:
    started = time.perf_counter()
    found = check_workspace(config, "repo-09", views)
    return time.perf_counter() - started, len(found)


def inner(count: int, compare: str, lock: Path) -> None:
    """One fresh process: build the views, check once, print the check's time."""
    views = repos(count, lock)
    config = load_config_text(RULE.format(compare=compare))
    elapsed, found = _once(config, views)
    print(f"{elapsed:.6f} {found}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--lock", type=Path, default=LOCKS / "core-uv.lock", help="a uv.lock")
    parser.add_argument("--inner", choices=("declared", "resolved"))
    args = parser.parse_args()
    if args.inner:
        inner(args.repos, args.inner, args.lock)
        return
    compileall.compile_dir(Path(wsguard.__file__).parent, quiet=1)
    views = repos(args.repos, args.lock)
    size = args.lock.stat().st_size // 1024
    print(f"{args.repos} repos, each a pyproject.toml and a {size} kB uv.lock", flush=True)
    print("| compare | in process, warm: median (min–max) | fresh process: median | findings |")
    print("|---|---|---|---|")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for compare in ("declared", "resolved"):
        config = load_config_text(RULE.format(compare=compare))
        _once(config, views)  # warm-up: imports, caches of parsed specifiers
        times = []
        found = 0
        for _ in range(args.runs):
            elapsed, found = _once(config, views)
            times.append(elapsed)
        fresh = []
        for _ in range(max(3, args.runs // 2)):
            out = subprocess.run(
                [
                    *COMMAND,
                    "--inner",
                    compare,
                    "--repos",
                    str(args.repos),
                    "--lock",
                    str(args.lock),
                ],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            ).stdout.split()
            fresh.append(float(out[0]))
        print(
            f"| {compare} | {statistics.median(times) * 1000:.1f} ms "
            f"({min(times) * 1000:.1f}–{max(times) * 1000:.1f}) "
            f"| {statistics.median(fresh) * 1000:.1f} ms | {found} |"
        )


if __name__ == "__main__":
    main()
