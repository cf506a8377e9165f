"""The hook's fast path on the default SQLite database: stdlib ``sqlite3`` only.

Most commits are clean and touch files with no recorded drift. For those, the
full recorder (SQLAlchemy, ~0.5 s of imports) would only add a scan run. This
module answers the two questions the hook asks of such a commit with plain
queries — which component placements are recorded, and is there anything in
this scan's scope to resolve — and records the clean scan run itself. Anything
else (findings, detections to resolve, spooled scans, an old schema,
PostgreSQL) goes to ``wsguard.store.recorder``.

It writes exactly the row the ORM would (``scan_runs``), in one
``BEGIN IMMEDIATE`` transaction that re-checks the scope, so a concurrent
writer cannot slip a detection in between the check and the write.

:func:`record_clean_run` is the same write for the clean-commit gate
(:mod:`wsguard.gate`), which has no rules or findings objects at all: this module
imports the ORM-free store helpers only when a :class:`Peek` needs them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wsguard.clock import utcnow
from wsguard.store.queries import OPEN_SESSION
from wsguard.store.sql import (
    INSERT_SCAN_RUN,
    SqliteExecutor,
    connect_current,
    scan_run_row,
    sqlite_path,
)

if TYPE_CHECKING:
    from wsguard.store.queries import PlacementRow
    from wsguard.values import Scan

_PLACED = "SELECT 1 FROM component_placements LIMIT 1"


def _in_scope(
    conn: sqlite3.Connection, repo: str, scope: Collection[str] | None, rule_ids: Collection[str]
) -> bool:
    """Are there unresolved detections a scan of ``scope`` (None: everything) re-examines?"""
    base = "SELECT 1 FROM drift_detections WHERE repo = ? AND status NOT IN ('resolved', 'blocked')"
    if scope is None:
        return conn.execute(f"{base} LIMIT 1", (repo,)).fetchone() is not None
    paths = list(scope)
    for start in range(0, max(len(paths), 1), 500):  # stay under SQLite's variable limit
        chunk = paths[start : start + 500]
        marks = ",".join("?" * len(chunk)) or "NULL"
        query = f"{base} AND path IN ({marks}) LIMIT 1"  # only placeholders are interpolated
        if conn.execute(query, (repo, *chunk)).fetchone() is not None:
            return True
    if rule_ids:
        marks = ",".join("?" * len(rule_ids))
        query = f"{base} AND rule_id IN ({marks}) LIMIT 1"
        return conn.execute(query, (repo, *rule_ids)).fetchone() is not None
    return False


def _scan_run(
    conn: sqlite3.Connection,
    repo: str,
    meta: dict[str, Any],
    files_scanned: int,
    session_id: str | None,
) -> None:
    """The scan's ``scan_runs`` row: a clean scan, never blocked."""
    row = scan_run_row(repo, meta, utcnow(), files_scanned, 0, session_id)
    SqliteExecutor(conn).execute(INSERT_SCAN_RUN, row)


class Peek:
    """A plain sqlite3 connection to a database at the current schema revision."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @property
    def connection(self) -> sqlite3.Connection:
        return self._conn

    def close(self) -> None:
        self._conn.close()

    def placements(self) -> list[PlacementRow]:
        from wsguard.store import queries

        return queries.placements(SqliteExecutor(self._conn))

    def record_clean(
        self,
        scan: Scan,
        workspace_rules: Collection[str],
        meta: dict[str, Any],
        user: Callable[[], str | None],
    ) -> bool:
        """Record a scan with no findings and nothing to resolve; False if it needs the recorder.

        ``user`` names who is working, asked only when a work session is open.
        """
        from wsguard.store.detections import active_session

        if scan.findings:
            return False
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            if _in_scope(conn, scan.repo, scan.scope, workspace_rules):
                conn.execute("ROLLBACK")
                return False
            session = active_session(SqliteExecutor(conn), user)
            _scan_run(conn, scan.repo, meta, scan.files_scanned, session)
            conn.execute("COMMIT")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            return False  # the recorder retries, and spools if it must
        return True


def record_clean_run(
    path: Path, repo: str, scope: Collection[str], files_scanned: int, duration_s: float
) -> sqlite3.Connection | None:
    """The clean-commit gate's write: a staged scan's run with no finding, in one transaction.

    Only when that is all the full check would write: the file is at this wsguard's
    schema, no component placement is recorded (placements add rules), no unresolved
    detection lies in ``scope`` (it would be resolved), no work session is open (the
    run would be linked to it). Otherwise None, and the full check runs.

    Returns the connection, still open: the caller closes it, or ends the process
    without closing it (:func:`wsguard.entry.main`), so SQLite skips the checkpoint
    on close (two fsyncs, and a new WAL file with two more at the next commit).
    """
    conn = connect_current(path)
    if conn is None:
        return None
    try:
        conn.execute("BEGIN IMMEDIATE")
        if (
            conn.execute(_PLACED).fetchone() is not None
            or conn.execute(OPEN_SESSION).fetchone() is not None
            or _in_scope(conn, repo, scope, ())
        ):
            conn.execute("ROLLBACK")
            conn.close()
            return None
        meta = {"mode": "staged", "ref": None, "duration_s": round(duration_s, 4)}
        _scan_run(conn, repo, meta, files_scanned, None)
        conn.execute("COMMIT")
    except sqlite3.Error:
        conn.close()  # rolls back what is left; the full check retries, and spools if it must
        return None
    return conn


def open_peek(db_url: str) -> Peek | None:
    """A Peek at the SQLite database of ``db_url``, or None if the fast path does not apply."""
    path = sqlite_path(db_url)
    conn = connect_current(path) if path is not None else None
    return Peek(conn) if conn is not None else None  # else the recorder reports it (or spools)
