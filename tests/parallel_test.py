"""Checking on several cores finds exactly what checking in one process finds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from wsguard import parallel
from wsguard.rules.config import load_config
from wsguard.rules.engine import FileInput, check_files
from wsguard.values import Finding

PROJECT_RULES = Path(__file__).resolve().parent.parent / "rules.yaml"


def _inputs(count: int) -> list[FileInput]:
    files = [
        FileInput(
            f"src/meridian_core/m{i}.py",
            (
                f'"""Module {i}."""\nimport os\n'
                + ("import pandas\n" if i % 7 == 0 else "")
                + ("def f():\n    from numpy import array\n" if i % 11 == 0 else "")
                + ("x = 1  # wsguard: ignore[no-data-science-in-core]\n" if i % 13 == 0 else "")
            ).encode(),
        )
        for i in range(count)
    ]
    files.append(FileInput("requirements.txt", b"requests\n-r extra.txt\n"))
    files.append(FileInput("src/meridian_core/broken.py", b"def f(:\n"))
    return files


@pytest.mark.parametrize("cores", [2, 3])
def test_parallel_equals_serial(monkeypatch: pytest.MonkeyPatch, cores: int) -> None:
    config = load_config(PROJECT_RULES)
    inputs = _inputs(parallel.MIN_FILES + 50)
    paths = frozenset(f.path for f in inputs) | {"extra.txt"}

    def read_other(path: str) -> bytes | None:  # the rest of the repository
        return b"pandas==2.2\n" if path == "extra.txt" else None

    serial = check_files(config, "meridian-core", inputs, paths, read_other)
    monkeypatch.setattr(parallel, "workers", lambda: cores)  # more shares than this machine
    spread = parallel.check_many(config, "meridian-core", inputs, paths, read_other)
    assert sorted(spread) == sorted(serial)
    rules = {f.rule for f in serial}
    assert {"no-data-science-in-core", "no-data-science-deps-in-core"} <= rules


def test_a_worker_that_fails_has_its_share_checked_here(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    config = load_config(PROJECT_RULES)
    inputs = _inputs(parallel.MIN_FILES + 50)
    paths = frozenset(f.path for f in inputs)
    serial = check_files(config, "meridian-core", inputs, paths)
    here = os.getpid()

    def failing_in_a_child(*args: Any, **kwargs: Any) -> list[Finding]:
        if os.getpid() != here:
            raise MemoryError("a worker's share")  # what a child could meet
        return check_files(*args, **kwargs)

    monkeypatch.setattr(parallel, "check_files", failing_in_a_child)
    monkeypatch.setattr(parallel, "workers", lambda: 3)
    spread = parallel.check_many(config, "meridian-core", inputs, paths, None)
    assert sorted(spread) == sorted(serial)


_STUCK_SCAN = """
import sys, time
from pathlib import Path
from wsguard import parallel
from wsguard.rules.config import load_config
from wsguard.rules.engine import FileInput

parallel.workers = lambda: 3
parallel.check_files = lambda *args: time.sleep(60) or []  # a scan that takes its time
config = load_config(Path(sys.argv[1]))
inputs = [FileInput(f"src/m{i}.py", b"import os\\n") for i in range(parallel.MIN_FILES + 10)]
parallel.check_many(config, "meridian-core", inputs, None, None)
"""


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("signame", ["SIGKILL", "SIGTERM"])
def test_workers_die_with_their_parent(signame: str) -> None:
    """A killed ``wsguard scan`` once left a worker blocked forever in 3 of 24 runs."""
    import os
    import signal
    import subprocess
    import sys
    import time

    for round_ in range(4):
        proc = subprocess.Popen([sys.executable, "-c", _STUCK_SCAN, str(PROJECT_RULES)])
        try:
            deadline = time.monotonic() + 20
            while len(workers := _children(proc.pid)) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(workers) >= 2, f"round {round_}: the pool did not start"
            time.sleep(0.2 * round_)  # kill at different moments of the workers' lives
        finally:
            os.kill(proc.pid, getattr(signal, signame))
            proc.wait(10)
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [w for w in workers if _alive(w)]
        for w in left:
            os.kill(w, signal.SIGKILL)
        assert not left, f"round {round_}: workers {left} outlived their parent ({signame})"
