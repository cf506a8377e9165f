from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.commands.tracking_helpers import data, run
from tests.helpers import git, write
from tests.workspace_fixture import Workspace
from wsguard.install import install


def test_session_lifecycle(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WSGUARD_USER", "ada")
    none = run(db_url, "session", "current", "--json", code=1)
    assert json.loads(none.stdout) == {"schema_version": 1, "data": None}
    assert "no open session" in run(db_url, "session", "current", code=1).output
    sid = run(db_url, "session", "start", "--assistant", "claude").output.strip()
    assert sid.startswith("SESSION-")
    run(db_url, "session", "start", code=1)  # one open session per user
    run(db_url, "session", "log", "Read the engine", "--type", "research", "--file", "src/e.py")
    assert data(db_url, "session", "current")["session_id"] == sid
    shown = data(db_url, "session", "show", sid)
    assert shown["activities"][0]["files_modified"] == ["src/e.py"]
    run(db_url, "session", "end", "--handoff", "engine next")
    run(db_url, "session", "end", code=1)
    assert data(db_url, "session", "list")[0]["status"] == "completed"
    run(db_url, "session", "show", "SESSION-404", code=1)
    assert sid in run(db_url, "session", "list").output


def test_context_defaults_lists(
    db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no rules.yaml above: any repo name goes
    monkeypatch.setenv("WSGUARD_USER", "ada")
    run(db_url, "task", "add", "core task", "--repo", "meridian-core")
    run(db_url, "task", "add", "trading task", "--repo", "meridian-trading")
    run(db_url, "issue", "add", "x", "--type", "code_creep", "--severity", "low",
        "--repo", "meridian-trading")  # fmt: skip
    run(db_url, "session", "start")
    assert data(db_url, "context", "show")["repo"] is None
    run(db_url, "context", "switch", "meridian-core", "--reason", "engine work")
    assert data(db_url, "context", "show")["repo"] == "meridian-core"
    assert [t["title"] for t in data(db_url, "task", "list")] == ["core task"]
    assert [t["title"] for t in data(db_url, "task", "ready")] == ["core task"]
    assert data(db_url, "issue", "list") == []
    assert len(data(db_url, "task", "list", "--all")) == 2
    assert len(data(db_url, "issue", "list", "--all")) == 1
    run(db_url, "context", "switch", "meridian-trading")
    history = data(db_url, "context", "history")
    assert [(h["from_repo"], h["to_repo"]) for h in history] == [
        (None, "meridian-core"), ("meridian-core", "meridian-trading")
    ]  # fmt: skip
    run(db_url, "session", "end")
    assert len(data(db_url, "task", "list")) == 2  # the context ended with the session


RULES = """\
version: 1
rules:
  - id: no-pandas-in-core
    kind: forbidden-import
    message: core stays free of pandas
    modules: [pandas]
"""


def _workspace_repo(make_repo, root: Path) -> Path:  # type: ignore[no-untyped-def]
    write(root, "rules.yaml", RULES)
    repo: Path = make_repo("meridian-core", root)
    install(repo, python=sys.executable)
    return repo


def _commit(repo: Path, rel: str, message: str, env: dict[str, str]) -> None:
    write(repo, rel, message + "\n")
    git(repo, "add", rel)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, check=True, env=env)


def test_handoff_names_everything(
    db_url: str,
    make_repo,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)  # no rules.yaml above: any repo name goes
    monkeypatch.setenv("WSGUARD_USER", "ada")
    run(db_url, "task", "add", "Move the engine", "--repo", "meridian-core")
    run(db_url, "task", "add", "Wire trading", "--depends-on", "WS-TASK-001")
    sid = run(db_url, "session", "start", "--assistant", "claude").output.strip()
    run(db_url, "context", "switch", "meridian-core", "--reason", "engine work")
    run(db_url, "session", "log", "Mapped the engine's imports", "--type", "research")
    repo = _workspace_repo(make_repo, tmp_path)
    env = {**os.environ, "WSGUARD_DB": db_url}
    _commit(repo, "src/engine.py", "Move engine out of core", env)
    _commit(repo, "src/models.py", "Keep models only", env)
    run(db_url, "decision", "add", "Core holds no trading logic", "--rationale", "lean core")
    run(db_url, "issue", "add", "Broker SDK in core", "--type", "code_creep", "--severity", "high")
    run(db_url, "task", "done", "WS-TASK-001")
    commits = [a for a in data(db_url, "session", "show")["activities"] if a["type"] == "commit"]
    assert [c["repo"] for c in commits] == ["meridian-core", "meridian-core"]
    assert commits[0]["files_modified"] == ["src/engine.py"]
    text = run(db_url, "session", "handoff").output
    for expected in (
        sid, "Mapped the engine's imports", "meridian-core", "Move engine out of core",
        "Keep models only", "engine work", "ADR-001", "Core holds no trading logic",
        "WS-ISSUE-001", "Broker SDK in core", "WS-TASK-001", "WS-TASK-002",
    ):  # fmt: skip
        assert expected in text, (expected, text)
    ready = text.split("## Ready next")[1]
    assert "WS-TASK-002" in ready
    shown = data(db_url, "session", "show", sid)
    assert shown["decisions"] == ["ADR-001"] and shown["issues_found"] == ["WS-ISSUE-001"]


def test_hook_without_session_or_repo_does_nothing(db_url: str, make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = _workspace_repo(make_repo, tmp_path)
    env = {**os.environ, "WSGUARD_DB": db_url}
    _commit(repo, "a.py", "first", env)  # no session: commit still fine
    out = subprocess.run(
        [sys.executable, "-m", "wsguard", "hook", "post-commit"],
        cwd=repo.parent, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert out.returncode == 0
    assert data(db_url, "session", "list") == []


def test_show_and_handoff_list_created_files(db_url: str, tmp_path: Path) -> None:
    from wsguard import WorkspaceDB

    with WorkspaceDB(tmp_path, url=db_url) as db:
        session = db.add_session(session_id="2025-11-20-session-001", user="ada")
        db.add_session_activity(
            session_id=session.id,
            activity_type="documentation",
            description="Created architecture documents",
            files_created=["ARCH.md"],
        )
    assert "+ARCH.md" in run(db_url, "session", "show", session.id).output
    assert "+ARCH.md" in run(db_url, "session", "handoff", session.id).output
    listed = data(db_url, "session", "list", "--status", "in_progress")
    assert [s["session_id"] for s in listed] == [session.id]


def test_context_switch_and_report_refuse_unknown_repos(workspace: Workspace) -> None:
    from click.testing import CliRunner

    from wsguard.cli import cli

    base = ["--workspace", str(workspace.root)]
    runner = CliRunner()
    typo = runner.invoke(cli, [*base, "context", "switch", "meridian-cor"])
    assert typo.exit_code == 2 and "Did you mean meridian-core?" in typo.output
    report = runner.invoke(cli, [*base, "report", "--repo", "nowhere"])
    assert report.exit_code == 2 and "no repo 'nowhere'" in report.output
    assert runner.invoke(cli, [*base, "context", "switch", "meridian-core"]).exit_code == 0


def test_outside_a_workspace_task_add_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from wsguard.cli import cli

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["task", "add", "x"])
    assert result.exit_code == 2 and "--db" in result.output and "rules.yaml" in result.output
    assert not (tmp_path / "workspace.db").exists()
