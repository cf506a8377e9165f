"""The CI examples of docs/ci/, run verbatim (read from the files, never retyped) in a
workspace whose known drift was baselined and waived: ``--no-record`` still applies them."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

from tests.helpers import git, write, wsguard
from tests.workspace_fixture import PROJECT, Workspace

DOCS = PROJECT / "docs" / "ci"


def _github_scripts() -> list[str]:
    workflow = yaml.safe_load((DOCS / "github-actions.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["wsguard"]["steps"]
    return [s["run"] for s in steps if "wsguard check" in s.get("run", "")]


def _gitlab_script() -> str:
    job = yaml.safe_load((DOCS / "gitlab-ci.yml").read_text(encoding="utf-8"))["wsguard"]
    return "\n".join(job["script"])


def _sh(cwd: Path, script: str, **env: str) -> subprocess.CompletedProcess[str]:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        ["sh", "-c", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path, **env},
    )


def _known_drift(workspace: Workspace) -> Path:
    """meridian-core with one baselined and one waived finding, pushed to origin/main."""
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/legacy.py", "import pandas\n")
    git(core, "add", "-A")
    git(core, "commit", "-qm", "legacy pandas", "--no-verify")
    assert wsguard(core, "check", "--all-files").returncode == 1  # recorded
    assert wsguard(core, "baseline").returncode == 0
    write(core, "src/meridian_core/spike.py", "from sklearn import svm\n")
    git(core, "add", "-A")
    git(core, "commit", "-qm", "svm spike", "--no-verify")
    assert wsguard(core, "check", "--all-files").returncode == 1  # the spike: new
    with sqlite3.connect(workspace.db) as conn:
        (spike,) = conn.execute(
            "SELECT id FROM drift_detections WHERE path = 'src/meridian_core/spike.py'"
        ).fetchone()
    expires = (date.today() + timedelta(days=7)).isoformat()
    waived = wsguard(
        core, "waive", str(spike), "--reason", "spike", "--owner", "ada", "--expires", expires
    )
    assert waived.returncode == 0, waived.stdout + waived.stderr
    remote = workspace.root / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(core, "remote", "add", "origin", str(remote))
    git(core, "push", "-q", "origin", "main")
    git(core, "fetch", "-q", "origin")
    return core


def test_github_workflow_commands_apply_baselines_and_waivers(workspace: Workspace) -> None:
    core = _known_drift(workspace)
    sarif_step, annotate_step = _github_scripts()
    rules = str(workspace.root / "rules.yaml")  # the workflow's WSGUARD_RULES, here

    pushed = _sh(core, sarif_step, GITHUB_EVENT_NAME="push", WSGUARD_RULES=rules)
    assert pushed.returncode == 0, pushed.stderr
    results = json.loads((core / "wsguard.sarif").read_text())["runs"][0]["results"]
    assert sorted(r["suppressions"][0]["justification"] for r in results) == [
        "baselined in the wsguard workspace database",
        "waived in the wsguard workspace database",
    ]
    annotated = _sh(core, annotate_step, GITHUB_EVENT_NAME="push", WSGUARD_RULES=rules)
    assert annotated.returncode == 0, annotated.stdout + annotated.stderr

    # A pull request touching the waived file passes; one adding drift fails.
    git(core, "checkout", "-qb", "feature")
    write(core, "src/meridian_core/spike.py", "from sklearn import svm\n\nMODEL = svm\n")
    git(core, "commit", "-qam", "use the spike")
    pr = {"GITHUB_EVENT_NAME": "pull_request", "BASE_REF": "main", "WSGUARD_RULES": rules}
    assert _sh(core, sarif_step, **pr).returncode == 0
    assert _sh(core, annotate_step, **pr).returncode == 0
    write(core, "src/meridian_core/fresh.py", "import numpy\n")
    git(core, "add", "-A")
    git(core, "commit", "-qm", "fresh drift", "--no-verify")
    failed = _sh(core, annotate_step, **pr)
    assert failed.returncode == 1
    assert "::error file=src/meridian_core/fresh.py,line=1" in failed.stdout
    errors = [line for line in failed.stdout.splitlines() if line.startswith("::error")]
    assert len(errors) == 1, failed.stdout  # the waived spike is annotated, not an error


def test_gitlab_job_applies_baselines_and_waivers(workspace: Workspace) -> None:
    core = _known_drift(workspace)
    rules = str(workspace.root / "rules.yaml")
    default = _sh(core, _gitlab_script(), WSGUARD_RULES=rules)
    assert default.returncode == 0, default.stdout + default.stderr
    junit = (core / "wsguard-junit.xml").read_text()
    assert "<failure" not in junit

    git(core, "checkout", "-qb", "feature")
    write(core, "src/meridian_core/fresh.py", "import numpy\n")
    git(core, "add", "-A")
    git(core, "commit", "-qm", "fresh drift", "--no-verify")
    target = {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    mr = _sh(core, _gitlab_script(), WSGUARD_RULES=rules, **target)
    assert mr.returncode == 1
    assert "src/meridian_core/fresh.py:1:1: no-data-science-in-core" in mr.stdout


def test_no_record_says_when_it_cannot_read_the_database(workspace: Workspace) -> None:
    core = _known_drift(workspace)
    elsewhere = workspace.root / "nowhere" / "workspace.db"
    blind = wsguard(core, "--db", str(elsewhere), "check", "--all-files", "--no-record")
    assert blind.returncode == 1
    assert f"no database at {elsewhere}: baselines and waivers not applied" in blind.stdout
    assert not elsewhere.exists()  # --no-record writes nothing, not even a new database
    seeing = wsguard(core, "check", "--all-files", "--no-record")
    assert seeing.returncode == 0, seeing.stdout
    assert "(baselined)" in seeing.stdout and "(waived)" in seeing.stdout
