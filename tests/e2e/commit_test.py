"""The guard through real ``git commit`` with the installed hooks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.helpers import git, write
from tests.workspace_fixture import Workspace, commit


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_blocked_then_fixed(workspace: Workspace) -> None:
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/stats.py", '"""Stats."""\nimport os\nimport pandas as pd\n')
    git(core, "add", "-A")
    result = commit(core, "add stats")
    assert result.code == 1
    assert "no-data-science-in-core" in result.output
    assert "src/meridian_core/stats.py" in result.output and "3:1" in result.output
    assert "ADR-001" in result.output and "Move the code to meridian-research" in result.output
    assert git(core, "rev-list", "--count", "HEAD").strip() == "1"  # nothing committed

    # A blocked attempt never entered history: its own record, not open drift.
    detections = rows(
        workspace.db, "SELECT rule_id, repo, path, line, status FROM drift_detections"
    )
    assert detections == [
        ("no-data-science-in-core", "meridian-core", "src/meridian_core/stats.py", 3, "blocked")
    ]
    assert rows(workspace.db, "SELECT id FROM issues") == []
    assert rows(workspace.db, "SELECT blocked FROM scan_runs ORDER BY id") == [(1,)]

    write(core, "src/meridian_core/stats.py", '"""Stats."""\nimport os\n')
    git(core, "add", "-A")
    assert commit(core, "add stats without pandas").code == 0
    assert rows(workspace.db, "SELECT status FROM drift_detections") == [("blocked",)]
    assert rows(workspace.db, "SELECT blocked FROM scan_runs ORDER BY id") == [(1,), (0,)]


def test_partial_staging_checks_what_is_staged(workspace: Workspace) -> None:
    core = workspace.repo("meridian-core")
    clean, dirty = "import os\n", "import os\nimport numpy\n"
    write(core, "src/meridian_core/a.py", clean)
    git(core, "add", "-A")
    write(core, "src/meridian_core/a.py", dirty)  # only in the working tree
    assert commit(core, "clean staged").code == 0

    git(core, "add", "-A")  # stage the violation...
    write(core, "src/meridian_core/a.py", clean)  # ...and fix only the working tree
    result = commit(core, "violation staged")
    assert result.code == 1 and "import numpy" in result.output


def test_rename_out_of_forbidden_folder_and_deletion_resolve(workspace: Workspace) -> None:
    from click.testing import CliRunner

    from wsguard.cli import cli

    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/trading/engine.py", "x = 1\n" * 10)
    write(core, "src/meridian_core/old.py", "import pandas\n")
    git(core, "add", "-A")
    assert commit(core, "sneak past", env={"WSGUARD_SKIP": "1"}).code == 0
    # A full scan records what slipped through.
    runner = CliRunner()
    result = runner.invoke(cli, ["--workspace", str(workspace.root), "scan"])
    assert result.exit_code == 1, result.output
    open_rows = rows(workspace.db, "SELECT path FROM drift_detections WHERE status='open'")
    assert sorted(open_rows) == [
        ("src/meridian_core/old.py",),
        ("src/meridian_core/trading/engine.py",),
    ]
    git(core, "mv", "src/meridian_core/trading/engine.py", "src/meridian_core/engine.py")
    git(core, "rm", "-q", "src/meridian_core/old.py")
    assert commit(core, "move and delete").code == 0
    assert rows(workspace.db, "SELECT status FROM drift_detections WHERE status='open'") == []
    assert rows(workspace.db, "SELECT status FROM issues WHERE status='open'") == []


def test_existing_hook_still_runs_and_uninstall_restores_it(workspace: Workspace) -> None:
    from wsguard.install import install, uninstall

    trading = workspace.repo("meridian-trading")
    uninstall(trading)
    hook = trading / ".git" / "hooks" / "pre-commit"
    hook.write_text('#!/bin/sh\necho ran >> "$(git rev-parse --git-dir)/team-hook.log"\n')
    hook.chmod(0o755)
    install(trading)
    write(trading, "src/meridian_trading/x.py", "import pandas\n")
    git(trading, "add", "-A")
    assert commit(trading, "pandas is fine in trading").code == 0
    assert (trading / ".git" / "team-hook.log").read_text() == "ran\n"
    uninstall(trading)
    assert "team-hook.log" in hook.read_text()


def test_unreachable_database_still_blocks_and_spools(workspace: Workspace, tmp_path: Path) -> None:
    core = workspace.repo("meridian-core")
    db = tmp_path / "later" / "ws.db"
    env = {"WSGUARD_DB": str(db)}
    write(core, "src/meridian_core/a.py", "import sklearn.linear_model\n")
    git(core, "add", "-A")
    result = commit(core, "db down", env=env)
    assert result.code == 1
    assert "spooled" in result.output
    db.parent.mkdir()  # the database is back
    write(core, "src/meridian_core/b.py", "import os\n")
    git(core, "add", "src/meridian_core/b.py")
    git(core, "reset", "-q", "src/meridian_core/a.py")
    assert commit(core, "clean commit", env=env).code == 0
    spooled = rows(db, "SELECT rule_id, path, status FROM drift_detections")
    assert spooled == [
        ("no-data-science-in-core", "src/meridian_core/a.py", "blocked")
    ]  # a blocked attempt, spooled
    assert rows(db, "SELECT count(*) FROM scan_runs") == [(2,)]


def test_recorded_placements_act_as_rules(workspace: Workspace) -> None:
    from click.testing import CliRunner

    from wsguard.cli import cli

    base = ["--workspace", str(workspace.root)]
    added = CliRunner().invoke(
        cli,
        [
            *base,
            "decision",
            "add",
            "Trading lives in trading",
            "--rationale",
            "r",
            "--id",
            "ADR-002",
        ],
    )
    assert added.exit_code == 0, added.output
    result = CliRunner().invoke(
        cli,
        [
            "--workspace",
            str(workspace.root),
            "placement",
            "set",
            "RiskModel",
            "--repo",
            "meridian-trading",
            "--decision",
            "ADR-002",
        ],
    )
    assert result.exit_code == 0, result.output
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/risk.py", "class RiskModel:\n    pass\n")
    git(core, "add", "-A")
    blocked = commit(core, "risk model in core")
    assert blocked.code == 1 and "RiskModel" in blocked.output and "ADR-002" in blocked.output
    trading = workspace.repo("meridian-trading")
    write(trading, "src/meridian_trading/risk.py", "class RiskModel:\n    pass\n")
    git(trading, "add", "-A")
    assert commit(trading, "risk model where it belongs").code == 0
