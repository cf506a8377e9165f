"""The warm full scan replays a memo only when the full check would say and write the same."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gate_test import HEAVY
from tests.helpers import git, write, wsguard
from wsguard import warm
from wsguard.entry import full_check

RULES = """version: 1
rules:
  - id: no-pandas
    kind: forbidden-import
    message: no pandas here
    modules: [pandas]
    decision: ADR-001
    remediation: move the analysis to research
  - id: no-numpy
    kind: forbidden-import
    severity: warning
    message: numpy is discouraged
    modules: [numpy]
"""
WORKSPACE_RULES = """  - id: readme
    kind: required-file
    message: every repo has a README
    files: [README.md]
  - id: one-sqlalchemy
    kind: consistent-dependency
    message: all repos pin the same SQLAlchemy version
    packages: [sqlalchemy]
  - id: same-editorconfig
    kind: synced-file
    message: one .editorconfig
    files: [.editorconfig]
    canonical_repo: research
"""
PINNED = '[project]\nname = "x"\nversion = "1"\ndependencies = ["sqlalchemy=={version}"]\n'
# Columns a second run of the same scan sets anew (times, its own run and use rows' ids).
_MOMENTS = {"last_seen", "started_at", "duration_s", "recorded_at", "id"}


def _workspace(tmp_path: Path, rules: str = RULES) -> Path:
    """Two repositories (so uses are counted): core imports research, and pandas, numpy."""
    root = tmp_path / "ws"
    write(root, "rules.yaml", rules)
    research = root / "research"
    write(research, "research/__init__.py", "")
    core = root / "core"
    write(core, "src/core/__init__.py", "")
    write(core, "src/core/a.py", "import pandas\nimport numpy as np\nimport research\n")
    write(core, "src/core/b.py", '"""Works without pandas."""\nfrom pandas import DataFrame\n')
    write(core, "src/core/c.py", "import pandas.io\n")
    write(core, "tools/d.py", "import pandas as pd  # at the top\n")
    write(core, "src/core/engine.py", "class Engine:\n    pass\n")
    for repo in (research, core):
        git(repo, "init", "-q")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "start")
    return core


def _check(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return wsguard(repo, "check", "--all-files", *args)


def _rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row a scan writes, minus the columns that differ from one run to the next."""
    conn = sqlite3.connect(db)
    try:
        tables = ["drift_detections", "scan_runs", "issues", "issue_repos", "repo_dependencies"]
        dump = {}
        for table in tables:
            cursor = conn.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            keep = [i for i, n in enumerate(names) if n not in _MOMENTS or table == "issues"]
            rows = [tuple(row[i] for i in keep) for row in cursor.fetchall()]
            dump[table] = sorted(rows, key=repr)
        return dump
    finally:
        conn.close()


def _snapshot(db: Path, into: Path) -> None:
    """A consistent copy of ``db``, with what its WAL holds (the replay leaves one)."""
    into.unlink(missing_ok=True)
    source, copy = sqlite3.connect(db), sqlite3.connect(into)
    source.backup(copy)
    source.close()
    copy.close()


def _restore(db: Path, saved: Path) -> None:
    for leftover in (db.with_name("workspace.db-wal"), db.with_name("workspace.db-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copy(saved, db)


def _replays(repo: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Would ``check --all-files`` here be replayed? (What it records is undone.)"""
    db = repo.parent / "workspace.db"
    saved = db.with_name("before-replay.db")
    _snapshot(db, saved)
    monkeypatch.chdir(repo)
    replayed = warm.replay("text")
    if replayed is not None:
        replayed.connection.close()
    _restore(db, saved)
    return replayed is not None


def _scanned_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The workspace after one full check, its replay due: the repository, the database."""
    repo = _workspace(tmp_path)
    _check(repo)
    assert _replays(repo, monkeypatch)
    return repo, repo.parent / "workspace.db"


def _both_ways(repo: Path, tmp_path: Path, *args: str) -> None:
    """The same run, replayed and from scratch, from the same database: same output, exit
    code and rows."""
    db = repo.parent / "workspace.db"
    saved = tmp_path / "saved.db"
    _snapshot(db, saved)
    replayed = _check(repo, *args)
    after_replay = _rows(db)
    _restore(db, saved)
    shutil.rmtree(Path.home() / ".cache" / "wsguard" / "scans")  # no memo: the full check
    scratch = _check(repo, *args)
    assert (replayed.returncode, replayed.stdout) == (scratch.returncode, scratch.stdout)
    assert after_replay == _rows(db)


def test_a_tree_scanned_before_is_replayed_as_the_full_check_would_record_and_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _workspace(tmp_path)
    first = _check(repo)
    assert first.returncode == 1 and "+5 new / −0 fixed" in first.stdout
    assert _replays(repo, monkeypatch)
    db = repo.parent / "workspace.db"
    conn = sqlite3.connect(db)
    ids = [i for (i,) in conn.execute("SELECT id FROM drift_detections ORDER BY path")]
    with conn:  # every standing a detection can have while unresolved
        conn.execute("UPDATE drift_detections SET status = 'baselined' WHERE id = ?", (ids[0],))
        expired = "UPDATE drift_detections SET status = 'waived', waiver_expires = ? WHERE id = ?"
        conn.execute(expired, ("2001-01-01", ids[1]))
        conn.execute(expired, ("2999-01-01", ids[2]))
    conn.close()
    assert _replays(repo, monkeypatch)
    _both_ways(repo, tmp_path)
    second = _check(repo)
    assert "+0 new / −0 fixed" in second.stdout and "expired on 2001-01-01" in second.stdout
    assert "(waived)" in second.stdout and "(baselined)" in second.stdout
    _both_ways(repo, tmp_path, "--format", "json")
    _both_ways(repo, tmp_path, "--format=sarif", "--strict")  # the numpy warning blocks


def test_a_replay_records_a_run_and_touches_the_detections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, db = _scanned_once(tmp_path, monkeypatch)
    conn = sqlite3.connect(db)
    before = conn.execute("SELECT max(last_seen) FROM drift_detections").fetchone()
    conn.close()
    assert _check(repo).returncode == 1
    conn = sqlite3.connect(db)
    runs = conn.execute("SELECT mode, files_scanned, findings FROM scan_runs").fetchall()
    after = conn.execute("SELECT min(last_seen) FROM drift_detections").fetchone()
    uses = conn.execute("SELECT repo, target, kind, total FROM repo_dependencies").fetchall()
    conn.close()
    assert runs == [("all", 6, 5)] * 2
    assert after > before
    assert uses == [("core", "research", "import", 1)]


@pytest.mark.parametrize(
    "change",
    [
        "a file edited and staged",
        "rules edited",
        "a detection resolved",
        "another detection open",
        "the issue resolved by hand",
        "a work session open",
        "a component placed",
        "another repository's packages",
    ],
)
def test_it_steps_aside_whenever_recording_would_do_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    repo, db = _scanned_once(tmp_path, monkeypatch)
    conn = sqlite3.connect(db)
    with conn:
        if change == "a file edited and staged":
            write(repo, "src/core/c.py", "import os\n")
            git(repo, "add", "-A")
        elif change == "rules edited":
            write(repo.parent, "rules.yaml", RULES.replace("no pandas here", "no pandas!"))
            assert wsguard(repo, "rules", "check").returncode == 0  # cached again
        elif change == "a detection resolved":
            conn.execute("UPDATE drift_detections SET status = 'resolved' WHERE path LIKE 'tools%'")
        elif change == "another detection open":
            conn.execute(
                "INSERT INTO drift_detections (rule_id, repo, path, line, col, fingerprint,"
                " message, severity, status, first_seen, last_seen, extra) VALUES ('no-pandas',"
                " 'core', 'gone.py', 1, 1, 'f00d', 'gone', 'error', 'open',"
                " '2026-01-01', '2026-01-01', '{}')"
            )
        elif change == "the issue resolved by hand":
            conn.execute("UPDATE issues SET status = 'resolved'")
        elif change == "a work session open":
            assert wsguard(repo, "session", "start").returncode == 0
        elif change == "a component placed":  # elsewhere: core's Engine is drift now
            placed = wsguard(repo, "placement", "set", "Engine", "--repo", "research")
            assert placed.returncode == 0, placed.stderr
        else:
            write(repo.parent / "research", "analysis/__init__.py", "")
    conn.close()
    assert not _replays(repo, monkeypatch)
    if change != "a work session open":  # the recorder links detections to it
        _check(repo)  # the full check records it, and leaves a memo for the next run
        assert _replays(repo, monkeypatch)
    if change == "a component placed":
        assert "placement" in _check(repo).stdout
        _both_ways(repo, tmp_path)


def test_a_memo_that_cannot_be_read_is_a_full_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _workspace(tmp_path)
    first = _check(repo)
    (memo,) = (Path.home() / ".cache" / "wsguard" / "scans").iterdir()
    for damage in (b"", b"{not json", b'{"files": 5, "rules": [], "findings": [[1]]}'):
        memo.write_bytes(damage)
        assert not _replays(repo, monkeypatch)
        again = _check(repo)  # the full check, which writes the memo anew
        assert again.returncode == first.returncode and "+0 new" in again.stdout
        assert _replays(repo, monkeypatch)


@pytest.mark.parametrize(
    "change",
    [
        "a pin changed on disk",
        "the canonical copy edited",
        "a file added to its index",
        "the manifest removed",
    ],
)
def test_workspace_level_rules_are_replayed_while_what_they_read_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """Rules that read the other repositories' files: a replay checks those files first."""
    repo = _workspace(tmp_path, RULES + WORKSPACE_RULES)
    research = repo.parent / "research"
    write(research, "pyproject.toml", PINNED.format(version="2.0.2"))
    write(research, ".editorconfig", "root = true\n")
    git(research, "add", "-A")
    git(research, "commit", "-qm", "pin, editorconfig")
    write(repo, "pyproject.toml", PINNED.format(version="2.0.1"))
    write(repo, ".editorconfig", "root = false\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pin, editorconfig")
    first = _check(repo)
    for rule in ("readme", "one-sqlalchemy", "same-editorconfig"):
        assert f" {rule} " in first.stdout, first.stdout
    assert _replays(repo, monkeypatch)
    _both_ways(repo, tmp_path)
    if change == "a pin changed on disk":  # not committed: other repositories are read as is
        write(research, "pyproject.toml", PINNED.format(version="2.0.1"))
    elif change == "the canonical copy edited":
        write(research, ".editorconfig", "root = false\n")
    elif change == "a file added to its index":
        write(research, "requirements.txt", "sqlalchemy==2.0.3\n")
        git(research, "add", "requirements.txt")
    else:
        (research / "pyproject.toml").unlink()
    assert not _replays(repo, monkeypatch)
    second = _check(repo)  # the full check, which writes the memo anew
    assert second.stdout != first.stdout
    assert _replays(repo, monkeypatch)


def test_a_replay_loads_neither_click_nor_the_rules_engine(tmp_path: Path) -> None:
    repo = _workspace(tmp_path)
    _check(repo)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "wsguard", "check", "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    loaded = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert done.returncode == 1 and "+0 new" in done.stdout
    assert "wsguard.warm" in loaded
    heavy = HEAVY - {"typing", "json", "pathlib", "re", "contextlib"}  # values, the renderer
    assert loaded & (heavy | {"wsguard.check", "wsguard.rules.engine"}) == set()


@pytest.mark.parametrize(
    ("args", "parsed"),
    [
        (["check", "--all-files"], ("text", True, False, True)),
        (["check", "--format", "json", "--all-files"], ("json", True, False, True)),
        (["check", "--all-files", "--format=sarif", "--strict"], ("sarif", True, True, True)),
        (["check", "--no-cache", "--all-files", "--no-record"], ("text", False, False, False)),
        (["check", "--all-files", "--format", "yaml"], None),  # click says what is wrong
        (["check", "--all-files", "--format"], None),
        (["check", "--all-files", "--all-files"], None),
        (["check", "--format", "json"], None),
        (["check", "--all-files", "src"], None),
        (["check", "--all-files", "--from-ref", "main"], None),
        (["--db", "x.db", "check", "--all-files"], None),
    ],
)
def test_only_a_plain_full_check_skips_the_command_line_parser(
    args: list[str], parsed: tuple[str, bool, bool, bool] | None
) -> None:
    assert full_check(args) == parsed
