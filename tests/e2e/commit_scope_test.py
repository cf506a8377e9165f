"""A commit answers for what it changes: drift elsewhere in the workspace does not block it,
and the files named on the command line are checked, or a clear message says why not."""

from __future__ import annotations

from tests.helpers import git, write, wsguard
from tests.workspace_fixture import Workspace, commit

PIN = '[project]\nname = "{name}"\nversion = "0.1.0"\ndependencies = ["sqlalchemy=={version}"]\n'


def test_a_pin_in_another_repo_does_not_block_an_unrelated_commit(workspace: Workspace) -> None:
    core, research = workspace.repo("meridian-core"), workspace.repo("meridian-research")
    write(core, "pyproject.toml", PIN.format(name="meridian-core", version="2.0.30"))
    git(core, "add", "-A")
    assert commit(core, "pin sqlalchemy").code == 0
    write(research, "pyproject.toml", PIN.format(name="meridian-research", version="1.4.54"))
    git(research, "add", "-A")
    assert commit(research, "an older sqlalchemy", "--no-verify").code == 0

    write(core, "README.md", "# meridian-core\n\nThe domain-agnostic core.\n")
    git(core, "add", "-A")
    unrelated = commit(core, "docs only")
    assert unrelated.code == 0, unrelated.output
    assert "one-sqlalchemy" not in unrelated.output

    # A commit that touches the pin answers for it.
    write(core, "pyproject.toml", PIN.format(name="meridian-core", version="2.0.31"))
    git(core, "add", "-A")
    touching = commit(core, "bump sqlalchemy")
    assert touching.code == 1, touching.output
    assert "pyproject.toml:4:" in touching.output and "one-sqlalchemy" in touching.output
    git(core, "reset", "-q", "--hard")

    # The drift itself is reported by a full check, in CI and by scan.
    full = wsguard(core, "check", "--all-files", "--no-record")
    assert full.returncode == 1 and "pyproject.toml:4:" in full.stdout, full.stdout
    scanned = wsguard(workspace.root, "scan")
    assert "one-sqlalchemy" in scanned.stdout, scanned.stdout + scanned.stderr


def test_named_paths_missing_or_untracked_are_said(workspace: Workspace) -> None:
    core = workspace.repo("meridian-core")
    missing = wsguard(core, "check", "src/meridian_core/missing.py")
    assert missing.returncode == 2, missing.stdout
    assert "missing.py: no such file" in missing.stderr and "Traceback" not in missing.stderr

    write(core, "src/meridian_core/loose.py", "import pandas\n")
    untracked = wsguard(core, "check", "src/meridian_core/loose.py")
    assert untracked.returncode == 0
    assert "loose.py is not tracked by git: not checked" in untracked.stdout
