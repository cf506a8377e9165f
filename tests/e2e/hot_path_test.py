"""The clean commit's path stays free of heavy imports (a property, not a timing)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from tests.helpers import git, write
from tests.workspace_fixture import Workspace


def _imports(cwd: object, code: int = 0, *files: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "wsguard", "check", *files],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert done.returncode == code, done.stdout + done.stderr
    return {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}


HEAVY = ("sqlalchemy", "git", "alembic", "click", "yaml", "pathspec", "rich", "psycopg")


def _second_commit_imports(workspace: Workspace, code: str, exit_code: int) -> set[str]:
    """Imports of the check of a second commit (the first run creates the database)."""
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/a.py", "import os\n")
    git(core, "add", "-A")
    assert "sqlalchemy" in _imports(core)
    write(core, "src/meridian_core/b.py", code)
    git(core, "add", "-A")
    return _imports(core, code=exit_code)


def test_clean_commit_records_without_heavy_imports(workspace: Workspace) -> None:
    modules = _second_commit_imports(workspace, "import json\n", 0)
    # The rules came from the compiled cache (no YAML, no pathspec) and the bare
    # `check` skipped the command-line parser (no click).
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))
    with sqlite3.connect(workspace.db) as conn:
        runs = conn.execute("SELECT repo, mode, files_scanned, findings FROM scan_runs").fetchall()
    assert runs == [("meridian-core", "staged", 1, 0), ("meridian-core", "staged", 2, 0)]


def test_blocked_commit_records_without_heavy_imports(workspace: Workspace) -> None:
    modules = _second_commit_imports(workspace, "import pandas\n", 1)
    # The blocked attempt and its scan run were recorded through stdlib sqlite3.
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))
    with sqlite3.connect(workspace.db) as conn:
        found = conn.execute("SELECT path, status, issue_id FROM drift_detections").fetchall()
        runs = conn.execute("SELECT findings, blocked FROM scan_runs ORDER BY id").fetchall()
    assert found == [("src/meridian_core/b.py", "blocked", None)]
    assert runs == [(0, 0), (1, 1)]


def test_check_of_named_files_skips_the_parser_too(workspace: Workspace) -> None:
    """The pre-commit framework runs ``wsguard check FILE...``: as light as the bare hook."""
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/a.py", "import os\n")
    git(core, "add", "-A")
    assert "sqlalchemy" in _imports(core)
    write(core, "src/meridian_core/b.py", "import pandas\n")
    git(core, "add", "-A")
    modules = _imports(core, 1, "src/meridian_core/b.py")
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_post_commit_without_a_session_stays_light(workspace: Workspace) -> None:
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/a.py", "import os\n")
    git(core, "add", "-A")
    assert "sqlalchemy" in _imports(core)  # the database exists now
    git(core, "commit", "-qm", "a", "--no-verify")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "wsguard", "hook", "post-commit"],
        cwd=core,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and done.stdout == ""
    modules = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))
