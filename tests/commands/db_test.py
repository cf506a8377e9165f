from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from wsguard.cli import cli
from wsguard.store import migrate


def test_upgrade_creates_a_wal_database(tmp_path: Path) -> None:
    path = tmp_path / "x" / "a.db"
    path.parent.mkdir()
    result = CliRunner().invoke(cli, ["--db", str(path), "db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "upgraded from an empty database to" in result.output
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    again = CliRunner().invoke(cli, ["--db", str(path), "db", "upgrade"])
    assert "already at revision" in again.output


def test_current(db_url: str) -> None:
    runner = CliRunner()
    before = runner.invoke(cli, ["--db", db_url, "db", "current"])
    assert before.exit_code == 0, before.output
    assert "no schema yet" in before.output
    runner.invoke(cli, ["--db", db_url, "db", "upgrade"])
    after = runner.invoke(cli, ["--db", db_url, "db", "current"])
    assert after.output.strip() == f"{migrate.head_revision()} (latest)"


def _one_line_error(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def test_missing_folder(tmp_path: Path) -> None:
    line = _one_line_error(["--db", str(tmp_path / "nope" / "a.db"), "db", "upgrade"])
    assert "does not exist" in line


def test_unknown_dialect() -> None:
    line = _one_line_error(["--db", "mongodb://localhost/x", "db", "upgrade"])
    assert "unsupported database" in line


def test_postgres_that_does_not_answer() -> None:
    url = "postgresql+psycopg://postgres:hunter2@127.0.0.1:1/test"
    line = _one_line_error(["--db", url, "db", "current"])
    assert "hunter2" not in line and "127.0.0.1" in line
