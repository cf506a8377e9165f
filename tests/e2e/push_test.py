"""The pre-push hook checks every pushed range."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.helpers import git, write
from tests.workspace_fixture import Workspace


def _push(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "push", *args], cwd=repo, capture_output=True, text=True)


def test_pre_push_blocks_a_range_with_drift(workspace: Workspace, tmp_path: Path) -> None:
    core = workspace.repo("meridian-core")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(core, "remote", "add", "origin", str(remote))
    assert _push(core, "-q", "origin", "main").returncode == 0  # a new branch: whole tree, clean

    write(core, "src/meridian_core/ok.py", "import os\n")
    git(core, "add", "-A")
    git(core, "commit", "-qm", "clean")
    assert _push(core, "-q", "origin", "main").returncode == 0

    write(core, "src/meridian_core/bad.py", "import pandas\n")
    git(core, "add", "-A")
    git(core, "commit", "-qm", "drift", "--no-verify")
    pushed = _push(core, "origin", "main")
    assert pushed.returncode != 0
    assert "no-data-science-in-core" in pushed.stdout + pushed.stderr
    assert git(remote, "log", "--format=%s", "-1", "main").strip() == "clean"
