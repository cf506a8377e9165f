from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.commands.tracking_helpers import data, run
from tests.helpers import git


def ids(records: list[dict[str, object]]) -> list[object]:
    return [r["id"] for r in records]


def test_add_allocates_ids_and_list_filters(db_url: str) -> None:
    assert run(db_url, "task", "add", "Move engine", "--priority", "HIGH",
               "--repo", "meridian-core", "--repo", "meridian-trading",
               "--assign", "ada", "--notes", "n", "--file", "src/x.py",
               "--description", "d").output.strip() == "WS-TASK-001"  # fmt: skip
    assert run(db_url, "task", "add", "Docs").output.strip() == "WS-TASK-002"
    assert run(db_url, "task", "add", "Mine", "--id", "CUSTOM-1").output.strip() == "CUSTOM-1"
    run(db_url, "task", "add", "Again", "--id", "CUSTOM-1", code=1)
    assert sorted(ids(data(db_url, "task", "list"))) == ["CUSTOM-1", "WS-TASK-001", "WS-TASK-002"]
    assert ids(data(db_url, "task", "list", "--repo", "meridian-core")) == ["WS-TASK-001"]
    assert ids(data(db_url, "task", "list", "--priority", "HIGH")) == ["WS-TASK-001"]
    assert ids(data(db_url, "task", "list", "--assignee", "ada")) == ["WS-TASK-001"]
    assert len(data(db_url, "task", "list", "--status", "pending")) == 3
    shown = data(db_url, "task", "show", "WS-TASK-001")
    assert shown["related_files"] == ["src/x.py"] and shown["notes"] == "n"
    assert "WS-TASK-001" in run(db_url, "task", "list").output


def test_bad_input(db_url: str) -> None:
    missing = run(db_url, "task", "show", "WS-TASK-404", code=1)
    assert "WS-TASK-404" in missing.output
    bad = run(db_url, "task", "list", "--status", "nope", code=2)
    assert "pending" in bad.output and "completed" in bad.output
    assert "HIGH" in run(db_url, "task", "add", "x", "--priority", "urgent", code=2).output.upper()
    run(db_url, "task", "add", "x", "--depends-on", "WS-TASK-404", code=1)
    assert data(db_url, "task", "list") == []  # nothing half-written


def test_transitions_and_update(db_url: str) -> None:
    run(db_url, "task", "add", "A")
    run(db_url, "task", "start", "WS-TASK-001")
    run(db_url, "task", "block", "WS-TASK-001", "--reason", "waiting for review")
    assert data(db_url, "task", "show", "WS-TASK-001")["blocked_reason"] == "waiting for review"
    run(db_url, "task", "done", "WS-TASK-001")
    run(db_url, "task", "done", "WS-TASK-001", code=1)
    run(db_url, "task", "reopen", "WS-TASK-001")
    run(db_url, "task", "update", "WS-TASK-001", "--title", "B", "--priority", "LOW",
        "--repo", "meridian-research")  # fmt: skip
    shown = data(db_url, "task", "show", "WS-TASK-001")
    assert (shown["title"], shown["priority"], shown["status"]) == ("B", "LOW", "pending")
    assert shown["repos_affected"] == ["meridian-research"]
    run(db_url, "task", "start", "WS-TASK-404", code=1)


def test_dependency_chain_ready_and_cycle(db_url: str) -> None:
    run(db_url, "task", "add", "first")
    run(db_url, "task", "add", "second", "--depends-on", "WS-TASK-001")
    run(db_url, "task", "add", "third")
    run(db_url, "task", "dep", "add", "WS-TASK-003", "WS-TASK-002")
    assert ids(data(db_url, "task", "ready")) == ["WS-TASK-001"]
    run(db_url, "task", "start", "WS-TASK-002", code=1)
    refused = run(db_url, "task", "dep", "add", "WS-TASK-001", "WS-TASK-003", code=1)
    assert "WS-TASK-001 -> WS-TASK-003 -> WS-TASK-002 -> WS-TASK-001" in refused.output
    assert (
        "itself" in run(db_url, "task", "dep", "add", "WS-TASK-001", "WS-TASK-001", code=1).output
    )
    run(db_url, "task", "done", "WS-TASK-001")
    assert ids(data(db_url, "task", "ready")) == ["WS-TASK-002"]
    run(db_url, "task", "done", "WS-TASK-002")
    assert ids(data(db_url, "task", "ready")) == ["WS-TASK-003"]
    run(db_url, "task", "dep", "rm", "WS-TASK-003", "WS-TASK-002")
    run(db_url, "task", "dep", "rm", "WS-TASK-003", "WS-TASK-002", code=1)
    assert data(db_url, "task", "show", "WS-TASK-003")["dependencies"] == []


def test_ready_orders_by_priority_then_age(db_url: str) -> None:
    run(db_url, "task", "add", "low", "--priority", "LOW")
    run(db_url, "task", "add", "med")
    run(db_url, "task", "add", "high", "--priority", "HIGH")
    run(db_url, "task", "add", "med2")
    assert ids(data(db_url, "task", "ready")) == [
        "WS-TASK-003", "WS-TASK-002", "WS-TASK-004", "WS-TASK-001"
    ]  # fmt: skip
    assert "WS-TASK-003" in run(db_url, "task", "ready").output


def test_claim(db_url: str) -> None:
    run(db_url, "task", "add", "A")
    run(db_url, "task", "claim", "WS-TASK-001", "--as", "ada")
    lost = run(db_url, "task", "claim", "WS-TASK-001", "--as", "bob", code=1)
    assert "already claimed by ada" in lost.output
    run(db_url, "task", "claim", "WS-TASK-404", "--as", "bob", code=1)


def test_claim_defaults_to_the_current_user(
    db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # not a repository: no git user.name either
    run(db_url, "task", "add", "A")
    run(db_url, "task", "add", "B")
    assert "--as WHO" in run(db_url, "task", "claim", "WS-TASK-001", code=2).output
    monkeypatch.setenv("WSGUARD_USER", "ada")
    assert "claimed by ada" in run(db_url, "task", "claim", "WS-TASK-001").output
    monkeypatch.delenv("WSGUARD_USER")
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "Grace")
    assert "claimed by Grace" in run(db_url, "task", "claim", "WS-TASK-002").output


def test_eight_processes_claim_one_task(db_url: str) -> None:
    run(db_url, "task", "add", "contested")
    env = dict(os.environ)
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "wsguard",
                "--db",
                db_url,
                "task",
                "claim",
                "WS-TASK-001",
                "--as",
                f"agent-{i}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(8)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    outcomes = [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs, strict=True)]
    winners = [o for o in outcomes if o[0] == 0]
    assert len(winners) == 1, outcomes
    assert all(o[0] == 1 and "already claimed by" in o[2] for o in outcomes if o[0] != 0), outcomes
    winner = winners[0][1].split("claimed by ")[1].strip()
    assert data(db_url, "task", "show", "WS-TASK-001")["assigned_to"] == winner
