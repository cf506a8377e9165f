"""Every mode of the pre-commit framework checks what it claims, through the real framework
and this repository's .pre-commit-hooks.yaml: ``run --all-files``, ``--files``,
``--from-ref/--to-ref``, the manual stage, a push, and ``git commit``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.precommit_test import _project_rev
from tests.helpers import git, write
from tests.workspace_fixture import PROJECT, commit, make_workspace

FINDING = "src/meridian_core/frame.py:1:1: no-data-science-in-core"


def _pre_commit(cwd: Path, env: dict[str, str], *args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    return done.returncode, done.stdout + done.stderr


def _checked(output: str) -> int:
    match = re.search(r"(\d+) files? checked", output)
    assert match, output
    return int(match.group(1))


def _adopting(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, stages: str
) -> tuple[Path, dict[str, str]]:
    """meridian-core of a new workspace, with this project's hook in its committed
    .pre-commit-config.yaml for ``stages``; and the framework's environment."""
    workspace = make_workspace(tmp_path / "ws", hooks=False)
    core = workspace.repo("meridian-core")
    env = {"PRE_COMMIT_HOME": str(tmp_path_factory.getbasetemp() / "pre-commit-home")}
    write(
        core,
        ".pre-commit-config.yaml",
        f"repos:\n  - repo: {PROJECT}\n    rev: {_project_rev()}\n"
        f"    hooks:\n      - id: wsguard\n        stages: [{stages}]\n",
    )
    git(core, "add", ".pre-commit-config.yaml")
    git(core, "commit", "-qm", "adopt pre-commit")
    return core, env


def _push_through_the_hook(
    core: Path, env: dict[str, str], base: str, remote: Path
) -> tuple[int, str]:
    """A new bare ``remote`` holding ``base``; the framework's pre-push hook installed;
    then ``git push`` of HEAD: its exit code and output."""
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(core, "remote", "add", "origin", str(remote))
    git(core, "push", "-q", "origin", f"{base}:refs/heads/main")
    code, out = _pre_commit(core, env, "install", "--hook-type", "pre-push")
    assert code == 0, out
    pushed = subprocess.run(
        ["git", "push", "origin", "HEAD:main"],
        cwd=core,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    return pushed.returncode, pushed.stdout + pushed.stderr


def test_every_framework_mode_checks_what_it_claims(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    core, env = _adopting(tmp_path, tmp_path_factory, "pre-commit, pre-push, manual")
    clean_base = git(core, "rev-parse", "HEAD").strip()

    # A clean tree: every mode passes, and says it checked the files it was given.
    code, out = _pre_commit(core, env, "run", "--all-files", "--verbose")
    assert code == 0, out
    assert "Passed" in out and _checked(out) == 5  # README, LICENSE, pyproject, __init__, config

    # An error-level violation committed past the hook.
    write(core, "src/meridian_core/frame.py", "import pandas.io.sql\n")
    git(core, "add", "-A")
    git(core, "commit", "-qm", "pandas in core", "--no-verify")

    code, out = _pre_commit(core, env, "run", "--all-files")
    assert code == 1 and FINDING in out, out
    assert "Failed" in out and "commit blocked" not in out
    code, out = _pre_commit(core, env, "run", "--hook-stage", "manual", "--all-files")
    assert code == 1 and FINDING in out, out

    code, out = _pre_commit(core, env, "run", "--files", "src/meridian_core/frame.py")
    assert code == 1 and FINDING in out, out
    code, out = _pre_commit(core, env, "run", "--files", "README.md", "--verbose")
    assert code == 0 and _checked(out) == 1, out

    code, out = _pre_commit(core, env, "run", "--from-ref", clean_base, "--to-ref", "HEAD")
    assert code == 1 and FINDING in out, out
    assert f"checked in {clean_base[:12]}..HEAD" in out and "commit blocked" not in out
    code, out = _pre_commit(core, env, "run", "--from-ref", "HEAD", "--to-ref", "HEAD")
    assert code == 0, out

    # A push of the violation is stopped by the pre-push stage.
    code, out = _push_through_the_hook(core, env, clean_base, tmp_path / "remote.git")
    assert code != 0 and FINDING in out, out

    # `pre-commit install`, then `git commit`: a fix passes, new drift is blocked.
    code, out = _pre_commit(core, env, "install")
    assert code == 0, out
    write(core, "src/meridian_core/frame.py", "import sqlite3\n")
    git(core, "add", "-A")
    fixed = commit(core, "no pandas", env=env)
    assert fixed.code == 0, fixed.output
    write(core, "src/meridian_core/stats.py", "import numpy\n")
    git(core, "add", "-A")
    blocked = commit(core, "numpy in core", env=env)
    assert blocked.code == 1, blocked.output
    assert "src/meridian_core/stats.py:1:1: no-data-science-in-core" in blocked.output
    assert "commit blocked" in blocked.output
    git(core, "reset", "-q", "--hard")  # the committed tree is clean again
    code, out = _pre_commit(core, env, "run", "--all-files")
    assert code == 0, out


def test_a_push_that_deletes_a_required_file_is_stopped(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The framework passes a push's changed files, never its deleted ones."""
    core, env = _adopting(tmp_path, tmp_path_factory, "pre-push, manual")
    base = git(core, "rev-parse", "HEAD").strip()
    (core / "README.md").unlink()
    write(core, "src/meridian_core/util.py", "import os\n")
    git(core, "add", "-A")
    git(core, "commit", "-qm", "drop the README", "--no-verify")

    code, out = _pre_commit(
        core, env, "run", "--hook-stage", "manual", "--from-ref", base, "--to-ref", "HEAD"
    )
    assert code == 1 and "repo-essentials" in out, out
    code, out = _push_through_the_hook(core, env, base, tmp_path / "remote.git")
    assert code != 0 and "repo-essentials" in out, out
