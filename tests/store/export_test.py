from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wsguard.errors import ImportDataError
from wsguard.store.db import Database
from wsguard.store.entities import ENTITIES
from wsguard.store.transfer import export_folder, import_folder

Populate = Callable[[Database], None]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def test_export_is_deterministic_and_sorted(
    populate: Populate, sqlite_url: str, tmp_path: Path
) -> None:
    with Database(sqlite_url) as database:
        populate(database)
        export_folder(database, tmp_path / "a")
        export_folder(database, tmp_path / "b")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert set(_files(tmp_path / "a")) == {e.file for e in ENTITIES}
    text = (tmp_path / "a" / "WORKSPACE-TASKS.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and '\n  "schema_version": 1' in text
    tasks = json.loads(text)["tasks"]
    assert [t["id"] for t in tasks] == ["T-001", "T-002"]
    assert tasks[0]["repos_affected"] == ["meridian-core", "meridian-trading"]
    assert tasks[1]["estimate"] == {"hours": 3}  # extra fields sit beside the known ones
    session = json.loads((tmp_path / "a" / "SESSION-LOG.json").read_text())["sessions"][0]
    assert [a["description"] for a in session["activities"]] == ["moved engine", "second"]
    assert session["activities"][0]["files_created"] == ["src/a.py"]


def test_round_trip_is_byte_identical(populate: Populate, db_url: str, tmp_path: Path) -> None:
    with Database(db_url) as source:
        populate(source)
        export_folder(source, tmp_path / "first")
        # The same server for PostgreSQL: empty the source, then import into it.
        with source.engine.begin() as conn:
            for entity in reversed(ENTITIES):
                conn.exec_driver_sql(f"DELETE FROM {entity.table}")
        plan = import_folder(source, tmp_path / "first")
        assert sum(len(f.added) for f in plan.files) == 2 + 2 + 1 + 1 + 1 + 1 + 1 + 1 + 1
        export_folder(source, tmp_path / "second")
    assert _files(tmp_path / "first") == _files(tmp_path / "second")


def test_reimport_changes_nothing(populate: Populate, sqlite_url: str, tmp_path: Path) -> None:
    with Database(sqlite_url) as database:
        populate(database)
        export_folder(database, tmp_path)
        plan = import_folder(database, tmp_path)
    assert plan.empty


def _edit(folder: Path, name: str, edit: Callable[[dict[str, Any]], Any]) -> None:
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "edit", "expected"),
    [
        (
            "WORKSPACE-TASKS.json",
            lambda d: d["tasks"][1].update(priority=3),
            "WORKSPACE-TASKS.json: record 'T-002': field 'priority': must be a string",
        ),
        (
            "WORKSPACE-TASKS.json",
            lambda d: d["tasks"][1].update(dependencies=["T-404"]),
            "WORKSPACE-TASKS.json: record 'T-002': field 'dependencies': no tasks record 'T-404'",
        ),
        (
            "CROSS-REPO-ISSUES.json",
            lambda d: d["issues"].append(dict(d["issues"][0])),
            "CROSS-REPO-ISSUES.json: record 'ISSUE-001': field 'id': duplicate id",
        ),
        (
            "DRIFT-DETECTIONS.json",
            lambda d: d["detections"][0].update(line="3"),
            "DRIFT-DETECTIONS.json: record 1: field 'line': must be an integer",
        ),
    ],
)
def test_one_bad_record_changes_nothing(
    populate: Populate,
    sqlite_url: str,
    tmp_path: Path,
    file: str,
    edit: Callable[[dict[str, Any]], None],
    expected: str,
) -> None:
    with Database(sqlite_url) as database:
        populate(database)
        export_folder(database, tmp_path / "before")
        export_folder(database, tmp_path / "in")
        # A good change in another file must not be written either.
        _edit(
            tmp_path / "in",
            "ARCHITECTURE-DECISIONS.json",
            lambda d: d["decisions"][0].update(title="changed"),
        )
        _edit(tmp_path / "in", file, edit)
        with pytest.raises(ImportDataError) as info:
            import_folder(database, tmp_path / "in")
        assert expected in info.value.message
        export_folder(database, tmp_path / "after")
    assert _files(tmp_path / "before") == _files(tmp_path / "after")


def test_prune_and_shrink_guard(populate: Populate, sqlite_url: str, tmp_path: Path) -> None:
    with Database(sqlite_url) as database:
        populate(database)
        export_folder(database, tmp_path)
        _edit(tmp_path, "WORKSPACE-TASKS.json", lambda d: d["tasks"].pop())
        assert import_folder(database, tmp_path).empty  # no --prune: nothing deleted
        plan = import_folder(database, tmp_path, prune=True, dry_run=True)
        assert [f.deleted for f in plan.files if f.deleted] == [("T-002",)]
        _edit(tmp_path, "WORKSPACE-TASKS.json", lambda d: d.update(tasks=[]))
        _edit(
            tmp_path,
            "CROSS-REPO-ISSUES.json",
            lambda d: d["issues"][0].update(related_task_id=None),
        )
        _edit(
            tmp_path,
            "ARCHITECTURE-DECISIONS.json",
            lambda d: d["decisions"][1].update(related_tasks=[]),
        )
        with pytest.raises(ImportDataError, match="refusing to prune more than half"):
            import_folder(database, tmp_path, prune=True)
        plan = import_folder(database, tmp_path, prune=True, force=True)
        assert [f.deleted for f in plan.files if f.deleted] == [("T-001", "T-002")]
        assert import_folder(database, tmp_path, prune=True).empty


def test_int_ids_keep_counting_after_import(
    populate: Populate, db_url: str, tmp_path: Path
) -> None:
    from datetime import datetime

    from wsguard.store.models.drift import ScanRun

    with Database(db_url) as database:
        populate(database)
        export_folder(database, tmp_path)
        _edit(tmp_path, "SCAN-RUNS.json", lambda d: d["scan_runs"][0].update(id=41))
        import_folder(database, tmp_path)
        with database.session_scope() as session:
            run = ScanRun(mode="full", started_at=datetime(2025, 1, 1))
            session.add(run)
            session.flush()
            assert run.id == 42
