"""One bad file never crashes or stalls a check; it becomes one warning."""

from __future__ import annotations

import time

import pytest

from tests.rules.helpers import check, config
from wsguard.rules.engine import FileInput, check_files

RULES = """
- id: no-pandas
  kind: forbidden-import
  message: no pandas
  modules: [pandas]
- id: no-pandas-either
  kind: forbidden-import
  message: no pandas
  modules: [pandas.io]
"""


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"import pandas\x00", "binary"),
        (b"import pandas\n\xff\xfe", "invalid UTF-8"),
        (b"import pandas\ndef (:\n", "syntax error"),
        (b"import pandas\nx = " + b"-" * 200_000 + b"1\n", "nested"),
        (b"import pandas\nx = " + b"(" * 500 + b")" * 500 + b"\n", "syntax error"),
        (b"import pandas\n" + b"x = 1\n" * (2 << 20), "MiB"),
    ],
)
def test_unreadable_file_is_one_warning(data: bytes, reason: str) -> None:
    start = time.perf_counter()
    found = check(config(RULES), {"src/a.py": data, "src/b.py": b"import pandas.io\n"})
    assert time.perf_counter() - start < 5
    (warning,) = [f for f in found if f.path == "src/a.py"]
    assert warning.rule == "wsguard/unreadable"
    assert warning.severity == "warning"
    assert reason in warning.message
    assert "no-pandas, no-pandas-either" in warning.message
    assert [f.rule for f in found if f.path == "src/b.py"] == ["no-pandas", "no-pandas-either"]


@pytest.mark.parametrize(
    ("data", "warned"),
    [
        (b"import pandas\x00", True),
        (b"import pandas\n\xff\xfe", True),
        (b"import pandas\nx = 'unterminated\n", True),
        (b"import pandas\n" + b"x = 1\n" * (2 << 20), True),
        # only the imports are read: a syntax error elsewhere goes unseen
        (b"import pandas\ndef (:\n", False),
        (b"import pandas\nx = " + b"(" * 500 + b")" * 500 + b"\n", False),
    ],
)
def test_full_scans_warn_about_what_they_cannot_read(data: bytes, warned: bool) -> None:
    files = [FileInput("src/a.py", data)]
    found = check_files(config(RULES), "meridian-core", files, fast=True)
    expected = ["wsguard/unreadable"] if warned else ["no-pandas"]
    assert [f.rule for f in found] == expected


def test_each_file_is_parsed_once_for_all_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    import ast

    calls = []
    real = ast.parse

    def counting(*args: object, **kwargs: object) -> ast.Module:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ast, "parse", counting)
    check(config(RULES), {"src/a.py": "import pandas.io\n", "src/b.py": "import os\n"})
    assert len(calls) == 1  # b.py cannot match: never parsed


def test_every_kind_is_registered_under_its_own_name() -> None:
    from wsguard.rules.kinds import KINDS

    assert len(KINDS) == 8
    for name in KINDS:
        assert KINDS[name].name == name
    assert KINDS.get("no-such-kind") is None
