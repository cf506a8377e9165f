from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from wsguard.cli import cli

LEGACY = Path(__file__).parent.parent / "data" / "legacy"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def test_legacy_export_import_round_trip(db_url: str, tmp_path: Path) -> None:
    code, out = _run("--db", db_url, "import", "--legacy", str(LEGACY))
    assert code == 0, out
    assert "WORKSPACE-TASKS.json: 5 records read; 5 added" in out
    code, out = _run("--db", db_url, "export", "--dir", str(tmp_path / "a"))
    assert code == 0, out
    other = f"sqlite:///{tmp_path / 'other.db'}"
    code, out = _run("--db", other, "import", "--dir", str(tmp_path / "a"))
    assert code == 0, out
    _run("--db", other, "export", "--dir", str(tmp_path / "b"))
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")


def test_bad_record_exits_2_and_changes_nothing(db_url: str, tmp_path: Path) -> None:
    _run("--db", db_url, "import", "--legacy", str(LEGACY))
    _run("--db", db_url, "export", "--dir", str(tmp_path / "before"))
    _run("--db", db_url, "export", "--dir", str(tmp_path / "in"))
    path = tmp_path / "in" / "WORKSPACE-TASKS.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tasks"][0]["title"] = "changed, but must not be written"
    data["tasks"][1]["dependencies"] = ["TASK-999"]
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out = _run("--db", db_url, "import", "--dir", str(tmp_path / "in"))
    assert code == 2
    assert "WORKSPACE-TASKS.json: record 'TASK-001': field 'dependencies'" in out
    _run("--db", db_url, "export", "--dir", str(tmp_path / "after"))
    assert _bytes(tmp_path / "before") == _bytes(tmp_path / "after")


def test_dry_run_prints_changes_and_writes_nothing(sqlite_url: str, tmp_path: Path) -> None:
    _run("--db", sqlite_url, "import", "--legacy", str(LEGACY))
    _run("--db", sqlite_url, "export", "--dir", str(tmp_path))
    path = tmp_path / "WORKSPACE-TASKS.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tasks"] = [t for t in data["tasks"] if t["id"] != "TASK-004"]
    data["tasks"][0]["notes"] = "edited"
    data["tasks"].append({"id": "TASK-010", "title": "new"})
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out = _run("--db", sqlite_url, "import", "--dir", str(tmp_path), "--dry-run", "--prune")
    assert code == 0, out
    assert "WORKSPACE-TASKS.json: 1 added (TASK-010), 1 changed (5), 1 deleted (TASK-004)" in out
    edited = data["tasks"][0]
    assert f"\n  {edited['id']}: notes: " in out and " → 'edited'\n" in out, out
    assert "dry run: nothing was written" in out
    code, out = _run("--db", sqlite_url, "import", "--dir", str(tmp_path), "--dry-run")
    assert "0 deleted" in out


def test_export_defaults_to_the_workspace_root(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text("rules: []\n", encoding="utf-8")
    code, out = _run("--workspace", str(tmp_path), "export")
    assert code == 0, out
    assert (tmp_path / "WORKSPACE-TASKS.json").is_file()
    assert (tmp_path / "workspace.db").is_file()


def test_legacy_folder_missing(sqlite_url: str, tmp_path: Path) -> None:
    code, out = _run("--db", sqlite_url, "import", "--legacy", str(tmp_path / "nope"))
    assert code == 2 and out.startswith("Error: legacy folder not found")


def test_legacy_import_refuses_to_overwrite_unless_forced(sqlite_url: str) -> None:
    first = json.loads((LEGACY / "WORKSPACE-TASKS.json").read_text(encoding="utf-8"))
    records = first["tasks"] if isinstance(first, dict) else first
    task_id = records[0]["id"]
    assert (
        _run("--db", sqlite_url, "task", "add", "Mine, not the legacy one", "--id", task_id)[0] == 0
    )
    code, out = _run("--db", sqlite_url, "import", "--legacy", str(LEGACY))
    assert code == 1 and task_id in out and "--force" in out, out
    assert (
        json.loads(_run("--db", sqlite_url, "task", "show", task_id, "--json")[1])["data"]["title"]
        == "Mine, not the legacy one"
    )
    code, out = _run("--db", sqlite_url, "import", "--legacy", str(LEGACY), "--dry-run")
    assert code == 0 and f"would overwrite: {task_id}" in out, out
    code, out = _run("--db", sqlite_url, "import", "--legacy", str(LEGACY), "--force")
    assert code == 0 and f"overwrote: {task_id}" in out, out


def test_a_partial_record_is_refused_unless_merged(db_url: str, tmp_path: Path) -> None:
    _run("--db", db_url, "import", "--legacy", str(LEGACY))
    _run("--db", db_url, "export", "--dir", str(tmp_path / "before"))
    tasks = json.loads((tmp_path / "before" / "WORKSPACE-TASKS.json").read_text(encoding="utf-8"))
    first = max(tasks["tasks"], key=lambda t: sum(1 for v in t.values() if v))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "WORKSPACE-TASKS.json").write_text(
        json.dumps({"tasks": [{"id": first["id"], "title": "renamed"}]}), encoding="utf-8"
    )
    code, out = _run("--db", db_url, "import", "--dir", str(tmp_path / "in"))
    assert code == 2 and f"record {first['id']!r}: leaves out " in out and "--merge" in out, out
    code, out = _run(
        "--db", db_url, "import", "--dir", str(tmp_path / "in"), "--merge", "--dry-run"
    )
    assert code == 0, out
    assert f"1 changed ({first['id']})" in out
    assert f"  {first['id']}: title: {first['title']!r} → 'renamed'\n" in out, out
    code, out = _run("--db", db_url, "import", "--dir", str(tmp_path / "in"), "--merge")
    assert code == 0, out
    _run("--db", db_url, "export", "--dir", str(tmp_path / "after"))
    after = json.loads((tmp_path / "after" / "WORKSPACE-TASKS.json").read_text(encoding="utf-8"))
    assert after["tasks"] == [
        {**t, "title": "renamed"} if t["id"] == first["id"] else t for t in tasks["tasks"]
    ]


def test_own_export_into_itself_changes_nothing(db_url: str, tmp_path: Path) -> None:
    _run("--db", db_url, "import", "--legacy", str(LEGACY))
    _run("--db", db_url, "export", "--dir", str(tmp_path))
    code, out = _run("--db", db_url, "import", "--dir", str(tmp_path), "--prune")
    assert code == 0 and "nothing to change" in out and " 0 changed" in out, out
