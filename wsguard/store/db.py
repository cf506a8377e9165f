"""The engine and the unit of work: one ``Database`` per URL, ``session_scope()`` per transaction.

SQLite runs in WAL mode with foreign keys on, ``synchronous=NORMAL`` and a busy
timeout, and every transaction starts with ``BEGIN IMMEDIATE``: a writer then
waits its turn instead of failing on a lock upgrade, so several threads and
processes can share one file. PostgreSQL goes through psycopg.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from wsguard.errors import DatabaseError
from wsguard.store import urls
from wsguard.store.revision import busy_timeout_s
from wsguard.workspace import Options, workspace_db_url

CONNECT_TIMEOUT_S = 5
SNAPSHOT = "wsguard_snapshot"  # execution option: a read-only transaction (``Database.snapshot``)
_DRIVER_ALIASES = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}


def masked(url: URL | str) -> str:
    """The URL as it may appear in a message: never with its password."""
    if isinstance(url, str):
        return urls.masked(url)
    return urls.masked(url.render_as_string(hide_password=True))


def parse_url(url: str) -> URL:
    """A SQLAlchemy URL; bare ``postgresql://`` means psycopg (version 3)."""
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError:
        raise DatabaseError(
            f"not a database URL: {masked(url)} "
            "(use a SQLite path or postgresql+psycopg://user@host/dbname)"
        ) from None
    if parsed.drivername in _DRIVER_ALIASES:
        parsed = parsed.set(drivername=_DRIVER_ALIASES[parsed.drivername])
    return parsed


def _sqlite_engine(url: URL) -> Engine:
    path = url.database
    if path and path != ":memory:" and not path.startswith("file:"):
        folder = Path(path).expanduser().parent
        if not folder.is_dir():
            raise DatabaseError(
                f"cannot open database {masked(url)}: folder {folder} does not exist "
                "(create it, or pass another --db)"
            )
    timeout = busy_timeout_s()
    kwargs: dict[str, Any] = {"connect_args": {"timeout": timeout}}
    if not path or path == ":memory:":
        kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Own the transactions: pysqlite's implicit BEGIN would defeat BEGIN IMMEDIATE.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A snapshot only reads: a deferred BEGIN takes no lock a writer would wait for.
        snapshot = conn.get_execution_options().get(SNAPSHOT)
        conn.exec_driver_sql("BEGIN" if snapshot else "BEGIN IMMEDIATE")

    return engine


def make_engine(url: str | URL) -> Engine:
    """An engine for ``url``, or a ``DatabaseError`` saying what is wrong with it."""
    parsed = parse_url(url) if isinstance(url, str) else url
    backend = parsed.get_backend_name()
    try:
        if backend == "sqlite":
            return _sqlite_engine(parsed)
        if backend == "postgresql":
            return create_engine(
                parsed,
                pool_pre_ping=True,
                connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
            )
    except ModuleNotFoundError as exc:
        raise DatabaseError(
            f"cannot use {masked(parsed)}: the driver {exc.name!r} is not installed "
            "(pip install 'wsguard[postgres]')"
        ) from None
    raise DatabaseError(
        f"unsupported database {masked(parsed)}: "
        "use a SQLite path or postgresql+psycopg://user@host/dbname"
    )


def describe(exc: sa_exc.DBAPIError | sa_exc.SQLAlchemyError) -> str:
    """The first line of the driver's message, without SQLAlchemy's boilerplate."""
    orig = getattr(exc, "orig", None)
    return urls.first_line(orig if orig is not None else exc)


class Database:
    """The state of one database: its engine and session factory.

    ``Database(url)`` brings the schema up to date on first use (see
    ``migrate.ensure_schema``); pass ``upgrade=False`` to inspect it as it is.
    """

    def __init__(self, url: str | URL, *, upgrade: bool = True) -> None:
        # Every model registered, so relationships and foreign keys resolve whichever
        # model module the caller happened to import.
        import wsguard.store.models  # noqa: F401

        self.url = parse_url(url) if isinstance(url, str) else url
        self.engine = make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if upgrade:
            from wsguard.store.migrate import ensure_schema

            with self.guard():
                ensure_schema(self.engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def __repr__(self) -> str:
        return f"Database({masked(self.url)!r})"

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Turn driver failures (unreachable server, locked file…) into one-line errors."""
        try:
            yield
        except sa_exc.OperationalError as exc:
            raise DatabaseError(f"database {masked(self.url)}: {describe(exc)}") from None
        except sa_exc.InterfaceError as exc:
            raise DatabaseError(f"database {masked(self.url)}: {describe(exc)}") from None
        except sa_exc.DatabaseError as exc:
            if type(exc) is not sa_exc.DatabaseError:
                raise  # IntegrityError and the like: the caller's to handle
            # The driver's generic error: a file that is not (or no longer) a database.
            raise DatabaseError(f"database {masked(self.url)}: {describe(exc)}") from None

    @contextmanager
    def session_scope(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self.guard(), self._sessions.begin() as session:
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A read-only transaction over one consistent state of the database that blocks
        no writer: a deferred ``BEGIN`` on SQLite (in WAL mode a reader keeps its snapshot
        while writers commit), ``REPEATABLE READ READ ONLY`` on PostgreSQL. An export
        reads through it, however long it takes."""
        options: dict[str, Any] = {SNAPSHOT: True}
        if self.dialect == "postgresql":
            options.update(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with self.guard(), self.engine.connect() as conn:
            conn.execution_options(**options)
            with conn.begin(), Session(bind=conn) as session:
                yield session

    def dispose(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.dispose()


def open_database(opts: Options, *, upgrade: bool = True) -> Database:
    """The workspace database (``--db``, else ``$WSGUARD_DB``, else the workspace's default
    SQLite file), brought up to date unless ``upgrade`` is false."""
    return Database(workspace_db_url(opts), upgrade=upgrade)
