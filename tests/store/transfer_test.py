"""Issue 15: import and export change nothing they should not (store level, both backends)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from wsguard.errors import ImportDataError
from wsguard.store.db import Database
from wsguard.store.importer import Source
from wsguard.store.models import Issue
from wsguard.store.models.drift import DriftDetection
from wsguard.store.transfer import export_folder, import_folder, import_sources

Populate = Callable[[Database], None]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def _edit(folder: Path, name: str, edit: Callable[[dict[str, Any]], Any]) -> None:
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def _record(folder: Path, name: str, wrapper: str, key: Any) -> dict[str, Any]:
    data = json.loads((folder / name).read_text(encoding="utf-8"))
    found: dict[str, Any] = next(r for r in data[wrapper] if r.get("id") == key)
    return found


# --- prune with a file missing ---------------------------------------------------------


def test_prune_refuses_to_clear_a_link_held_by_a_file_not_given(
    populate: Populate, db_url: str, tmp_path: Path
) -> None:
    with Database(db_url) as database:
        populate(database)
        with database.session_scope() as s:
            s.add(
                Issue(
                    id="ISSUE-002",
                    issue_type="governance",
                    severity="LOW",
                    title="two",
                    status="open",
                )
            )
            s.flush()
            detection = s.query(DriftDetection).one()
            detection.issue_id = "ISSUE-002"
        export_folder(database, tmp_path)
        (tmp_path / "DRIFT-DETECTIONS.json").unlink()
        _edit(
            tmp_path,
            "CROSS-REPO-ISSUES.json",
            lambda d: d.update(issues=[i for i in d["issues"] if i["id"] != "ISSUE-002"]),
        )
        with pytest.raises(ImportDataError) as info:
            import_folder(database, tmp_path, prune=True, force=True)
        message = info.value.message
        assert "CROSS-REPO-ISSUES.json: record 'ISSUE-002'" in message, message
        assert "DRIFT-DETECTIONS.json" in message and "'issue_id'" in message, message
        with database.session_scope() as s:
            assert s.query(DriftDetection).one().issue_id == "ISSUE-002"


# --- a partial record -------------------------------------------------------------------


def test_a_partial_record_is_refused_naming_the_fields_it_would_clear(
    populate: Populate, db_url: str, tmp_path: Path
) -> None:
    with Database(db_url) as database:
        populate(database)
        export_folder(database, tmp_path / "before")
        export_folder(database, tmp_path / "in")
        _edit(
            tmp_path / "in",
            "WORKSPACE-TASKS.json",
            lambda d: d.update(tasks=[{"id": "T-001", "title": "Move the engine"}]),
        )
        with pytest.raises(ImportDataError) as info:
            import_folder(database, tmp_path / "in")
        message = info.value.message
        assert "WORKSPACE-TASKS.json: record 'T-001': " in message, message
        for key in ("created", "session_created", "repos_affected", "priority"):
            assert f"'{key}'" in message, message
        assert "--merge" in message
        export_folder(database, tmp_path / "after")
    assert _files(tmp_path / "before") == _files(tmp_path / "after")


def test_merge_updates_only_the_fields_given_and_lists_each_change(
    populate: Populate, db_url: str, tmp_path: Path
) -> None:
    with Database(db_url) as database:
        populate(database)
        export_folder(database, tmp_path / "before")
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "WORKSPACE-TASKS.json").write_text(
            json.dumps({"tasks": [{"id": "T-001", "title": "Move the engine"}]}), encoding="utf-8"
        )
        plan = import_folder(database, tmp_path / "in", merge=True, dry_run=True)
        (tasks,) = plan.files
        assert tasks.changed == ("T-001",)
        assert [(c.id, c.key, c.before, c.after) for c in tasks.fields] == [
            ("T-001", "title", "Move engine", "Move the engine")
        ]
        import_folder(database, tmp_path / "in", merge=True)
        export_folder(database, tmp_path / "after")
    before = _record(tmp_path / "before", "WORKSPACE-TASKS.json", "tasks", "T-001")
    after = _record(tmp_path / "after", "WORKSPACE-TASKS.json", "tasks", "T-001")
    assert after == {**before, "title": "Move the engine"}


def test_a_new_record_may_be_partial(populate: Populate, sqlite_url: str, tmp_path: Path) -> None:
    with Database(sqlite_url) as database:
        populate(database)
        (tmp_path / "WORKSPACE-TASKS.json").write_text(
            json.dumps({"tasks": [{"id": "T-009", "title": "new"}]}), encoding="utf-8"
        )
        plan = import_folder(database, tmp_path)
    assert plan.files[0].added == ("T-009",)


# --- detections by fingerprint ----------------------------------------------------------


def _detection(id_: int, fingerprint: str, **values: Any) -> DriftDetection:
    return DriftDetection(
        id=id_,
        rule_id="no-pandas-in-core",
        repo="meridian-core",
        path="y.py",
        fingerprint=fingerprint,
        message="pandas",
        severity="error",
        status="open",
        first_seen=datetime(2025, 4, 1),
        **values,
    )


def test_own_export_into_itself_is_a_no_op(populate: Populate, db_url: str, tmp_path: Path) -> None:
    with Database(db_url) as database:
        populate(database)
        with database.session_scope() as s:
            s.add_all([_detection(7, "a" * 32), _detection(9, "b" * 32, line=2**31 - 1)])
        export_folder(database, tmp_path / "a")
        assert import_folder(database, tmp_path / "a").empty
        assert import_folder(database, tmp_path / "a", prune=True).empty
        export_folder(database, tmp_path / "b")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_detections_are_matched_by_fingerprint_not_by_id(
    populate: Populate, db_url: str, tmp_path: Path
) -> None:
    """Two databases number their detections apart: the fingerprint is the detection."""
    with Database(db_url) as database:
        populate(database)  # detection 1: 'f' * 32
        export_folder(database, tmp_path)
        with database.session_scope() as s:
            s.query(DriftDetection).delete()
            s.add_all([_detection(1, "e" * 32), _detection(2, "f" * 32, line=99)])
        plan = import_folder(database, tmp_path)
        (detections,) = [f for f in plan.files if f.entity == "detections"]
        assert (detections.added, detections.changed) == ((), (2,))
        with database.session_scope() as s:
            rows = {d.fingerprint: (d.id, d.line) for d in s.query(DriftDetection)}
        assert rows == {"e" * 32: (1, None), "f" * 32: (2, 3)}
        assert import_folder(database, tmp_path).empty
        # A new fingerprint whose id is taken by another detection gets an id of its own.
        _edit(
            tmp_path,
            "DRIFT-DETECTIONS.json",
            lambda d: d["detections"][0].update(fingerprint="c" * 32),
        )
        plan = import_folder(database, tmp_path)
        (detections,) = [f for f in plan.files if f.entity == "detections"]
        assert detections.added == (3,) and not detections.changed
        with database.session_scope() as s:
            assert {d.fingerprint for d in s.query(DriftDetection)} == {
                "c" * 32,
                "e" * 32,
                "f" * 32,
            }


def test_a_fingerprint_twice_in_one_file_is_refused(
    populate: Populate, sqlite_url: str, tmp_path: Path
) -> None:
    with Database(sqlite_url) as database:
        populate(database)
        export_folder(database, tmp_path)
        _edit(
            tmp_path,
            "DRIFT-DETECTIONS.json",
            lambda d: d["detections"].append({**d["detections"][0], "id": 5}),
        )
        with pytest.raises(ImportDataError, match="record 5: field 'fingerprint': duplicate"):
            import_folder(database, tmp_path)


def test_a_fingerprint_that_is_not_a_string_is_refused(
    populate: Populate, sqlite_url: str, tmp_path: Path
) -> None:
    """Found by import_fuzz_test: a list there crashed the import (unhashable)."""
    with Database(sqlite_url) as database:
        populate(database)
        export_folder(database, tmp_path)
        _edit(
            tmp_path,
            "DRIFT-DETECTIONS.json",
            lambda d: d["detections"][0].update(fingerprint=[]),
        )
        with pytest.raises(ImportDataError, match="field 'fingerprint': must be a string"):
            import_folder(database, tmp_path)


# --- values JSON or PostgreSQL cannot carry ---------------------------------------------


def _task(**values: Any) -> dict[str, Source]:
    return {"tasks": Source("WORKSPACE-TASKS.json", [{"id": "T-1", "title": "t", **values}])}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"notes": "a\x00b"}, "field 'notes': holds a NUL character"),
        ({"notes": "a\ud800b"}, "field 'notes': holds a lone surrogate"),
        ({"estimate": {"hours": float("nan")}}, "field 'estimate.hours': NaN is not a JSON"),
        ({"estimate": [float("inf")]}, "field 'estimate[0]': Infinity is not a JSON"),
        ({"k\x00": 1}, "field 'k\\x00': holds a NUL character"),
        ({"created": "0001-01-01T00:00:00+01:00"}, "field 'created': '0001-01-01T00:00:00+01:00'"),
        (
            {"created": "9999-12-31T23:30:00-01:00"},
            "field 'created': '9999-12-31T23:30:00-01:00' is out",
        ),
    ],
)
def test_values_no_backend_can_keep_are_refused(
    db_url: str, values: dict[str, Any], expected: str
) -> None:
    with Database(db_url) as database, pytest.raises(ImportDataError) as info:
        import_sources(database, _task(**values))
    assert "WORKSPACE-TASKS.json: record 'T-1': " + expected.split("field ", 1)[0] in (
        info.value.message
    )
    assert expected in info.value.message, info.value.message


def test_integers_past_32_bits_are_refused_where_the_column_is_32_bits(
    populate: Populate, db_url: str, tmp_path: Path
) -> None:
    with Database(db_url) as database:
        populate(database)
        export_folder(database, tmp_path)
        _edit(tmp_path, "DRIFT-DETECTIONS.json", lambda d: d["detections"][0].update(line=2**31))
        _edit(tmp_path, "SCAN-RUNS.json", lambda d: d["scan_runs"][0].update(id=2**31))
        with pytest.raises(ImportDataError) as info:
            import_folder(database, tmp_path)
    message = info.value.message
    assert "DRIFT-DETECTIONS.json: record 1: field 'line': 2147483648 is out of range" in message
    assert "SCAN-RUNS.json: record 2147483648: field 'id': 2147483648 is out of range" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"schema_version": 99, "tasks": []}', "schema_version 99"),
        ('{"schema_version": "1", "tasks": []}', "schema_version '1'"),
        (
            '{"schema_version": 1, "tasks": [{"id": "T-1", "title": "a", "title": "b"}]}',
            "record 'T-1': field 'title': duplicate key",
        ),
        ('{"tasks": [], "tasks": []}', "duplicate key 'tasks'"),
        ('{"tasks": [{"id": "T-1", "title": "a", "notes": NaN}]}', "field 'notes': NaN"),
        ('{"tasks": [{"id": "T-1", "title": "a", "x": -Infinity}]}', "field 'x': -Infinity"),
    ],
)
def test_files_json_would_not_round_trip_are_refused(
    sqlite_url: str, tmp_path: Path, text: str, expected: str
) -> None:
    (tmp_path / "WORKSPACE-TASKS.json").write_text(text, encoding="utf-8")
    with Database(sqlite_url) as database, pytest.raises(ImportDataError) as info:
        import_folder(database, tmp_path)
    assert "WORKSPACE-TASKS.json" in info.value.message
    assert expected in info.value.message, info.value.message


def test_export_writes_only_standard_json(db_url: str, tmp_path: Path) -> None:
    """A float JSON cannot carry (an old import's NaN, an infinite duration) is exported
    as null: any JSON parser reads the files, and importing them is a no-op."""
    from wsguard.store.models.drift import ScanRun

    with Database(db_url) as database:
        with database.session_scope() as s:
            s.add(ScanRun(mode="full", started_at=datetime(2025, 1, 1), duration_s=float("inf")))
        export_folder(database, tmp_path)
        text = (tmp_path / "SCAN-RUNS.json").read_text(encoding="utf-8")
        assert "Infinity" not in text and '"duration_s": null' in text
        json.loads(text, parse_constant=lambda c: pytest.fail(f"non-standard JSON: {c}"))
        import_folder(database, tmp_path)
        assert import_folder(database, tmp_path).empty


# --- export: a snapshot that blocks no writer, all files or none -----------------------


def test_export_reads_a_snapshot_and_never_blocks_a_writer(
    populate: Populate, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from wsguard.store import export as export_module
    from wsguard.store.models import Task

    monkeypatch.setenv("WSGUARD_DB_TIMEOUT", "1")
    started, release = threading.Event(), threading.Event()
    records = export_module.entity_records

    def slow_records(session: Any, entity: Any, ids: Any = None) -> Any:
        found = records(session, entity, ids)
        if entity.name == "sessions":  # the first file: the snapshot is taken
            started.set()
            assert release.wait(30)
        return found

    monkeypatch.setattr(export_module, "entity_records", slow_records)
    with Database(db_url) as database, Database(db_url) as writer:
        populate(database)
        errors: list[BaseException] = []

        def run() -> None:
            try:
                export_folder(database, tmp_path)
            except BaseException as exc:
                errors.append(exc)

        thread = threading.Thread(target=run)
        thread.start()
        try:
            assert started.wait(30)
            with writer.session_scope() as s:  # waits 1 s at most, else "database is locked"
                s.add(Task(id="T-003", title="during the export", status="pending", priority="LOW"))
                s.add(_detection(5, "d" * 32))
        finally:
            release.set()
            thread.join(30)
        assert not errors, errors
    tasks = json.loads((tmp_path / "WORKSPACE-TASKS.json").read_text(encoding="utf-8"))
    detections = json.loads((tmp_path / "DRIFT-DETECTIONS.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in tasks["tasks"]] == ["T-001", "T-002"]
    assert [d["id"] for d in detections["detections"]] == [1]


def test_a_failed_export_leaves_the_old_files_whole(
    populate: Populate, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from wsguard.errors import WsguardError
    from wsguard.store.models import Task

    with Database(sqlite_url) as database:
        populate(database)
        export_folder(database, tmp_path)
        before = _files(tmp_path)
        with database.session_scope() as s:
            s.add(Task(id="T-003", title="new", status="pending", priority="LOW"))
        real_write = Path.write_bytes
        count = {"n": 0}

        def full_disk(path: Path, data: bytes) -> int:
            count["n"] += 1
            if count["n"] == 5:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_write(path, data)

        monkeypatch.setattr(Path, "write_bytes", full_disk)
        with pytest.raises(WsguardError) as info:
            export_folder(database, tmp_path)
        assert "No space left on device" in info.value.message
        assert "unchanged" in info.value.message
    assert _files(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before) + ["workspace.db"] + [
        n for n in ("workspace.db-shm", "workspace.db-wal") if (tmp_path / n).exists()
    ]
