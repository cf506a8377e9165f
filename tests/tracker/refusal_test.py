"""One tracker: the same bad input gets the same refusal from the CLI and the Python API.

Both entries call the tracker's functions, so the message and the exit code a
user sees on the command line are those of the error the API raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from wsguard import WorkspaceDB
from wsguard.cli import cli
from wsguard.errors import WsguardError


@pytest.fixture
def db(db_url: str, tmp_path: Path) -> Iterator[WorkspaceDB]:
    with WorkspaceDB(workspace_root=tmp_path, url=db_url) as database:
        database.add_task("A", "first")
        database.add_task("B", "second", dependencies=["A"])
        database.add_session(user="ada")
        yield database


# (what, CLI arguments, the same through WorkspaceDB)
CASES: list[tuple[str, list[str], Callable[[WorkspaceDB], object]]] = [
    ("empty title", ["task", "add", " "], lambda db: db.add_task("T-9", " ")),
    (
        "unknown priority",
        ["task", "add", "x", "--priority", "urgent"],
        lambda db: db.add_task("T-9", "x", priority="urgent"),
    ),
    (
        "unknown severity",
        ["issue", "add", "x", "--type", "code_creep", "--severity", "bogus"],
        lambda db: db.add_issue("I-9", "code_creep", "bogus", "x"),
    ),
    ("unknown status", ["task", "list", "--status", "done"], lambda db: db.get_tasks("done")),
    ("unknown task id", ["task", "show", "T-404"], lambda db: db.get_task("T-404")),
    (
        "dependency cycle",
        ["task", "dep", "add", "A", "B"],
        lambda db: db.add_dependency("A", "B"),
    ),
    (
        "unknown decision status",
        ["decision", "add", "x", "--rationale", "r", "--status", "done"],
        lambda db: db.add_decision("ADR-9", "x", "r", status="done"),
    ),
    (
        "decision without a rationale",
        ["decision", "add", "x", "--rationale", " "],
        lambda db: db.add_decision("ADR-9", "x", " "),
    ),
    (
        "unknown session status",
        ["session", "list", "--status", "sleeping"],
        lambda db: db.get_sessions("sleeping"),
    ),
    (
        "unknown decision status filter",
        ["decision", "list", "--status", "done"],
        lambda db: db.get_decisions("done"),
    ),
    (
        "unknown issue severity filter",
        ["issue", "list", "--severity", "urgent"],
        lambda db: db.get_issues(severity="urgent"),
    ),
    ("unknown issue id", ["issue", "show", "I-404"], lambda db: db.get_issue("I-404")),
    ("unknown decision id", ["decision", "show", "ADR-404"], lambda db: db.get_decision("ADR-404")),
    (
        "activity without a description",
        ["session", "log", " "],
        lambda db: db.add_session_activity(db.get_sessions()[0].id, "note", " "),
    ),
    (
        "second open session for one user",
        ["session", "start", "--user", "ada"],
        lambda db: db.add_session(user="ada"),
    ),
]


@pytest.mark.parametrize(("what", "argv", "call"), CASES, ids=[c[0] for c in CASES])
def test_cli_and_api_refuse_alike(
    db: WorkspaceDB,
    db_url: str,
    what: str,
    argv: list[str],
    call: Callable[[WorkspaceDB], object],
) -> None:
    with pytest.raises(WsguardError) as refused:
        call(db)
    result = CliRunner().invoke(cli, ["--db", db_url, *argv])
    assert result.exit_code == refused.value.exit_code, (what, result.output)
    assert result.output.strip().endswith(f"Error: {refused.value.message}"), (what, result.output)
