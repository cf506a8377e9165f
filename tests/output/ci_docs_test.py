"""docs/ci/: the snippets are valid YAML and use only the documented `wsguard check` surface."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from wsguard.output import FORMATS

DOCS = Path(__file__).parents[2] / "docs" / "ci"
FLAGS = {"--all-files", "--from-ref", "--to-ref", "--format", "--no-record", "--strict"}


def check_commands(text: str) -> list[list[str]]:
    commands = []
    for line in text.splitlines():
        match = re.search(r"wsguard check ([^>|;]*)", line)
        if match:
            commands.append(shlex.split(match.group(1)))
    return commands


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_files_use_the_documented_surface(name: str) -> None:
    text = (DOCS / name).read_text(encoding="utf-8")
    assert yaml.safe_load(text)
    commands = check_commands(text)
    assert commands
    formats = set()
    for args in commands:
        flags = {a for a in args if a.startswith("--")}
        assert flags <= FLAGS, args
        if "--format" in args:
            formats.add(args[args.index("--format") + 1])
        assert ("--all-files" in args) != ("--from-ref" in args and "--to-ref" in args) or (
            "$@" in args
        )
    assert formats <= set(FORMATS)


def test_github_workflow_uploads_sarif_and_annotates() -> None:
    workflow = yaml.safe_load((DOCS / "github-actions.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["wsguard"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    runs = "\n".join(step.get("run", "") for step in steps)
    assert '--from-ref "origin/$BASE_REF" --to-ref HEAD --format sarif' in runs
    assert "--all-files --format sarif" in runs
    assert "--format github" in runs


def test_gitlab_job_publishes_a_junit_report() -> None:
    job = yaml.safe_load((DOCS / "gitlab-ci.yml").read_text(encoding="utf-8"))["wsguard"]
    assert job["artifacts"]["reports"]["junit"] == "wsguard-junit.xml"
    assert job["artifacts"]["when"] == "always"


def test_pre_commit_snippet() -> None:
    config = yaml.safe_load((DOCS / "pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    assert repo["rev"] == "v0.1.0"
    assert repo["hooks"] == [{"id": "wsguard"}]
