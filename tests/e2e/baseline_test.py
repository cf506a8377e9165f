"""Baselines and waivers through real commits."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

from click.testing import CliRunner

from tests.helpers import git, write
from tests.workspace_fixture import Workspace, commit
from wsguard.cli import cli


def _wsguard(workspace: Workspace, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--workspace", str(workspace.root), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_baseline_accepts_known_drift_but_not_new(workspace: Workspace) -> None:
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/legacy.py", "import pandas\n")
    git(core, "add", "-A")
    git(core, "commit", "-qm", "legacy pandas", "--no-verify")  # drift already in history
    CliRunner().invoke(cli, ["--workspace", str(workspace.root), "scan"])  # records it
    assert "baselined 1 open detection" in _wsguard(workspace, "baseline")
    write(core, "src/meridian_core/legacy.py", "import os\nimport pandas\n")
    git(core, "add", "-A")
    assert commit(core, "legacy pandas, baselined").code == 0

    write(core, "src/meridian_core/fresh.py", "import numpy\n")
    git(core, "add", "-A")
    assert commit(core, "new drift").code == 1  # new ones still block
    git(core, "reset", "-q")

    git(core, "rm", "-q", "src/meridian_core/legacy.py")
    assert commit(core, "drop legacy").code == 0  # gone: resolved
    write(core, "src/meridian_core/legacy.py", "import pandas\n")
    git(core, "add", "src/meridian_core/legacy.py")
    result = commit(core, "it comes back")
    assert result.code == 1 and "legacy.py" in result.output


def test_waiver_until_it_expires(workspace: Workspace) -> None:
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/w.py", "from sklearn import svm\n")
    git(core, "add", "-A")
    assert commit(core, "svm").code == 1
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    out = _wsguard(
        workspace,
        "waive",
        "1",
        "--reason",
        "spike until Friday",
        "--owner",
        "ada",
        "--expires",
        tomorrow,
    )
    assert f"until {tomorrow}" in out
    assert commit(core, "svm, waived").code == 0
    assert "spike until Friday" in _wsguard(workspace, "waive")

    with sqlite3.connect(workspace.db) as conn:
        conn.execute("UPDATE drift_detections SET waiver_expires = '2020-01-01'")
    write(core, "src/meridian_core/w.py", "from sklearn import svm\nX = 1\n")
    git(core, "add", "-A")
    result = commit(core, "svm again")
    assert result.code == 1
    assert "expired on 2020-01-01" in result.output
    assert "EXPIRED" in _wsguard(workspace, "waive")


def test_waive_refuses_bad_input(workspace: Workspace) -> None:
    runner = CliRunner()
    base = ["--workspace", str(workspace.root), "waive"]
    missing = runner.invoke(cli, [*base, "1", "--reason", "r"])
    assert missing.exit_code == 2 and "--owner" in missing.output
    unknown = runner.invoke(
        cli, [*base, "99", "--reason", "r", "--owner", "o", "--expires", "2999-01-01"]
    )
    assert unknown.exit_code == 1 and "no detection '99'" in unknown.output
    past = runner.invoke(
        cli, [*base, "1", "--reason", "r", "--owner", "o", "--expires", "2000-01-01"]
    )
    assert past.exit_code == 2 and "in the past" in past.output


def test_waive_by_path_line_or_fingerprint(workspace: Workspace) -> None:
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/w.py", '"""W."""\nfrom sklearn import svm\n')
    git(core, "add", "-A")
    assert commit(core, "svm").code == 1
    args = ["--reason", "spike", "--owner", "ada", "--expires", "2999-01-01"]
    out = _wsguard(workspace, "waive", "src/meridian_core/w.py:2", *args)
    assert "waived detection 1 " in out
    out = _wsguard(workspace, "waive", "meridian-core:src/meridian_core/w.py:2", *args)
    assert "waived detection 1 " in out
    with sqlite3.connect(workspace.db) as conn:
        (fingerprint,) = conn.execute("SELECT fingerprint FROM drift_detections").fetchone()
    assert "waived detection 1 " in _wsguard(workspace, "waive", fingerprint[:12], *args)
    missing = CliRunner().invoke(
        cli, ["--workspace", str(workspace.root), "waive", "src/meridian_core/w.py:9", *args]
    )
    assert missing.exit_code == 1 and "path:line" in missing.output


def test_accepted_drift_is_shown_not_hidden(workspace: Workspace) -> None:
    """Baselined drift is still in the repositories: `decision show` and the report say so."""
    core = workspace.repo("meridian-core")
    _wsguard(workspace, "decision", "add", "Core stays domain-agnostic", "--id", "ADR-001",
             "--rationale", "core serves every domain")  # fmt: skip
    write(core, "src/meridian_core/legacy.py", "import pandas\n")
    git(core, "add", "-A")
    git(core, "commit", "-qm", "legacy pandas", "--no-verify")
    CliRunner().invoke(cli, ["--workspace", str(workspace.root), "scan"])
    _wsguard(workspace, "baseline")

    shown = json.loads(_wsguard(workspace, "decision", "show", "ADR-001", "--json"))["data"]
    assert (shown["kept"], shown["open_detections"], shown["accepted_detections"]) == (True, 0, 1)
    assert shown["rules"][0]["detections"][0]["status"] == "baselined"
    text = _wsguard(workspace, "decision", "show", "ADR-001")
    assert "1 accepted" in text and "baselined (accepted)" in text

    report = json.loads(_wsguard(workspace, "report", "--format", "json"))["data"]
    (row,) = [d for d in report["decisions"] if d["id"] == "ADR-001"]
    assert (row["open_detections"], row["accepted"], row["state"]) == (0, 1, "accepted")
