"""Checking on several cores finds exactly what checking in one process finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from wsguard import parallel
from wsguard.rules.config import load_config
from wsguard.rules.engine import FileInput, check_files

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
