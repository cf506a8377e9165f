"""Shared pieces of the reliability tests: a four-repo workspace with one blocking rule
that applies everywhere, and many ``git commit``s started at once."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.helpers import git, write
from tests.workspace_fixture import Workspace, make_workspace
from wsguard.install import install

FOURTH = "meridian-ops"
REPOS = ("meridian-core", "meridian-trading", "meridian-research", FOURTH)
RULE = "no-pickle"
# Blocks in every repo, so every concurrent commit lands in one cross-repo issue.
RULE_YAML = f"""
  - id: {RULE}
    kind: forbidden-import
    message: pickle is not a storage format here
    severity: error
    modules: [pickle]
    issue_type: governance
    remediation: Use JSON or Parquet.
"""


def four_repo_workspace(root: Path) -> Workspace:
    ws = make_workspace(root)
    rules = root / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + RULE_YAML, encoding="utf-8")
    repo = root / FOURTH
    repo.mkdir()
    git(repo, "init", "-q")
    write(repo, "README.md", f"# {FOURTH}\n")
    write(repo, "LICENSE", "MIT\n")
    write(repo, "pyproject.toml", f'[project]\nname = "{FOURTH}"\nversion = "0.1.0"\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "initial layout")
    install(repo, python=sys.executable)
    return ws


def start_commits(
    ws: Workspace, per_repo: int, env: dict[str, str]
) -> list[tuple[str, subprocess.Popen[str]]]:
    """Stage one violating file per process, then start every ``git commit`` together.

    Each process of a repo stages into its own index (``GIT_INDEX_FILE``, which the
    hook honours), so several commits of one repo run at once without fighting over
    ``.git/index.lock``.
    """
    jobs: list[tuple[str, Path, Path]] = []
    for repo in REPOS:
        root = ws.repo(repo)
        for i in range(per_repo):
            index = root / ".git" / f"index-job-{i}"
            shutil.copy(root / ".git" / "index", index)
            rel = f"src/job_{repo}_{i}.py"
            write(root, rel, f'"""Job {i}."""\nimport pickle\n')
            subprocess.run(
                ["git", "add", rel],
                cwd=root,
                check=True,
                env={**os.environ, "GIT_INDEX_FILE": str(index)},
            )
            jobs.append((f"{repo}/{rel}", root, index))
    return [
        (
            label,
            subprocess.Popen(
                ["git", "commit", "-m", label],
                cwd=root,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                env={**os.environ, **env, "GIT_INDEX_FILE": str(index)},
            ),
        )
        for label, root, index in jobs
    ]


def sqlite_rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()
