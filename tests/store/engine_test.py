from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from wsguard.errors import DatabaseError
from wsguard.store.db import Database, masked
from wsguard.store.models.sessions import WorkSession


def test_sqlite_pragmas(sqlite_url: str) -> None:
    with Database(sqlite_url) as database, database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_missing_folder_is_a_database_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        Database(f"sqlite:///{tmp_path / 'nope' / 'a.db'}")


def test_unknown_dialect_is_a_database_error() -> None:
    with pytest.raises(DatabaseError, match="unsupported database"):
        Database("oracle://scott:tiger@db.example.com/x")


def test_unreachable_postgres_is_one_line_without_password() -> None:
    with pytest.raises(DatabaseError) as info:
        Database("postgresql+psycopg://postgres:s3cret@127.0.0.1:1/test")
    assert "s3cret" not in info.value.message
    assert "***" in info.value.message
    assert "\n" not in info.value.message


def test_masked_hides_password() -> None:
    assert masked("postgresql+psycopg://u:pw@h/db") == "postgresql+psycopg://u:***@h/db"


def test_rollback_on_error(db_url: str) -> None:
    with Database(db_url) as database:
        with pytest.raises(RuntimeError), database.session_scope() as session:
            session.add(WorkSession(id="S1", status="active"))
            session.flush()
            raise RuntimeError("boom")
        with database.session_scope() as session:
            assert session.get(WorkSession, "S1") is None


def test_threads_share_one_database(db_url: str) -> None:
    with Database(db_url) as database:

        def work(n: int) -> None:
            for i in range(10):
                with database.session_scope() as session:
                    session.add(WorkSession(id=f"T{n}-{i}", status="active"))

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with database.session_scope() as session:
            count = session.scalar(sa.select(sa.func.count()).select_from(WorkSession))
        assert count == 40


_WORKER = """
import sys
from wsguard.store.db import Database
from wsguard.store.models.sessions import WorkSession
with Database(sys.argv[1]) as database:
    for i in range(5):
        with database.session_scope() as session:
            session.add(WorkSession(id=f"P{sys.argv[2]}-{i}", status="active"))
"""


def test_processes_create_and_write_one_fresh_database(db_url: str) -> None:
    # Several processes open a database nobody has created yet, at once.
    procs = [
        subprocess.Popen([sys.executable, "-c", _WORKER, db_url, str(n)], stderr=subprocess.PIPE)
        for n in range(3)
    ]
    errors = [p.communicate()[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    with Database(db_url) as database, database.session_scope() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(WorkSession)) == 15
