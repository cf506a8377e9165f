"""The clean-commit gate answers only when the full check would find nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import git, write, wsguard
from wsguard.gate import clean_commit
from wsguard.workspace import Options

RULES = """version: 1
rules:
  - id: no-pandas
    kind: forbidden-import
    message: no pandas here
    modules: [pandas]
"""
OTHER_KIND = """  - id: no-todo
    kind: forbidden-pattern
    message: no TODO
    pattern: "TODO"
"""


def _workspace(tmp_path: Path, rules: str = RULES) -> Path:
    root = tmp_path / "ws"
    repo = root / "core"
    repo.mkdir(parents=True)
    write(root, "rules.yaml", rules)
    git(repo, "init", "-q")
    write(repo, "src/core/__init__.py", "")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "layout")
    write(repo, "src/core/first.py", "x = 1\n")
    git(repo, "add", "-A")
    assert wsguard(repo, "check").returncode == 0  # creates the database, caches the rules
    return repo


def _gate(repo: Path, monkeypatch: pytest.MonkeyPatch) -> str | None:
    monkeypatch.chdir(repo)
    clean = clean_commit(Options(), ())
    if clean is None:
        return None
    clean.connection.close()
    return clean.text


def _runs(repo: Path) -> list[tuple[str, str, int, int]]:
    conn = sqlite3.connect(repo.parent / "workspace.db")
    try:
        query = "SELECT repo, mode, files_scanned, findings FROM scan_runs ORDER BY id"
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def test_a_clean_commit_is_decided_and_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _workspace(tmp_path)
    write(repo, "src/core/a.py", "import pandas_compat\nimport mypandas\n")  # look-alikes
    write(repo, "README.md", "pandas is banned\n")  # not Python: the rule never reads it
    git(repo, "add", "-A")
    before = _runs(repo)
    assert _gate(repo, monkeypatch) == "✓ 3 files checked, no blocking findings\n"
    assert _runs(repo) == [*before, ("core", "staged", 3, 0)]
    full = wsguard(repo, "check", "--format", "text")  # through click: never the gate
    assert full.stdout == "✓ 3 files checked, no blocking findings\n"


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("src/core/a.py", "import pandas\n"),
        ("src/core/a.py", '"""mentions pandas"""\n'),  # only a parse can tell
        ("src/core/a.py", "x = 1  # wsguard: ignore[no-pandas]\n"),
        ("src/core/a.py", "# -*- coding: latin-1 -*-\nx = 1\n"),
        ("src/core/a.py", "ｐａｎｄａｓ = 1\n"),
        ("src/pandas/a.py", "from . import b\n"),  # a relative import inside "pandas"
        ("notes.txt", "wsguard: ignore[no-pandas]\n"),
    ],
)
def test_it_steps_aside_when_the_bytes_do_not_settle_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, text: str
) -> None:
    repo = _workspace(tmp_path)
    write(repo, path, text)
    git(repo, "add", "-A")
    before = _runs(repo)
    assert _gate(repo, monkeypatch) is None
    assert _runs(repo) == before  # nothing written: the full check decides and records


def test_it_steps_aside_for_rule_kinds_it_cannot_judge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _workspace(tmp_path, RULES + OTHER_KIND)
    write(repo, "src/core/a.py", "x = 1\n")
    git(repo, "add", "-A")
    assert _gate(repo, monkeypatch) is None


def test_it_steps_aside_for_open_drift_in_the_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _workspace(tmp_path)
    write(repo, "src/core/a.py", "import pandas\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "drift", "--no-verify")
    assert wsguard(repo, "check", "--all-files").returncode == 1  # recorded: open drift
    write(repo, "src/core/a.py", "x = 1\n")  # the fix must resolve it: the recorder's job
    git(repo, "add", "-A")
    assert _gate(repo, monkeypatch) is None
    done = wsguard(repo, "check", "--format", "json")
    assert json.loads(done.stdout)["data"]["findings"] == []


def test_the_hook_answers_like_the_full_check(tmp_path: Path) -> None:
    repo = _workspace(tmp_path)
    write(repo, "src/core/a.py", "import os\n")
    git(repo, "add", "-A")
    bare = wsguard(repo, "check")  # the hook's invocation: the gate answers
    full = wsguard(repo, "check", "--format", "text")
    assert bare.returncode == full.returncode == 0
    assert bare.stdout == full.stdout and bare.stderr == ""
    assert [run[1:] for run in _runs(repo)][-2:] == [("staged", 2, 0)] * 2
