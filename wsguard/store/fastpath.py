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

The clean-commit gate (:mod:`wsguard.gate`) makes the same write with
:func:`wsguard.store.lite.record_clean_run`, on the same statements and checks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from wsguard.store.lite import connect_current, in_scope, insert_clean_run
from wsguard.store.sql import SqliteExecutor, sqlite_path

if TYPE_CHECKING:
    from wsguard.store.queries import PlacementRow
    from wsguard.values import Scan


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
            if in_scope(conn, scan.repo, scan.scope, workspace_rules):
                conn.execute("ROLLBACK")
                return False
            session = active_session(SqliteExecutor(conn), user)
            insert_clean_run(conn, scan.repo, meta, scan.files_scanned, session)
            conn.execute("COMMIT")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            return False  # the recorder retries, and spools if it must
        return True


def open_peek(db_url: str) -> Peek | None:
    """A Peek at the SQLite database of ``db_url``, or None if the fast path does not apply."""
    path = sqlite_path(db_url)
    conn = connect_current(path) if path is not None else None
    return Peek(conn) if conn is not None else None  # else the recorder reports it (or spools)
