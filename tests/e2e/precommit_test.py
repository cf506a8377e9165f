"""The guard through the pre-commit framework, with a real .pre-commit-config.yaml
pointing at this repository (pre-commit clones it and installs wsguard from it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import git, write
from tests.workspace_fixture import PROJECT, commit, make_workspace


def _project_rev() -> str:
    if not (PROJECT / ".git").exists():
        pytest.skip("the project is not a git checkout: pre-commit needs a rev to clone")
    return git(PROJECT, "rev-parse", "HEAD").strip()


def test_pre_commit_framework_blocks_and_records(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    workspace = make_workspace(tmp_path / "ws", hooks=False)
    core = workspace.repo("meridian-core")
    write(
        core,
        ".pre-commit-config.yaml",
        f"repos:\n  - repo: {PROJECT}\n    rev: {_project_rev()}\n"
        "    hooks:\n      - id: wsguard\n",
    )
    env = {"PRE_COMMIT_HOME": str(tmp_path_factory.getbasetemp() / "pre-commit-home")}
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=core,
        check=True,
        capture_output=True,
        env={**os.environ, **env},
    )
    git(core, "add", ".pre-commit-config.yaml")
    first = commit(core, "adopt pre-commit", env=env)
    assert first.code == 0, first.output

    write(core, "src/meridian_core/frame.py", "import pandas.io.sql\n")
    git(core, "add", "-A")
    blocked = commit(core, "pandas in core", env=env)
    assert blocked.code == 1, blocked.output
    assert "no-data-science-in-core" in blocked.output and "ADR-001" in blocked.output
    import sqlite3

    with sqlite3.connect(workspace.db) as conn:
        rows = conn.execute("SELECT path, status FROM drift_detections").fetchall()
    assert rows == [("src/meridian_core/frame.py", "blocked")]  # a blocked attempt: not open drift

    write(core, "src/meridian_core/frame.py", "import sqlite3\n")
    git(core, "add", "-A")
    assert commit(core, "no pandas", env=env).code == 0
