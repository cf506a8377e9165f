"""The seeds (../shared/seeds/) as written: their Python runs, their JSON migrates and comes
back out of export holding every value the user wrote.

The code blocks below are copied verbatim from the seeds; only ``from workspace.db import
WorkspaceDB`` became ``from wsguard import WorkspaceDB`` and the workspace path a temp dir.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from wsguard import WorkspaceDB
from wsguard.errors import ImportDataError

# Seed 003 (workspace/README.md), "Quick Start" and "Usage Examples", in their order.
SEED_003 = [
    """
from pathlib import Path
from wsguard import WorkspaceDB
from wsguard.errors import ImportDataError

workspace_root = Path("WORKSPACE_ROOT")
db = WorkspaceDB(workspace_root=workspace_root)

# Database will be created at: workspace_root/workspace.db
""",
    """
from wsguard import WorkspaceDB
from wsguard.errors import ImportDataError

db = WorkspaceDB()

task = db.add_task(
    task_id="WS-TASK-001",
    title="Implement TradingLearningEngine",
    status="pending",
    priority="HIGH",
    repos_affected=["meridian-trading", "meridian-core"],
    description="Self-learning for trading domain",
    session_created="2025-11-20-session-001",
)
""",
    """
# Get all pending tasks
tasks = db.get_tasks(status="pending")

# Get tasks for a specific repo
tasks = db.get_tasks(repo="meridian-core")

# Get high-priority tasks
tasks = db.get_tasks(priority="HIGH", limit=10)
""",
    """
issue = db.add_issue(
    issue_id="ISSUE-001",
    issue_type="code_creep",
    severity="HIGH",
    title="Trading-specific code found in meridian-core",
    description="File X imports pandas, violates ADR-001",
    repos_affected=["meridian-core"],
    detected_by="automated",
    action_required="Move to meridian-trading",
)
""",
    """
# Start session
session = db.add_session(
    session_id="2025-11-20-session-001",
    user="simonerses",
    ai_assistant="claude-code",
)

# Add activity
db.add_session_activity(
    session_id=session.id,
    activity_type="documentation",
    description="Created architecture documents",
    files_created=["2025-11-20-MERIDIAN-CORE-ARCHITECTURE.md"],
)

# End session
db.end_session(session.id)
""",
    """
# Export for human readability
db.export_to_json_files()

# Or get as dictionary
data = db.export_to_json()
""",
]

# Seed 000, "Migration Path", steps 2 to 4.
SEED_000_MIGRATION = """
# Migration script
workspace_db = WorkspaceDB()
workspace_db.import_from_json_files([
    "WORKSPACE-TASKS.json",
    "CROSS-REPO-ISSUES.json",
    "SESSION-LOG.json",
    "ARCHITECTURE-DECISIONS.json"
])
"""
SEED_000_ACCESS = """
# New
workspace_db = WorkspaceDB()
tasks = workspace_db.get_active_tasks()
"""
SEED_000_EXPORT = """
# Export current state to JSON
workspace_db.export_to_json_files()
"""
# Seed 000, "Option 3: Hybrid Approach": the body of its export_to_json.
SEED_000_HYBRID = """
exported = {
    "tasks": [task.to_dict() for task in workspace_db.get_all_tasks()],
    "issues": [issue.to_dict() for issue in workspace_db.get_all_issues()],
    # ...
}
"""

# The four files in the seeds' format: statuses and severities as seed 000's schema lists
# them, issues without a title, activities with ``time``, offsets, a top-level last_updated,
# lists in the user's order, a string where a list belongs, a field wsguard does not know.
SEED_FILES: dict[str, dict[str, Any]] = {
    "SESSION-LOG.json": {
        "last_updated": "2025-11-21T18:00:00-08:00",
        "sessions": [
            {
                "session_id": "2025-11-20-session-001",
                "start_time": "2025-11-20T09:00:00-08:00",
                "end_time": "2025-11-20T17:45:00-08:00",
                "status": "completed",
                "user": "simonerses",
                "ai_assistant": "claude-code",
                "activities": [
                    {
                        "time": "2025-11-20T09:30:00-08:00",
                        "type": "documentation",
                        "description": "Created architecture documents",
                        "files_created": ["2025-11-20-MERIDIAN-CORE-ARCHITECTURE.md"],
                        "outcome": "Three layers documented",
                    },
                    {
                        "time": "2025-11-20T14:10:00",
                        "type": "analysis",
                        "description": "Looked for trading code in meridian-core",
                        "files_created": [],
                    },
                ],
                "decisions": ["ADR-001"],
                "issues_found": ["ISSUE-001"],
                "handoff_notes": "Engine still in core; see WS-TASK-001.",
            },
            {
                "session_id": "2025-11-21-session-002",
                "start_time": "2025-11-21T08:30:00-08:00",
                "status": "in_progress",
                "user": "simonerses",
                "ai_assistant": "claude-code",
                "activities": [
                    {
                        "time": "2025-11-21T09:00:00-08:00",
                        "type": "governance",
                        "description": "Drafted the placement rules",
                        "files_created": "rules.yaml",
                    }
                ],
                "decisions": "ADR-002",
                "issues_found": [],
            },
        ],
    },
    "ARCHITECTURE-DECISIONS.json": {
        "last_updated": "2025-11-21",
        "decisions": [
            {
                "id": "ADR-001",
                "date": "2025-11-19T15:00:00",
                "session": "2025-11-20-session-001",
                "decision": "meridian-core stays domain-free",
                "repos_affected": ["meridian-core", "meridian-trading", "meridian-research"],
                "rationale": "Core is shared by trading and research.",
                "status": "implemented",
                "impact": "HIGH",
                "related_files": ["meridian-core/README.md"],
                "documentation": ["2025-11-20-MERIDIAN-CORE-ARCHITECTURE.md"],
            },
            {
                "id": "ADR-002",
                "date": "2025-11-21T09:15:00-08:00",
                "session": "2025-11-21-session-002",
                "decision": "Placement rules live in the workspace",
                "repos_affected": ["meridian-trading", "meridian-core"],
                "rationale": "One policy for every repo.",
                "status": "in_progress",
                "impact": "MEDIUM",
                "related_files": [],
                "documentation": [],
            },
            {
                "id": "ADR-003",
                "date": "2025-11-18",
                "session": "2025-11-18-session-001",
                "decision": "Research notebooks stay out of core",
                "repos_affected": ["meridian-research"],
                "rationale": "Notebooks churn.",
                "status": "maintained",
                "impact": "LOW",
                "related_files": [],
                "documentation": [],
                "reviewers": ["ada", "bob"],
            },
        ],
    },
    "WORKSPACE-TASKS.json": {
        "last_updated": "2025-11-21T18:00:00-08:00",
        "tasks": [
            {
                "id": "WS-TASK-001",
                "title": "Implement TradingLearningEngine",
                "status": "in_progress",
                "priority": "HIGH",
                "repos_affected": ["meridian-trading", "meridian-core"],
                "dependencies": [],
                "created": "2025-11-20T10:15:00-08:00",
                "session_created": "2025-11-20-session-001",
                "assigned_to": "claude-code",
                "notes": "Self-learning for trading domain",
                "related_files": ["meridian-trading/src/learning.py"],
            },
            {
                "id": "WS-TASK-002",
                "title": "Remove pandas from meridian-core",
                "status": "pending",
                "priority": "MEDIUM",
                "repos_affected": ["meridian-core"],
                "dependencies": ["WS-TASK-001"],
                "created": "2025-11-21T09:00:00",
                "session_created": "2025-11-21-session-002",
                "assigned_to": None,
                "notes": None,
                "related_files": [],
            },
            {
                "id": "WS-TASK-003",
                "title": "Write the workspace README",
                "status": "completed",
                "priority": "LOW",
                "repos_affected": ["meridian-research", "meridian-core", "meridian-research"],
                "dependencies": [],
                "created": "2025-11-19T16:00:00Z",
                "session_created": "2025-11-18-session-001",
                "assigned_to": "simonerses",
                "notes": None,
                "related_files": "README.md",
            },
            {
                "id": "WS-TASK-004",
                "title": "Audit the shared config",
                "status": "blocked",
                "priority": "HIGH",
                "repos_affected": [],
                "dependencies": ["WS-TASK-002", "WS-TASK-001"],
                "created": "2025-11-21T10:00:00-08:00",
                "session_created": None,
                "assigned_to": None,
                "notes": "Waiting for ADR-002",
                "related_files": [],
            },
        ],
    },
    "CROSS-REPO-ISSUES.json": {
        "last_updated": "2025-11-21T18:00:00-08:00",
        "issues": [
            {
                "id": "ISSUE-001",
                "type": "code_creep",
                "severity": "HIGH",
                "description": "Trading-specific code found in meridian-core\nFile X: pandas",
                "repos_affected": ["meridian-core"],
                "detected": "2025-11-20T11:00:00-08:00",
                "detected_by": "automated",
                "status": "open",
                "action_required": "Move to meridian-trading",
                "assigned_to": None,
                "related_task_id": "WS-TASK-001",
            },
            {
                "id": "ISSUE-002",
                "type": "governance",
                "severity": "MEDIUM",
                "description": "No placement rules for research",
                "repos_affected": ["meridian-research"],
                "detected": "2025-11-21T09:00:00",
                "detected_by": "simonerses",
                "status": "resolved",
                "action_required": None,
                "assigned_to": "simonerses",
                "related_task_id": None,
            },
            {
                "id": "ISSUE-003",
                "type": "missing_component",
                "severity": "LOW",
                "description": "No shared logging config",
                "repos_affected": ["meridian-trading", "meridian-core"],
                "detected": "2025-11-21T12:00:00-08:00",
                "detected_by": "automated",
                "status": "closed",
                "action_required": "Add one to meridian-core",
                "assigned_to": None,
                "related_task_id": "WS-TASK-004",
            },
        ],
    },
}
WRAPPERS = {
    "SESSION-LOG.json": ("sessions", "session_id"),
    "ARCHITECTURE-DECISIONS.json": ("decisions", "id"),
    "WORKSPACE-TASKS.json": ("tasks", "id"),
    "CROSS-REPO-ISSUES.json": ("issues", "id"),
}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty workspace folder, the current folder, with no database configured."""
    monkeypatch.delenv("WSGUARD_DB", raising=False)
    monkeypatch.delenv("WSGUARD_RULES", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(blocks: list[str], namespace: dict[str, Any]) -> dict[str, Any]:
    for block in blocks:
        exec(compile(textwrap.dedent(block), "<seed>", "exec"), namespace)
    return namespace


def close(namespace: dict[str, Any]) -> None:
    for value in namespace.values():
        if isinstance(value, WorkspaceDB):
            value.close()


def holds(given: Any, exported: Any, where: str = "") -> None:
    """Every value of ``given`` is in ``exported``, as written (lists in their order)."""
    if isinstance(given, dict):
        assert isinstance(exported, dict), where
        for key, value in given.items():
            assert key in exported, f"{where}.{key} missing"
            holds(value, exported[key], f"{where}.{key}")
    elif isinstance(given, list) and given and isinstance(given[0], dict):
        assert isinstance(exported, list) and len(exported) == len(given), where
        for n, (a, b) in enumerate(zip(given, exported, strict=True)):
            holds(a, b, f"{where}[{n}]")
    else:
        assert exported == given, f"{where}: {exported!r} != {given!r}"


def test_seed_003_usage_examples_run_as_written(workspace: Path) -> None:
    blocks = [b.replace("WORKSPACE_ROOT", str(workspace)) for b in SEED_003]
    namespace = run(blocks, {})
    try:
        data = namespace["data"]
        session = namespace["session"]
        assert session.id == "2025-11-20-session-001"
        assert namespace["task"].title == "Implement TradingLearningEngine"
        assert namespace["task"].to_dict()["priority"] == "HIGH"
        assert [t.id for t in namespace["tasks"]] == ["WS-TASK-001"]
        assert namespace["issue"].severity == "HIGH"
        (logged,) = data["SESSION-LOG.json"]
        assert logged["status"] == "completed"
        assert logged["activities"][0]["files_created"] == [
            "2025-11-20-MERIDIAN-CORE-ARCHITECTURE.md"
        ]
        # The task named its session before it existed; the reference resolves now.
        db = namespace["db"]
        assert db.get_task("WS-TASK-001").session_created == session.id
        assert db.get_session(session.id).user == "simonerses"
        assert (workspace / "workspace.db").is_file()
        assert (workspace / "WORKSPACE-TASKS.json").is_file()
    finally:
        close(namespace)


def test_seed_000_migration_keeps_every_value(workspace: Path) -> None:
    for name, document in SEED_FILES.items():
        (workspace / name).write_text(json.dumps(document, indent=2), encoding="utf-8")
    namespace = run([SEED_000_MIGRATION, SEED_000_ACCESS], {"WorkspaceDB": WorkspaceDB})
    try:
        active = namespace["tasks"]
        assert {t.id for t in active} == {"WS-TASK-001", "WS-TASK-002", "WS-TASK-004"}
        db = namespace["workspace_db"]
        # Stored in one form: the seeds' words still find them.
        assert [s.id for s in db.get_sessions(status="in_progress")] == ["2025-11-21-session-002"]
        assert [d.id for d in db.get_decisions(status="implemented")] == ["ADR-001"]
        assert [t.id for t in db.get_tasks(repo="meridian-core")] == [
            "WS-TASK-003",
            "WS-TASK-001",
            "WS-TASK-002",
        ]
        assert db.get_issue("ISSUE-001").title == "Trading-specific code found in meridian-core"
        run([SEED_000_EXPORT, SEED_000_HYBRID], namespace)
        for name, document in SEED_FILES.items():
            exported = json.loads((workspace / name).read_text(encoding="utf-8"))
            assert exported["last_updated"] == document["last_updated"]
            wrapper, id_key = WRAPPERS[name]
            by_id = {r[id_key]: r for r in exported[wrapper]}
            for record in document[wrapper]:
                holds(record, by_id[record[id_key]], f"{name}:{record[id_key]}")
        hybrid = namespace["exported"]
        assert {t["id"] for t in hybrid["tasks"]} == {f"WS-TASK-00{n}" for n in range(1, 5)}
        assert len(hybrid["issues"]) == 3
    finally:
        close(namespace)


def test_seed_files_round_trip_byte_for_byte(workspace: Path) -> None:
    for name, document in SEED_FILES.items():
        (workspace / name).write_text(json.dumps(document), encoding="utf-8")
    with WorkspaceDB(workspace) as db:
        db.import_from_json_files(list(SEED_FILES))
        first = {p.name: p.read_bytes() for p in db.export_to_json_files(workspace / "a")}
        data = db.export_to_json()
    with WorkspaceDB(workspace, url=str(workspace / "other.db")) as other:
        other.import_from_json_files(sorted((workspace / "a").glob("*.json")))
        second = {p.name: p.read_bytes() for p in other.export_to_json_files(workspace / "b")}
        # Importing the export again changes nothing.
        again = other.import_from_json_files(sorted((workspace / "a").glob("*.json")))
        assert all(not f.changes.added and not f.changes.changed for f in again.files)
    assert first == second
    # The dictionary form goes back in as well (the seed's hybrid import_from_json).
    with WorkspaceDB(workspace, url=str(workspace / "third.db")) as third:
        third.import_from_json(data)
        assert third.export_to_json() == data


def test_a_wrong_record_is_reported_once_and_nothing_is_written(workspace: Path) -> None:
    documents = json.loads(json.dumps(SEED_FILES))
    documents["SESSION-LOG.json"]["sessions"][0]["status"] = "sleeping"
    for name, document in documents.items():
        (workspace / name).write_text(json.dumps(document), encoding="utf-8")
    with WorkspaceDB(workspace) as db:
        with pytest.raises(ImportDataError) as refused:
            db.import_from_json_files(list(reversed(documents)))
        problems = refused.value.message.splitlines()[1:]
        assert len(problems) == 1, problems
        assert "'2025-11-20-session-001': field 'status': 'sleeping'" in problems[0]
        assert db.get_all_tasks() == [] and db.get_all_sessions() == []
