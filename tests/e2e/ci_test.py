"""``wsguard check`` as a CI job and from pre-commit's file lists, run as a real process."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import git, write, wsguard
from tests.workspace_fixture import Workspace


def test_range_reports_only_the_branch(workspace: Workspace) -> None:
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/on_main.py", "import numpy\n")
    git(core, "add", "-A")
    git(core, "commit", "-qm", "drift on main", "--no-verify")
    git(core, "checkout", "-qb", "feature")
    write(core, "src/meridian_core/on_branch.py", "import pandas\n")
    git(core, "add", "-A")
    git(core, "commit", "-qm", "drift on the branch", "--no-verify")
    result = wsguard(core, "check", "--from-ref", "main", "--to-ref", "HEAD", "--format", "json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    findings = data["data"]["findings"]
    assert [(f["path"], f["line"], f["blocking"]) for f in findings] == [
        ("src/meridian_core/on_branch.py", 1, True)
    ]
    assert set(findings[0]) >= {
        "rule",
        "repo",
        "col",
        "severity",
        "message",
        "decision",
        "fingerprint",
    }
    assert data["data"]["files_scanned"] == 1


def test_pre_commit_env_refs_and_named_files(workspace: Workspace) -> None:
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/a.py", "import pandas\n")
    write(core, "src/meridian_core/b.py", "import os\n")
    git(core, "add", "-A")
    named = wsguard(core, "check", "--no-record", "src/meridian_core/b.py")
    assert named.returncode == 0, named.stdout + named.stderr
    both = wsguard(core, "check", "--no-record", "src/meridian_core/a.py", "src/meridian_core/b.py")
    assert both.returncode == 1 and "a.py" in both.stdout


def test_ci_formats_from_a_real_scan(workspace: Workspace) -> None:
    import jsonschema
    import junitparser
    from jsonschema.validators import validator_for

    from tests.output.sarif_test import load_schema

    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/a.py", "import os\nimport pandas\n")
    write(core, "src/meridian_core/b.py", "HOME = '/home/ada/data/'\n")
    git(core, "add", "-A")
    github = wsguard(core, "check", "--no-record", "--format", "github").stdout.splitlines()
    assert github[0].startswith("::error file=src/meridian_core/a.py,line=2,col=1,")
    assert github[1].startswith("::warning file=src/meridian_core/b.py,line=1,")

    sarif = json.loads(wsguard(core, "check", "--no-record", "--format", "sarif").stdout)
    schema = load_schema()
    validator_for(schema)(schema, format_checker=jsonschema.FormatChecker()).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["no-data-science-in-core", "no-home-paths"]
    assert all(r["partialFingerprints"]["wsguardFingerprint/v1"] for r in results)

    out = workspace.root / "junit.xml"
    out.write_text(wsguard(core, "check", "--no-record", "--format", "junit").stdout)
    suites = junitparser.JUnitXml.fromfile(str(out))
    cases = [case for suite in suites for case in suite]
    failed = [c for c in cases if not c.is_passed]
    assert [(c.classname, c.name) for c in failed] == [
        ("no-data-science-in-core", "src/meridian_core/a.py")
    ]


def test_configuration_errors_exit_2_without_traceback(workspace: Workspace) -> None:
    core = workspace.repo("meridian-core")
    (workspace.root / "rules.yaml").write_text("version: 1\nrules:\n  - id: x\n    kind: nope\n")
    result = wsguard(core, "check")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "rules.yaml:4" in result.stderr and "nope" in result.stderr
    both = wsguard(core, "check", "--all-files", "--from-ref", "main", "--to-ref", "HEAD")
    assert both.returncode == 2 and "give --all-files alone" in both.stderr


def test_outside_a_repository(tmp_path: Path) -> None:
    result = wsguard(tmp_path, "check")
    assert result.returncode == 2 and "not inside a git repository" in result.stderr
