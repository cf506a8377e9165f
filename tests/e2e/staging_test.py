"""What exactly is checked at ``git commit``: first commits, merges, ``git commit <path>``,
workspace-level rules on the repo as it will be, and files that are not plain text."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.helpers import git, write
from tests.workspace_fixture import Workspace, commit
from wsguard.install import install


def test_first_commit_of_a_new_repo(workspace: Workspace) -> None:
    repo = workspace.root / "meridian-core-next"
    repo.mkdir()
    git(repo, "init", "-q")
    install(repo, python=sys.executable)
    (workspace.root / "rules.yaml").write_text(
        (workspace.root / "rules.yaml")
        .read_text()
        .replace("repos: [meridian-core]\n    modules", "repos: [meridian-core*]\n    modules")
    )
    write(repo, "README.md", "x\n")
    write(repo, "LICENSE", "x\n")
    write(repo, "pyproject.toml", "[project]\nname='n'\n")
    write(repo, "src/n/__init__.py", "import numpy\n")
    git(repo, "add", "-A")
    result = commit(repo, "first")
    assert result.code == 1 and "no-data-science-in-core" in result.output


def test_git_commit_with_a_path_checks_what_it_commits(workspace: Workspace) -> None:
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/a.py", "x = 1\n")
    write(core, "src/meridian_core/b.py", "y = 1\n")
    git(core, "add", "-A")
    assert commit(core, "two files").code == 0
    write(core, "src/meridian_core/a.py", "import pandas\n")
    git(core, "add", "src/meridian_core/a.py")  # violation staged, but not committed below
    write(core, "src/meridian_core/b.py", "y = 2\n")
    assert commit(core, "only b", "src/meridian_core/b.py").code == 0
    git(core, "reset", "-q", "src/meridian_core/a.py")
    # git commit <path> takes the working tree's content of <path>, via GIT_INDEX_FILE.
    result = commit(core, "only a", "src/meridian_core/a.py")
    assert result.code == 1 and "import pandas" in result.output


def test_conflicted_merge_is_checked_at_its_commit(workspace: Workspace) -> None:
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/m.py", "value = 0\n")
    git(core, "add", "-A")
    assert commit(core, "base").code == 0
    git(core, "checkout", "-qb", "feature")
    write(core, "src/meridian_core/m.py", "import numpy\nvalue = 1\n")
    git(core, "commit", "-qam", "feature", "--no-verify")
    git(core, "checkout", "-q", "main")
    write(core, "src/meridian_core/m.py", "value = 2\n")
    git(core, "commit", "-qam", "main")
    assert "CONFLICT" in _merge(core)
    write(core, "src/meridian_core/m.py", "import numpy\nvalue = 3\n")
    git(core, "add", "-A")
    result = commit(core, "merge feature", "--no-edit")
    assert result.code == 1 and "import numpy" in result.output


def _merge(repo: Path) -> str:
    import subprocess

    done = subprocess.run(["git", "merge", "feature"], cwd=repo, capture_output=True, text=True)
    return done.stdout + done.stderr


def test_workspace_rules_see_the_repo_as_it_will_be(workspace: Workspace) -> None:
    trading = workspace.repo("meridian-trading")
    git(trading, "rm", "-q", "LICENSE")
    result = commit(trading, "drop the licence")
    assert result.code == 1 and "repo-essentials" in result.output
    git(trading, "reset", "-q", "HEAD", "LICENSE")
    git(trading, "checkout", "LICENSE")
    (trading / "LICENSE").unlink()  # gone from disk only: the commit still has it
    write(trading, "src/meridian_trading/x.py", "x = 1\n")
    git(trading, "add", "src/meridian_trading/x.py")
    assert commit(trading, "unrelated").code == 0


def test_binary_symlink_submodule_and_odd_paths(workspace: Workspace) -> None:
    research = workspace.repo("meridian-research")
    (research / "data.bin").write_bytes(b"\x00\x01\xffimport pandas\x00" * 100)
    (research / "link.py").symlink_to("src/meridian_research/__init__.py")
    write(research, "src/meridian_research/with space é.py", "import os\n")
    write(research, "src/meridian_research/new\nline.py", "import os\n")
    sub = workspace.root / "lib"
    sub.mkdir()
    git(sub, "init", "-q")
    write(sub, "f", "x\n")
    git(sub, "add", "-A")
    git(sub, "commit", "-qm", "lib")
    git(
        research,
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        str(sub),
        "vendor/lib",
    )
    git(research, "add", "-A")
    result = commit(research, "odd things")
    assert result.code == 0, result.output
    assert "Traceback" not in result.output
