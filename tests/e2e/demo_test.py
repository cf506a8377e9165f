from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from wsguard.cli import cli


def test_demo_blocks_records_and_resolves(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    result = CliRunner().invoke(cli, ["demo", str(root)])
    assert result.exit_code == 0, result.output
    assert "commit blocked" in result.output
    assert "the commit was blocked" in result.output
    with sqlite3.connect(root / "workspace.db") as conn:
        # The blocked commit is its own record; the drift a skipped hook let into
        # history was open (with its issue) until the fix resolved both.
        statuses = conn.execute("SELECT status FROM drift_detections ORDER BY id").fetchall()
        assert statuses == [("blocked",), ("resolved",)]
        assert conn.execute("SELECT issue_type, status FROM issues").fetchall() == [
            ("code_creep", "resolved")
        ]
        assert conn.execute("SELECT blocked FROM scan_runs WHERE blocked").fetchall() == [(1,)]
    assert "open, with its cross-repo issue" in result.output


def test_demo_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "file").write_text("x")
    result = CliRunner().invoke(cli, ["demo", str(tmp_path / "busy")])
    assert result.exit_code == 2 and "not empty" in result.output
