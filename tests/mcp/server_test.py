"""``wsguard mcp`` through the SDK's stdio client: one real server process for the module."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.helpers import git, write
from tests.mcp.client import Client, clients, server_params
from tests.workspace_fixture import make_workspace
from wsguard.mcp.server import TOOLS


class Served(NamedTuple):
    root: Path
    client: Client


def server_env(home: Path, **extra: str) -> dict[str, str]:
    """What the server process sees: a fixed identity, no user config, nothing else."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
        "GIT_AUTHOR_NAME": "Ada Tester",
        "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": "Ada Tester",
        "GIT_COMMITTER_EMAIL": "ada@example.com",
        **extra,
    }
    (home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    return env


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    home = tmp_path_factory.mktemp("home")
    env = server_env(home, WSGUARD_USER="ada", WSGUARD_DB_TIMEOUT="0.2")
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        root = make_workspace(tmp_path_factory.mktemp("mcp") / "ws", hooks=False).root
    with (
        (home / "server.log").open("w") as errlog,
        clients([server_params(root, env)], errlog) as (client,),
    ):
        yield Served(root, client)


def test_lists_the_twelve_tools_with_schemas_and_descriptions(served: Served) -> None:
    tools = {t.name: t for t in served.client.run(served.client.session.list_tools).tools}
    assert sorted(tools) == sorted(TOOLS)
    assert len(tools) == 12
    for tool in tools.values():
        assert tool.input_schema["type"] == "object"
        assert tool.description and len(tool.description) > 30
    assert tools["claim"].input_schema["required"] == ["task_id"]
    assert "as" in tools["claim"].input_schema["properties"]
    assert tools["add_task"].input_schema["properties"]["depends_on"]["type"] == "array"
    assert tools["report"].input_schema["properties"]["format"]["enum"] == ["json", "markdown"]


def test_ready_claim_session_handoff(served: Served) -> None:
    c = served.client
    first = c.call("add_task", title="Extract the pricing interface", repos=["meridian-core"])
    first_id = first.data["id"]
    second = c.call("add_task", title="Use the interface", depends_on=[first_id], priority="high")
    second_id = second.data["id"]
    assert second.data["dependencies"] == [first_id]

    ready = [t["id"] for t in c.call("ready").data]
    assert first_id in ready and second_id not in ready
    assert [t["id"] for t in c.call("ready", repo="meridian-core").data] == [first_id]

    assert c.call("claim", task_id=first_id).data["assigned_to"] == "ada"
    again = c.call("claim", task_id=first_id, **{"as": "bob"})
    assert again.error
    assert f"{first_id} is already claimed by ada" in again.text

    session = c.call("start_session", assistant="claude-code").data
    assert session["user"] == "ada" and session["ai_assistant"] == "claude-code"
    c.call("log_activity", description="Moved the pricing maths behind an interface",
           type="refactor", files=["src/meridian_core/pricing.py"])  # fmt: skip
    handoff = c.call("handoff").data
    assert handoff["session_id"] == session["session_id"]
    assert "Moved the pricing maths behind an interface" in handoff["text"]

    ended = c.call("end_session", handoff="Next: wire trading to it").data
    assert ended["status"] == "completed"
    assert "Next: wire trading to it" in c.call("handoff").data["text"]
    assert c.call("log_activity", description="too late").error  # no open session


def test_update_task(served: Served) -> None:
    c = served.client
    task_id = c.call("add_task", title="Rename the scheduler").data["id"]
    updated = c.call("update_task", task_id=task_id, status="in_progress", notes="half done")
    assert (updated.data["status"], updated.data["notes"]) == ("in_progress", "half done")
    assert "no task" in c.call("update_task", task_id="WS-TASK-999", notes="x").text


def test_issue_and_decision_show_up_in_the_report(served: Served) -> None:
    c = served.client
    issue = c.call(
        "add_issue",
        title="Pricing maths copied into research",
        type="code_creep",
        severity="high",
        repos=["meridian-research"],
    ).data
    decision = c.call(
        "add_decision", title="One pricing library", rationale="Two copies drift", impact="HIGH"
    ).data
    assert issue["severity"] == "HIGH"

    report = c.call("report").data
    assert {"issue_type": "code_creep", "status": "open", "total": 1} in report["issues"]
    assert decision["id"] in [d["id"] for d in report["decisions"]]
    markdown = c.call("report", format="markdown").data
    assert markdown["format"] == "markdown"
    assert "One pricing library" in markdown["text"] and "creep" in markdown["text"]

    resource = c.run(c.session.read_resource, "wsguard://report")
    assert decision["id"] in resource.contents[0].text


def test_check_returns_the_staged_finding_with_its_rule(served: Served) -> None:
    core = served.root / "meridian-core"
    write(core, "src/meridian_core/frame.py", '"""Frames."""\n\nimport pandas\n')
    git(core, "add", "src/meridian_core/frame.py")
    data = served.client.call("check", repo=str(core)).data
    (finding,) = data["findings"]
    assert finding["rule"] == "no-data-science-in-core"
    assert (finding["path"], finding["line"]) == ("src/meridian_core/frame.py", 3)
    assert finding["decision"] == "ADR-001"
    assert finding["fix"].startswith("Move the code to meridian-research")
    assert finding["blocking"] is True
    assert data["summary"]["exit_code"] == 1
    # By repo name, and over all files: the same finding.
    named = served.client.call("check", repo="meridian-core", all_files=True).data
    assert [f["rule"] for f in named["findings"]] == ["no-data-science-in-core"]
    git(core, "reset", "-q")


def test_bad_calls_are_error_results_and_the_server_keeps_answering(served: Served) -> None:
    c = served.client
    missing = c.call("add_task")
    assert missing.error and "title" in missing.text
    assert c.call("add_task", title="x", priority="urgent").error
    assert "no task 'WS-TASK-404'" in c.call("claim", task_id="WS-TASK-404").text
    assert c.call("check", repo="no-such-repo").error
    assert c.call("report", since="yesterday").error
    first = c.call("add_task", title="first").data["id"]
    second = c.call("add_task", title="second", depends_on=[first]).data["id"]
    cycle = c.call("update_task", task_id=first, add_depends_on=[second], notes="never")
    assert cycle.error
    assert f"refused: {first} -> {second} would close a cycle" in cycle.text
    assert c.call("update_task", task_id=first, notes="kept").data["dependencies"] == []
    assert c.run(c.session.call_tool, "no_such_tool", {}).is_error
    assert first in [t["id"] for t in c.call("ready").data]


def test_a_locked_database_is_an_error_result(served: Served) -> None:
    c = served.client
    c.call("ready")  # the database exists
    holder = sqlite3.connect(served.root / "workspace.db", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        locked = c.call("add_task", title="while locked")
        assert locked.error
        assert "locked" in locked.text
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert c.call("add_task", title="after the lock").data["title"] == "after the lock"


def test_rules_resource_reads_back_the_rules(served: Served) -> None:
    c = served.client
    listed = c.run(c.session.list_resources)
    assert {str(r.uri) for r in listed.resources} == {"wsguard://rules", "wsguard://report"}
    import json

    text = c.run(c.session.read_resource, "wsguard://rules").contents[0].text
    document = json.loads(text)
    rules = {r["id"]: r for r in document["data"]["rules"]}
    core = rules["no-data-science-in-core"]
    assert core["decision"] == "ADR-001"
    assert core["remediation"].startswith("Move the code")
    assert core["blocking"] is True
