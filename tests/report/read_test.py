"""The report reads a current SQLite file through stdlib sqlite3, anything else through
a session: both give the same report, and the fast one imports no SQLAlchemy."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.report.conftest import CORE, NOW, RULE_DECISIONS, TREND
from tests.report.trend_test import reports
from wsguard.cli import cli
from wsguard.report.data import gather
from wsguard.report.workdata import READY_LIMIT
from wsguard.store import migrate
from wsguard.store.db import Database
from wsguard.store.models import Task, TaskDependency, TaskRepo
from wsguard.store.revision import HEAD
from wsguard.store.sql import open_reader, session_executor
from wsguard.tracker.graph import ready_ids


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"repo": CORE}, {"since": NOW - timedelta(days=30)}, {"repo": "nowhere"}],
    ids=["default", "repo", "since", "unknown-repo"],
)
def test_sqlite3_and_session_give_the_same_report(
    report_sqlite: str, kwargs: dict[str, object]
) -> None:
    reader = open_reader(report_sqlite)
    assert reader is not None
    with reader:
        fast = gather(reader, now=NOW, rule_decisions=RULE_DECISIONS, **kwargs)  # type: ignore[arg-type]
    with Database(report_sqlite) as database, database.session_scope() as session:
        slow = gather(session_executor(session), now=NOW, rule_decisions=RULE_DECISIONS, **kwargs)  # type: ignore[arg-type]
    assert fast == slow
    if not kwargs:  # SQLite's timestamps are text: they came back as datetimes all the same
        assert fast.sessions and all(isinstance(s.started_at, datetime) for s in fast.sessions)
        assert fast.drift.oldest and all(
            isinstance(d.first_seen, datetime) for d in fast.drift.oldest
        )


def test_only_a_current_sqlite_file_is_read_with_sqlite3(tmp_path: Path, sqlite_url: str) -> None:
    assert open_reader("postgresql+psycopg://ada@127.0.0.1/ws") is None
    assert open_reader(f"sqlite:///{tmp_path / 'missing.db'}") is None
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("not a database\n", encoding="utf-8")
    assert open_reader(f"sqlite:///{not_a_db}") is None
    Database(sqlite_url).dispose()
    assert open_reader(f"{sqlite_url}?timeout=1") is None
    reader = open_reader(sqlite_url)
    assert reader is not None
    reader.close()
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    assert open_reader(sqlite_url) is None


def test_an_older_database_is_upgraded_then_reported(sqlite_url: str) -> None:
    with Database(sqlite_url, upgrade=False) as database:
        migrate.upgrade(database.engine, "0002")
    result = CliRunner().invoke(cli, ["--db", sqlite_url, "report", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["data"]["drift"]["open_total"] == 0
    with Database(sqlite_url, upgrade=False) as database:
        assert migrate.current_revision(database.engine) == HEAD


def test_a_missing_database_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "report", "--json"])
    assert result.exit_code == 0, result.output
    assert path.is_file() and json.loads(result.output)["data"]["sessions"] == []


def test_json_report_imports_no_sqlalchemy(report_sqlite: str, rules_file: Path) -> None:
    command = [sys.executable, "-X", "importtime", "-m", "wsguard", "--db", report_sqlite]
    command += ["--rules", str(rules_file), "report", "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    modules = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert not {"sqlalchemy", "alembic", "jinja2", "rich"} & modules
    data = json.loads(done.stdout)["data"]
    assert data["drift"]["open_total"] == 6
    # The trend runs up to the real now: the fixture's weeks lie behind it, all open still.
    assert {s["repo"] for s in data["drift"]["trend"]["series"]} == set(TREND)


def test_ready_list_is_the_trackers(db_url: str) -> None:
    """The report repeats the tracker's query in SQL (importing it costs SQLAlchemy)."""
    rng = random.Random(7)
    ids = [f"T-{i:02d}" for i in range(40)]
    with Database(db_url) as database, database.session_scope() as session:
        for i, task_id in enumerate(ids):
            session.add(
                Task(
                    id=task_id,
                    title=task_id,
                    status=rng.choice(["pending", "pending", "completed", "in_progress"]),
                    priority=rng.choice(["HIGH", "MEDIUM", "LOW"]),
                    created_at=NOW - timedelta(hours=rng.randrange(5)) if i % 7 else None,
                )
            )
        session.flush()
        for i, task_id in enumerate(ids):
            for dep in rng.sample(ids[:i], min(i, rng.randrange(3))):
                session.add(TaskDependency(task_id=task_id, depends_on=dep))
            if i % 3 == 0:
                session.add(TaskRepo(task_id=task_id, repo="alpha"))
    for repo in (None, "alpha"):
        with Database(db_url) as database, database.session_scope() as session:
            expected = ready_ids(session, repo, READY_LIMIT)
        assert expected
        for data in reports(db_url, repo=repo):
            assert [t.id for t in data.ready] == expected


def test_a_locked_database_is_an_error(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    Database(sqlite_url).dispose()
    monkeypatch.setenv("WSGUARD_DB_TIMEOUT", "0.2")
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        result = CliRunner().invoke(cli, ["--db", sqlite_url, "report", "--json"])
    finally:
        holder.close()
    assert result.exit_code == 2, result.output
    assert "database is locked" in result.output and "Traceback" not in result.output
