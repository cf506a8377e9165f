from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from wsguard.errors import ImportDataError
from wsguard.store.db import Database
from wsguard.store.legacy import import_legacy
from wsguard.store.transfer import export_folder

LEGACY = Path(__file__).parent.parent / "data" / "legacy"


def _export(database: Database, folder: Path) -> dict[str, list[dict[str, object]]]:
    export_folder(database, folder)
    out = {}
    for path in folder.glob("*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        out[path.name] = next(v for v in document.values() if isinstance(v, list))
    return out


def test_every_record_is_accounted_for(db_url: str, tmp_path: Path) -> None:
    with Database(db_url) as database:
        report = import_legacy(database, LEGACY)
        exported = _export(database, tmp_path)
    counts = {f.file: (f.read, len(f.changes.added)) for f in report.files}
    assert counts == {
        "WORKSPACE-TASKS.json": (5, 5),
        "CROSS-REPO-ISSUES.json": (3, 3),
        "SESSION-LOG.json": (2, 2),
        "ARCHITECTURE-DECISIONS.json": (3, 4),  # ADR-004 only appears inside a session
    }
    assert all(f.accounted for f in report.files)
    assert len(exported["WORKSPACE-TASKS.json"]) == 5
    assert len(exported["ARCHITECTURE-DECISIONS.json"]) == 4


def test_unknown_fields_survive_export(sqlite_url: str, tmp_path: Path) -> None:
    with Database(sqlite_url) as database:
        import_legacy(database, LEGACY)
        exported = _export(database, tmp_path)
    tasks = {t["id"]: t for t in exported["WORKSPACE-TASKS.json"]}
    assert tasks["TASK-001"]["estimate_hours"] == 6
    assert tasks["TASK-001"]["tags"] == ["architecture", "creep"]
    assert tasks["TASK-003"]["completed"] == "2025-01-13T10:00:00Z"
    issue = next(i for i in exported["CROSS-REPO-ISSUES.json"] if i["id"] == "ISSUE-001")
    assert issue["evidence"] == {"lines": 412, "imports": ["pandas", "numpy"]}
    decision = next(d for d in exported["ARCHITECTURE-DECISIONS.json"] if d["id"] == "ADR-001")
    assert decision["consequences"] == ["TASK-001 moves the engine"]
    session = next(
        s for s in exported["SESSION-LOG.json"] if s["session_id"] == "SESSION-2025-01-10-001"
    )
    assert session["mood"] == "productive"
    assert session["activities"][1]["duration_minutes"] == 55


def test_values_are_normalised_and_dangling_references_kept(
    sqlite_url: str, tmp_path: Path
) -> None:
    with Database(sqlite_url) as database:
        report = import_legacy(database, LEGACY)
        exported = _export(database, tmp_path)
    tasks = {t["id"]: t for t in exported["WORKSPACE-TASKS.json"]}
    assert (tasks["TASK-001"]["status"], tasks["TASK-001"]["priority"]) == ("in_progress", "HIGH")
    assert (tasks["5"]["status"], tasks["5"]["priority"]) == ("pending", "MEDIUM")
    # Two repos stored, the string written back as it was.
    assert tasks["TASK-004"]["repos_affected"] == "meridian-core, meridian-trading"
    assert tasks["TASK-002"]["repos_affected"] == "meridian-core"
    assert tasks["TASK-003"]["dependencies_unresolved"] == ["TASK-000"]
    # A session that may still arrive: kept where the user put it.
    assert tasks["TASK-004"]["session_created"] == "SESSION-2024-12-01-009"
    assert tasks["TASK-002"]["dependencies"] == ["TASK-001"]
    sessions = {s["session_id"]: s for s in exported["SESSION-LOG.json"]}
    first = sessions["SESSION-2025-01-10-001"]
    assert first["issues_found"] == ["ISSUE-001"]
    assert first["issues_found_unresolved"] == ["Flaky test in research"]
    assert first["activities"][2] == {
        "description": "Wrote the hand-off",
        "files_created": [],
        "files_modified": [],
        "outcome": None,
        "timestamp": None,
        "type": "note",
    }
    assert sessions["SESSION-2025-02-01-001"]["status"] == "active"
    assert sessions["SESSION-2025-02-01-001"]["decisions"] == ["ADR-003", "ADR-004"]
    notes = [n for f in report.files for n in f.notes]
    assert any("TASK-000" in n for n in notes)
    assert "\n".join(report.lines()).count("records read") == 4


def test_import_twice_changes_nothing(sqlite_url: str) -> None:
    with Database(sqlite_url) as database:
        import_legacy(database, LEGACY)
        again = import_legacy(database, LEGACY)
    assert all(not f.changes.added and not f.changes.changed for f in again.files)


def test_a_bad_legacy_record_writes_nothing(sqlite_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "legacy"
    shutil.copytree(LEGACY, folder)
    path = folder / "CROSS-REPO-ISSUES.json"
    issues = json.loads(path.read_text(encoding="utf-8"))
    issues[2]["status"] = "maybe"
    path.write_text(json.dumps(issues), encoding="utf-8")
    with Database(sqlite_url) as database:
        with pytest.raises(ImportDataError, match="record 'ISSUE-003': field 'status'"):
            import_legacy(database, folder)
        assert _export(database, tmp_path / "out")["WORKSPACE-TASKS.json"] == []
