from __future__ import annotations

from pathlib import Path

import pytest

from wsguard import WorkspaceDB
from wsguard.errors import ConflictError, NotFoundError, UsageError


@pytest.fixture
def db(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    with WorkspaceDB(workspace_root=tmp_path, url=db_url) as database:
        yield database


def test_tasks(db: WorkspaceDB) -> None:
    db.add_session(session_id="S-1", user="ada", ai_assistant="claude")
    task = db.add_task(
        task_id="T-1",
        title="Move engine",
        status="in_progress",
        priority="HIGH",
        repos_affected=["meridian-core", "meridian-trading"],
        description="d",
        session_created="S-1",
    )
    assert isinstance(task, dict) and task["repos_affected"] == [
        "meridian-core",
        "meridian-trading",
    ]
    db.add_task(
        task_id="T-2", title="Shim", repos_affected=["meridian-trading"], dependencies=["T-1"]
    )
    assert [t["id"] for t in db.get_tasks(repo="meridian-core")] == ["T-1"]
    assert [t["id"] for t in db.get_tasks(repo="meridian-trading")] == ["T-1", "T-2"]
    assert [t["id"] for t in db.get_tasks(status="pending")] == ["T-2"]
    assert [t["id"] for t in db.get_tasks(priority="HIGH")] == ["T-1"]
    assert len(db.get_tasks(limit=1)) == 1
    assert db.get_task("T-2")["dependencies"] == ["T-1"]


def test_invalid_values_list_the_valid_ones(db: WorkspaceDB) -> None:
    with pytest.raises(UsageError, match="pending, in_progress, completed, blocked"):
        db.add_task(task_id="T-1", title="x", status="done")
    with pytest.raises(UsageError, match="HIGH, MEDIUM, LOW"):
        db.get_tasks(priority="urgent")
    db.add_task(task_id="T-1", title="x")
    with pytest.raises(ConflictError):
        db.add_task(task_id="T-1", title="again")
    with pytest.raises(NotFoundError):
        db.add_task(task_id="T-2", title="x", dependencies=["T-404"])


def test_issues_and_sessions(db: WorkspaceDB, tmp_path: Path) -> None:
    db.add_task(task_id="T-1", title="x")
    issue = db.add_issue(
        issue_id="ISSUE-1",
        issue_type="code_creep",
        severity="high",
        title="pandas in core",
        description="d",
        repos_affected=["meridian-core"],
        detected_by="wsguard",
        action_required="move it",
        related_task_id="T-1",
    )
    assert issue["status"] == "open" and issue["type"] == "code_creep"
    assert [i["id"] for i in db.issues_of_task("T-1")] == ["ISSUE-1"]
    started = db.add_session(user="ada", ai_assistant="claude")
    sid = started["session_id"]
    assert started["status"] == "active"
    db.add_session_activity(
        session_id=sid, activity_type="refactor", description="moved", files_created=["src/a.py"]
    )
    ended = db.end_session(sid, handoff_notes="next: T-2")
    assert ended["status"] == "completed" and ended["end_time"] is not None
    assert ended["activities"][0]["files_created"] == ["src/a.py"]
    with pytest.raises(ConflictError):
        db.end_session(sid)
    with pytest.raises(NotFoundError):
        db.end_session("nope")
    assert db.decisions_of_session(sid) == []
    assert db.tasks_of_decision("ADR-404") == []


def test_export_and_import_files(db: WorkspaceDB, tmp_path: Path) -> None:
    db.add_task(task_id="T-1", title="x", repos_affected=["meridian-core"])
    data = db.export_to_json()
    assert [t["id"] for t in data["WORKSPACE-TASKS.json"]] == ["T-1"]
    paths = db.export_to_json_files()
    assert all(p.parent == tmp_path.resolve() for p in paths)
    with WorkspaceDB(workspace_root=tmp_path, url=f"sqlite:///{tmp_path / 'b.db'}") as other:
        report = other.import_from_json_files(paths)
        assert sum(len(f.changes.added) for f in report.files) == 1
        assert other.get_tasks(repo="meridian-core")[0]["title"] == "x"
        with pytest.raises(UsageError, match="not an export file name"):
            other.import_from_json_files([tmp_path / "tasks.json"])


def test_ready_and_claim_through_the_api(tmp_path: Path) -> None:
    with WorkspaceDB(tmp_path, url=f"sqlite:///{tmp_path / 'w.db'}") as db:
        db.add_task("A", "first")
        db.add_task("B", "second", dependencies=["A"])
        assert [t["id"] for t in db.ready_tasks()] == ["A"]
        assert db.claim_task("A", "ada")["assigned_to"] == "ada"
        with pytest.raises(ConflictError):
            db.claim_task("A", "bob")


def test_clear_errors_and_plain_paths(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    with WorkspaceDB(tmp_path, url=str(path)) as db:  # a path, not only a URL
        first = db.add_session(user="ada")
        second = db.add_session(user="bob")  # the same second: distinct ids
        assert first.id != second.id
        with pytest.raises(UsageError, match="an activity needs a description"):
            db.add_session_activity(first.id, "note", None)  # type: ignore[arg-type]
        with pytest.raises(AttributeError, match="no field 'nope'"):
            _ = first.nope
        assert first.to_dict() == dict(first) and type(first.to_dict()) is dict
    assert path.is_file()


def test_default_database_inside_a_repository_git_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WSGUARD_DB", raising=False)
    (tmp_path / ".git").mkdir()
    with WorkspaceDB(tmp_path) as db:
        db.add_task("T-1", "x")
    assert (tmp_path / ".git" / "wsguard" / "workspace.db").is_file()
