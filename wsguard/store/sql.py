"""The one way to talk plain SQL: stdlib ``sqlite3`` or a SQLAlchemy connection.

Everything outside the ORM goes through here: the hook's recorder and clean-commit
path, the result cache and the report's reader. One connection policy (busy
timeout, foreign keys, ``synchronous=NORMAL``), one schema-revision check
(:func:`schema_revision`), one executor interface (:class:`Executor`). The ORM
(``wsguard.store.db``) stays for the tracker and the migrations.

The hook records scans with SQL text using ``:name`` parameters, which both
backends accept as they are. On the workspace's SQLite file (``sqlite:///path``,
already at this wsguard's schema revision) it runs through ``sqlite3``, so a
blocked commit never imports SQLAlchemy (~0.4 s); on PostgreSQL, on an SQLite
database that must first be created or upgraded (``Database`` runs the
migrations) or given as a URI, the very same text runs on a SQLAlchemy
connection. Either way the rows are those the ORM models read back: on SQLite,
datetimes as SQLAlchemy stores them (naive UTC, ``SQLITE_DATETIME``) and dates
as ISO text; native types on PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from wsguard.errors import DatabaseError
from wsguard.places import sqlite_file
from wsguard.store.lite import (
    connect,
    connect_current,
    schema_revision,
    sqlite_params,
    sqlite_rows,
)
from wsguard.store.revision import HEAD
from wsguard.store.urls import first_line, masked

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from wsguard.store.db import Database

SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's DateTime storage format on SQLite
CHUNK = 500  # values bound in one ``IN (…)``: far under SQLite's variable limit


Params = Mapping[str, Any]
Row = tuple[Any, ...]


class Executor(Protocol):
    """Runs ``:name``-parameter SQL inside the current transaction."""

    dialect: str  # "sqlite" or "postgresql"

    def execute(self, sql: str, params: Params | None = None) -> list[Row]: ...

    def executemany(self, sql: str, rows: Sequence[Params]) -> None: ...


class Store(Protocol):
    """One open database: a transaction at a time, each in its own ``with`` block."""

    def transaction(self) -> AbstractContextManager[Executor]: ...

    def close(self) -> None: ...


class RaceLost(DatabaseError):
    """A unique key taken by a concurrent writer: the transaction may be run again."""


def sqlite_path(db_url: str) -> Path | None:
    """The file of a plain ``sqlite:///path`` URL, or None for anything else."""
    path = sqlite_file(db_url)
    return None if path is None else Path(path)


def in_list(name: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """``(:name0, :name1, …)`` and its parameters: SQL made of placeholders only."""
    params = {f"{name}{i}": v for i, v in enumerate(values)}
    return "(" + ", ".join(":" + key for key in params) + ")", params


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class SqliteExecutor:
    """Stdlib ``sqlite3``; the connection is in autocommit mode and the store owns BEGIN."""

    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Params | None = None) -> list[Row]:
        return self._conn.execute(sql, sqlite_params(params or {})).fetchall()

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        self._conn.executemany(sql, sqlite_rows(rows))


class SqliteStore:
    """A SQLite file through stdlib ``sqlite3``: ``BEGIN IMMEDIATE`` transactions."""

    def __init__(self, conn: sqlite3.Connection, url: str) -> None:
        self._conn = conn
        self._url = url

    @contextmanager
    def transaction(self) -> Iterator[Executor]:
        conn = self._conn
        try:
            # Take the write lock up front (waiting up to the busy timeout): a deferred
            # transaction could fail later on a lock upgrade instead of waiting its turn.
            conn.execute("BEGIN IMMEDIATE")
            yield SqliteExecutor(conn)
            conn.execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            message = f"database {masked(self._url)}: {first_line(exc)}"
            if isinstance(exc, sqlite3.IntegrityError):
                raise RaceLost(message) from None
            if isinstance(exc, sqlite3.Error):
                raise DatabaseError(message) from None
            raise

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            # If even this fails, closing the connection rolls back what is left.
            with suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")

    def close(self) -> None:
        self._conn.close()


class AlchemyExecutor:
    """The same SQL through SQLAlchemy's ``text()`` on an open connection."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.dialect = conn.dialect.name

    def _params(self, params: Params) -> Params:
        return sqlite_params(params) if self.dialect == "sqlite" else params

    def execute(self, sql: str, params: Params | None = None) -> list[Row]:
        from sqlalchemy import text

        result = self._conn.execute(text(sql), self._params(params or {}))
        return [tuple(row) for row in result] if result.returns_rows else []

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        from sqlalchemy import text

        if rows:
            sqlite = self.dialect == "sqlite"
            self._conn.execute(text(sql), sqlite_rows(rows) if sqlite else list(rows))


class SqliteReader(SqliteExecutor):
    """A ``sqlite3`` connection holding one read transaction: a consistent snapshot for
    every query, and no lock that would keep writers waiting."""

    def __init__(self, conn: sqlite3.Connection, url: str) -> None:
        super().__init__(conn)
        self._url = url

    def execute(self, sql: str, params: Params | None = None) -> list[Row]:
        try:
            return super().execute(sql, params)
        except sqlite3.Error as exc:
            raise DatabaseError(f"database {masked(self._url)}: {first_line(exc)}") from None

    def close(self) -> None:
        self._conn.close()  # the read transaction ends with it

    def __enter__(self) -> SqliteReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_reader(db_url: str, read_only: bool = False) -> SqliteReader | None:
    """A read snapshot of the file of a plain ``sqlite:///`` URL at the current schema, else
    None: then SQLAlchemy creates or upgrades the database first, or says what is wrong.

    ``read_only`` opens the file read-only: closing it then never checkpoints."""
    path = sqlite_file(db_url)
    conn = connect(path, read_only) if path is not None else None
    if conn is None:
        return None
    try:
        conn.execute("BEGIN")  # deferred: a snapshot for every query, no lock on writers
        revision = schema_revision(conn)
    except sqlite3.OperationalError as exc:
        conn.close()
        raise DatabaseError(f"database {masked(db_url)}: {first_line(exc)}") from None
    except sqlite3.Error:
        revision = None
    if revision != HEAD:
        conn.close()
        return None
    return SqliteReader(conn, db_url)


def serialise(ex: Executor, name: str) -> None:
    """Let one transaction at a time past this point for ``name``, until it ends.

    For a check-then-write that two writers must not interleave (a cycle check
    before adding an edge). SQLite transactions already take the write lock at
    ``BEGIN IMMEDIATE``; PostgreSQL takes a transaction-level advisory lock keyed
    by the schema (one workspace database) and ``name``.
    """
    if ex.dialect == "postgresql":
        ex.execute(
            "SELECT pg_advisory_xact_lock(hashtext(current_schema()), hashtext(:name))",
            {"name": name},
        )


def session_executor(session: Session) -> AlchemyExecutor:
    """The same plain SQL inside an ORM session's transaction."""
    return AlchemyExecutor(session.connection())


def as_datetime(value: object) -> datetime | None:
    """A timestamp as a driver returns it: SQLite's text, or a datetime already."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


class AlchemyStore:
    """A database through ``wsguard.store.db.Database`` (migrated on open)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @contextmanager
    def transaction(self) -> Iterator[Executor]:
        from sqlalchemy import exc as sa_exc

        from wsguard.store.db import describe
        from wsguard.store.db import masked as masked_url

        try:
            with self._db.guard(), self._db.engine.begin() as conn:
                yield AlchemyExecutor(conn)
        except sa_exc.IntegrityError as exc:
            raise RaceLost(f"database {masked_url(self._db.url)}: {describe(exc)}") from None

    def close(self) -> None:
        self._db.dispose()


def open_store(db_url: str) -> Store:
    """The database of ``db_url``, through ``sqlite3`` when it is a current SQLite file;
    created or upgraded first (through SQLAlchemy) when it is not."""
    path = sqlite_path(db_url)
    conn = connect_current(path) if path is not None else None
    if conn is not None:
        return SqliteStore(conn, db_url)
    from wsguard.store.db import Database

    return AlchemyStore(Database(db_url))
