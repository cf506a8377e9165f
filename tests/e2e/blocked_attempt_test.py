"""Open drift is what the repositories contain; a commit the guard stopped is a blocked
attempt: recorded and reported as such, never counted as open drift (DESIGN.md, "Words")."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tests.helpers import git, write
from tests.workspace_fixture import Workspace, commit
from wsguard.cli import cli

PANDAS = '"""Stats."""\nimport pandas as pd\n'


def _json(workspace: Workspace, *args: str) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["--workspace", str(workspace.root), *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["data"]  # type: ignore[no-any-return]


def test_a_blocked_then_discarded_change_is_no_drift(workspace: Workspace) -> None:
    core = workspace.repo("meridian-core")
    added = CliRunner().invoke(
        cli,
        ["--workspace", str(workspace.root), "decision", "add", "No data science in core",
         "--id", "ADR-001", "--rationale", "core is domain-agnostic"],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    write(core, "src/meridian_core/stats.py", PANDAS)
    git(core, "add", "-A")
    assert commit(core, "add stats").code == 1  # blocked
    git(core, "rm", "-q", "--cached", "src/meridian_core/stats.py")  # the change is discarded
    (core / "src/meridian_core/stats.py").unlink()

    report = _json(workspace, "report", "--format", "json")
    assert report["drift"]["open_total"] == 0
    assert report["drift"]["blocked"] == 1
    assert (
        "stopped 1 commit"
        in CliRunner()
        .invoke(cli, ["--workspace", str(workspace.root), "report", "--format", "markdown"])
        .stdout
    )
    decision = _json(workspace, "decision", "show", "ADR-001", "--json")
    assert decision["kept"] is True, decision

    # Committed anyway (no hook): now the repository contains it, and it is open drift.
    write(core, "src/meridian_core/stats.py", PANDAS)
    git(core, "add", "-A")
    git(core, "commit", "-qm", "add stats", "--no-verify")
    assert (
        CliRunner()
        .invoke(cli, ["--workspace", str(workspace.root), "scan", "--repo", "meridian-core"])
        .exit_code
        == 1
    )
    report = _json(workspace, "report", "--format", "json")
    assert report["drift"]["open_total"] == 1 and report["drift"]["blocked"] == 1
    assert _json(workspace, "decision", "show", "ADR-001", "--json")["kept"] is False


def test_the_id_a_blocked_commit_prints_is_what_waive_takes(workspace: Workspace) -> None:
    import re
    from datetime import date, timedelta

    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/stats.py", PANDAS)
    git(core, "add", "-A")
    blocked = commit(core, "add stats")
    assert blocked.code == 1
    found = re.search(r"detection (\d+)", blocked.output)
    assert found, blocked.output
    until = (date.today() + timedelta(days=30)).isoformat()
    waived = CliRunner().invoke(
        cli,
        ["--workspace", str(workspace.root), "waive", found.group(1), "--reason", "migrating",
         "--owner", "ada", "--expires", until],
    )  # fmt: skip
    assert waived.exit_code == 0, waived.output
    assert commit(core, "add stats, waived").code == 0
