"""A real meridian workspace in a temporary folder: three git repos, the project's rules.yaml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

from tests.helpers import git, write
from wsguard.install import install

PROJECT = Path(__file__).resolve().parent.parent
REPOS = ("meridian-core", "meridian-trading", "meridian-research")


class Workspace(NamedTuple):
    root: Path

    def repo(self, name: str) -> Path:
        return self.root / name

    @property
    def db(self) -> Path:
        return self.root / "workspace.db"


class Commit(NamedTuple):
    code: int
    output: str


def make_workspace(root: Path, *, hooks: bool = True) -> Workspace:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "rules.yaml", root / "rules.yaml")
    for name in REPOS:
        repo = root / name
        repo.mkdir()
        git(repo, "init", "-q")
        package = name.replace("-", "_")
        write(repo, "README.md", f"# {name}\n")
        write(repo, "LICENSE", "MIT\n")
        write(repo, "pyproject.toml", f'[project]\nname = "{name}"\nversion = "0.1.0"\n')
        write(repo, f"src/{package}/__init__.py", "")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "initial layout")
        if hooks:
            install(repo, python=sys.executable)
    return Workspace(root)


def commit(repo: Path, message: str, *args: str, env: dict[str, str] | None = None) -> Commit:
    """``git commit`` through the installed hooks; returns its exit code and all output."""
    proc = subprocess.run(
        ["git", "commit", "-m", message, *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    return Commit(proc.returncode, proc.stdout + proc.stderr)
