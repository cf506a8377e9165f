"""The clean-commit gate answers only when the full check would find nothing."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import wsguard as wsguard_package
from tests.helpers import git, write, wsguard
from tests.workspace_fixture import commit
from wsguard.gate import clean_commit
from wsguard.install import install
from wsguard.store import lite
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


def _workspace(tmp_path: Path, rules: str = RULES, name: str = "ws") -> Path:
    root = tmp_path / name
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


# The banned module named in docstrings and comments only: the gate parses and decides.
TEXT_ONLY = [
    ("src/core/a.py", '"""Works without pandas."""\n\n# pandas would be faster\nx = 1\n'),
    ("src/core/b.py", 'def f() -> None:\n    """No pandas: lists are enough."""\n'),
]
# What the gate leaves to the full check, which blocks some of them and passes others.
LEFT = [
    ("src/core/a.py", "import pandas\n"),
    ("src/core/a.py", "x = 1  # wsguard: ignore[no-pandas]\n"),
    ("notes.txt", "wsguard: ignore[no-pandas]\n"),
    ("src/core/a.py", "# -*- coding: latin-1 -*-\nx = 1\n"),
    ("src/core/a.py", "ｐａｎｄａｓ = 1\n"),
    # a relative import inside "pandas" (the package, with this __init__.py)
    ("src/pandas/__init__.py", '"""pandas"""\nfrom . import b\n'),
    ("src/pandas/__init__.py", "# mypandas\nfrom. import b\n"),
    ("src/pandas/__init__.py", "# mypandas\nfrom \\\n. import b\n"),
    # a dynamic import of a string its bytes do not spell
    ("src/core/a.py", 'import mypandas\n__import__("pan" "das")\n'),
    ("src/core/a.py", '# mypandas\nimportlib.import_module("\\x70andas")\n'),
    # named in code, or in a string that is no docstring (more in rules/mentions_test.py)
    ("src/core/a.py", '"""pandas"""\ndef f() -> None:\n    import pandas.io\n'),
    ("src/core/a.py", '"""pandas"""\nif TYPE_CHECKING:\n    import pandas\n'),
    ("src/core/a.py", '"""pandas"""\nfrom pandas import DataFrame\n'),
    ("src/core/a.py", '"""pandas"""\nimport importlib\nimportlib.import_module("pandas")\n'),
    ("src/core/a.py", '"""pandas"""\n__import__("pandas")\n'),
    ("src/core/a.py", '"""pandas"""\nMESSAGE = "pandas is not installed"\n'),
    ("src/core/a.py", '"""pandas"""\npandas = 1\n'),
    ("src/core/a.py", '"""pandas"""\nimport os\nos.pandas = 1\n'),
    # a syntax error (the full check reports it) or warning (its parse prints it)
    ("src/core/a.py", '"""pandas"""\ndef f(\n'),
    ("src/core/a.py", '"""pandas"""\nx = 1if True else 2\n'),  # a SyntaxWarning
    ("src/core/a.py", '"""pandas \\d"""\n'),  # an invalid escape: Deprecation/SyntaxWarning
]


def test_a_text_mention_is_decided_and_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _workspace(tmp_path)
    for path, text in TEXT_ONLY:
        write(repo, path, text)
    git(repo, "add", "-A")
    before = _runs(repo)
    assert _gate(repo, monkeypatch) == "✓ 3 files checked, no blocking findings\n"
    assert _runs(repo) == [*before, ("core", "staged", 3, 0)]


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


def _lines(text: str) -> list[str]:
    return sorted(text.splitlines())


def test_each_case_ends_as_the_full_check_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gate answers (and records) for text mentions only, and steps aside (recording
    nothing) otherwise; then a real ``git commit`` through the installed hooks ends with
    the full check's exit code and output, warnings included, run in a workspace of its
    own (a fresh one: this one's result cache would skip the parse that warns)."""
    hooked = _workspace(tmp_path, name="hooked")
    install(hooked, python=sys.executable)
    plain = _workspace(tmp_path, name="plain")
    for path, text in [*TEXT_ONLY, *LEFT]:
        for repo in (hooked, plain):
            write(repo, path, text)
            git(repo, "add", "-A")
        before = _runs(hooked)
        if (path, text) in TEXT_ONLY:
            assert _gate(hooked, monkeypatch) is not None, text
        else:
            assert _gate(hooked, monkeypatch) is None and _runs(hooked) == before, text
        done = commit(hooked, "case", "-q")
        full = wsguard(plain, "check", "--format", "text")
        assert done.code == full.returncode, text
        assert _lines(done.output) == _lines(full.stdout + full.stderr), text
        git(hooked, "reset", "-q", "--hard", "HEAD~1" if done.code == 0 else "HEAD")
        git(plain, "reset", "-q", "--hard", "HEAD")


# What the hook's light paths must never load: each costs milliseconds of every commit
# (typing ~10, pathlib ~9, subprocess ~5 with signal and threading, re ~4, hashlib's
# OpenSSL ~3), or far more (SQLAlchemy, click, PyYAML, ast).
HEAVY = {"typing", "pathlib", "subprocess", "re", "hashlib", "json", "contextlib", "ast"}
HEAVY |= {"sqlalchemy", "click", "yaml", "pathspec", "wsguard.workspace", "wsguard.git"}


# The process runs with -S: no site module, so nothing is loaded before wsguard (an
# editable install's finder would load pathlib and re first); the light paths need
# nothing outside the standard library and this checkout.
_RUN = (
    f"import sys; sys.path.insert(0, {str(Path(wsguard_package.__file__).parent.parent)!r}); "
    "from wsguard.entry import main; main()"
)


def _imported(cwd: Path, *args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The modules a real ``python -S -X importtime`` hook process loaded, and the process."""
    argv = [sys.executable, "-S", "-X", "importtime", "-c", _RUN, *args]
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    names = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return names, done


def test_the_hooks_light_paths_import_nothing_heavy(tmp_path: Path) -> None:
    repo = _workspace(tmp_path)
    write(repo, "src/core/a.py", '"""Works without pandas."""\nimport os\n')  # the gate parses
    git(repo, "add", "-A")
    check, done = _imported(repo, "check")  # as hooks/pre-commit runs it
    assert done.stdout == "✓ 2 files checked, no blocking findings\n"  # the gate answered
    assert {"wsguard.gate", "wsguard.rules.mentions", "sqlite3", "_ast"} <= check
    assert check & HEAVY == set()
    git(repo, "commit", "-qm", "clean", "--no-verify")
    post, done = _imported(repo, "hook", "post-commit")  # as hooks/post-commit runs it
    assert done.returncode == 0 and done.stdout == ""  # no work session open: nothing logged
    assert "wsguard.postcommit" in post
    assert post & HEAVY == set()


def test_a_clean_run_folds_the_wal_once_it_has_grown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _workspace(tmp_path)
    db = repo.parent / "workspace.db"
    wal = db.with_name("workspace.db-wal")
    kept = lite.record_clean_run(db, "core", ["src/core/a.py"], 1, 0.01)
    assert kept is not None and wal.stat().st_size > 0  # small: left for later
    monkeypatch.setattr(lite, "WAL_FOLD_BYTES", 1)
    folded = lite.record_clean_run(db, "core", ["src/core/a.py"], 1, 0.01)
    assert folded is not None and wal.stat().st_size == 0  # checkpointed and emptied
    kept.close()
    folded.close()
    assert [run[1:] for run in _runs(repo)][-2:] == [("staged", 1, 0)] * 2  # both recorded
