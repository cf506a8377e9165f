"""Benchmark: check every Python file of a large tree for one forbidden module.

    .venv/bin/python benchmarks/rules_bench.py [TREE] [MODULE ...]

Defaults: SQLAlchemy's sources in site-packages; modules ``sqlalchemy.util``
(imported nearly everywhere: every file is parsed) and ``pandas`` (never
imported: the byte prefilter skips parsing). Prints files/s and the time of
``ruff check --select TID251`` with the same module banned, on the same tree.
Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

from wsguard.rules.config import Config, make_rule
from wsguard.rules.engine import FileInput, check_files


def bench_wsguard(tree: Path, module: str) -> tuple[int, int, float]:
    files = sorted(p for p in tree.rglob("*") if p.suffix in (".py", ".pyi") and p.is_file())
    inputs = [FileInput(p.relative_to(tree.parent).as_posix(), p.read_bytes()) for p in files]
    all_paths = {i.path for i in inputs}
    config = Config(
        Path("rules.yaml"),
        (make_rule(id="ban", kind="forbidden-import", message="banned", modules=[module]),),
    )
    best = float("inf")
    findings = []
    for _ in range(3):
        start = time.perf_counter()
        findings = check_files(config, "bench", inputs, all_paths)
        best = min(best, time.perf_counter() - start)
    return len(inputs), len(findings), best


def bench_ruff(tree: Path, module: str) -> float | None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        return None
    option = f'lint.flake8-tidy-imports.banned-api."{module}".msg = "banned"'
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(
            [
                ruff,
                "check",
                "--isolated",
                "--no-cache",
                "--ignore-noqa",
                "--select",
                "TID251",
                "--config",
                option,
                "--exit-zero",
                "--quiet",
                str(tree),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    tree = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else (Path(sysconfig.get_paths()["purelib"]) / "sqlalchemy")
    )
    modules = sys.argv[2:] or ["sqlalchemy.util", "pandas"]
    size = sum(p.stat().st_size for p in tree.rglob("*.py")) / 1e6
    print(f"tree: {tree} ({size:.1f} MB of Python)")
    for module in modules:
        count, found, seconds = bench_wsguard(tree, module)
        ruff = bench_ruff(tree, module)
        ruff_text = f"{ruff:.3f} s" if ruff is not None else "not installed"
        print(
            f"  {module:<18} wsguard: {count} files, {found} findings, {seconds:.3f} s, "
            f"{count / seconds:,.0f} files/s | ruff TID251 (multi-threaded): {ruff_text}"
        )


if __name__ == "__main__":
    main()
