"""The hooks' bare ``wsguard check`` skips click, and behaves exactly like the click command."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import git, write, wsguard
from tests.workspace_fixture import Workspace


def test_bare_check_and_click_check_agree(workspace: Workspace) -> None:
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/a.py", "import pandas\n")
    git(core, "add", "-A")
    fast = wsguard(
        core,
        "check",
    )
    parsed = wsguard(core, "check", "--format", "text")  # through click
    assert fast.returncode == parsed.returncode == 1
    assert fast.stdout == parsed.stdout
    assert "no-data-science-in-core" in fast.stdout and fast.stderr == ""


def test_bare_check_outside_a_repository_is_a_clear_error(tmp_path: Path) -> None:
    done = wsguard(tmp_path, "check")
    assert done.returncode == 2
    assert done.stderr.startswith("Error: ") and "not inside a git repository" in done.stderr
    assert "--repo" not in done.stderr.replace("scan [--repo NAME]", "")
    assert "Traceback" not in done.stderr


def test_bare_check_with_a_broken_rules_file_names_the_line(workspace: Workspace) -> None:
    (workspace.root / "rules.yaml").write_text("version: 1\nrules:\n  - id: [\n", encoding="utf-8")
    done = wsguard(workspace.repo("meridian-core"), "check")
    assert done.returncode == 2
    assert "rules.yaml:4:1: malformed YAML" in done.stderr and "Traceback" not in done.stderr
