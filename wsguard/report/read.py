"""How the report reads the database: plain SQL through stdlib ``sqlite3`` or a session.

The report is a handful of read-only aggregate queries. Over one million detections
they take about 0.2 s on SQLite, while importing SQLAlchemy and the models takes
about 0.5 s: so on a plain SQLite file at the current schema revision, the report
runs on ``sqlite3`` alone (as the hook's fast path does), in one read transaction.
Anything else (PostgreSQL, a file that does not exist yet or needs an upgrade) goes
through a SQLAlchemy session. The SQL is written once, for both databases, with
``:name`` parameters; only constants and placeholders are ever put into its text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from wsguard.errors import DatabaseError
from wsguard.store.revision import HEAD, busy_timeout_s
from wsguard.store.sqlexec import SQLITE_PREFIX, sqlite_params, sqlite_path

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Params = Mapping[str, object]
Row = tuple[Any, ...]


class Reader:
    """Runs one read-only query and returns its rows as plain tuples."""

    dialect = ""

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        raise NotImplementedError


class SqliteReader(Reader):
    """A ``sqlite3`` connection holding one read transaction (a consistent snapshot)."""

    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        try:
            return self._conn.execute(sql, sqlite_params(params or {})).fetchall()
        except sqlite3.Error as exc:
            raise DatabaseError(f"database {SQLITE_PREFIX}{self._path}: {exc}") from None

    def close(self) -> None:
        self._conn.close()  # the read transaction ends with it

    def __enter__(self) -> SqliteReader:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.close()


class SessionReader(Reader):
    """The same queries through a SQLAlchemy session, on any database."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.dialect = session.get_bind().dialect.name

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        from sqlalchemy import text

        values = sqlite_params(params or {}) if self.dialect == "sqlite" else dict(params or {})
        return [tuple(row) for row in self._session.execute(text(sql), values)]


def open_sqlite(url: str) -> SqliteReader | None:
    """A reader on the file of a plain ``sqlite:///`` URL at the current schema, else None.

    None sends the report through SQLAlchemy, which creates or upgrades the database
    first and reports what is wrong with it.
    """
    path = sqlite_path(url)
    if path is None or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout_s(), isolation_level=None)
    except (sqlite3.Error, DatabaseError):
        return None
    try:
        conn.execute("BEGIN")  # deferred: a snapshot for every query, no lock on writers
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):  # after the busy timeout: waiting again would not help
            conn.close()
            raise DatabaseError(f"database {url}: {exc}") from None
        row = None
    except sqlite3.Error:
        row = None
    if row is None or row[0] != HEAD:
        conn.close()
        return None
    return SqliteReader(conn, path)


def as_datetime(value: object) -> datetime | None:
    """A timestamp as the driver returns it: SQLite's text, or a datetime already."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
