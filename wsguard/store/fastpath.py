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
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection
from typing import Any

from wsguard.clock import utcnow
from wsguard.store import queries
from wsguard.store.detections import active_session, write_scan_run
from wsguard.store.sql import SqliteExecutor, connect_current, sqlite_path
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

    def placements(self) -> list[queries.PlacementRow]:
        return queries.placements(SqliteExecutor(self._conn))

    def _in_scope(
        self, repo: str, scope: Collection[str] | None, rule_ids: Collection[str]
    ) -> bool:
        """Are there unresolved detections this scan re-examines?"""
        base = (
            "SELECT 1 FROM drift_detections"
            " WHERE repo = ? AND status NOT IN ('resolved', 'blocked')"
        )
        if scope is None:
            return self._conn.execute(f"{base} LIMIT 1", (repo,)).fetchone() is not None
        paths = list(scope)
        for start in range(0, max(len(paths), 1), 500):  # stay under SQLite's variable limit
            chunk = paths[start : start + 500]
            marks = ",".join("?" * len(chunk)) or "NULL"
            query = f"{base} AND path IN ({marks}) LIMIT 1"  # only placeholders are interpolated
            if self._conn.execute(query, (repo, *chunk)).fetchone() is not None:
                return True
        if rule_ids:
            marks = ",".join("?" * len(rule_ids))
            query = f"{base} AND rule_id IN ({marks}) LIMIT 1"
            return self._conn.execute(query, (repo, *rule_ids)).fetchone() is not None
        return False

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
        if scan.findings:
            return False
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            if self._in_scope(scan.repo, scan.scope, workspace_rules):
                conn.execute("ROLLBACK")
                return False
            ex = SqliteExecutor(conn)
            stamp = utcnow()
            write_scan_run(ex, scan, meta, stamp, 0, active_session(ex, user))
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
