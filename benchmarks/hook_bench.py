"""Benchmark: whole-process time of the hook's check, clean and blocked.

    .venv/bin/python benchmarks/hook_bench.py [--runs N]

Builds a three-repo workspace in a temporary folder with the project's
rules.yaml, stages five realistic Python files in meridian-core and times
``python -m wsguard check`` as the pre-commit hook runs it:
- clean: five clean files, recording to SQLite;
- blocked: the same plus ``import pandas``, recording the detection to SQLite.
Prints the median and min–max. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.workspace_fixture import make_workspace  # noqa: E402

MODULE = '''"""A module of realistic size."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Record{n}:
    name: str
    value: float

    def to_json(self) -> str:
        return json.dumps({{"name": self.name, "value": self.value}})


def load_{n}(path: Path) -> list[Record{n}]:
    """Read records from ``path``; missing files give no records."""
    if not path.exists():
        return []
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [Record{n}(r["name"], float(r["value"])) for r in rows if os.sep not in r["name"]]
'''


def timed(cmd: list[str], cwd: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def row(name: str, times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return f"{name:<34} {statistics.median(ms):>8.1f} ms   ({min(ms):.1f}–{max(ms):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = make_workspace(Path(tmp) / "ws", hooks=False)
        core = ws.repo("meridian-core")
        for n in range(5):
            (core / f"src/meridian_core/m{n}.py").write_text(MODULE.format(n=n))
        subprocess.run(["git", "add", "-A"], cwd=core, check=True)
        check = [sys.executable, "-m", "wsguard", "check"]
        floor = timed([sys.executable, "-c", "pass"], core, args.runs)
        clean = timed(check, core, args.runs)
        (core / "src/meridian_core/m4.py").write_text(MODULE.format(n=4) + "import pandas\n")
        subprocess.run(["git", "add", "-A"], cwd=core, check=True)
        blocked = timed(check, core, args.runs)
        print(f"{'case':<34} {'median':>11}   (min–max), {args.runs} runs")
        print(row("python -c pass (floor)", floor))
        print(row("clean 5-file commit check", clean))
        print(row("blocked commit check, recording", blocked))


if __name__ == "__main__":
    main()
