"""The workspace's SQLite file through stdlib ``sqlite3`` and nothing heavier.

What the hook's light paths write and ask on every commit: the clean-commit
gate (:mod:`wsguard.gate`) records a clean scan run, the post-commit hook asks
whether a work session is open. Their whole budget is a few tens of
milliseconds, so this module imports only ``os``, ``sqlite3`` (which brings
``datetime``) and wsguard's own light modules: no ``typing``, ``pathlib``,
``contextlib`` or ``re``. :mod:`wsguard.store.sql` builds its executors and
readers on the same connection policy and statements, so each exists once.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime

from wsguard.clock import utcnow
from wsguard.errors import DatabaseError
from wsguard.store.revision import HEAD, busy_timeout_s

TYPE_CHECKING = False
if TYPE_CHECKING:  # the annotations only; typing is not imported at run time
    from collections.abc import Collection, Iterable, Mapping
    from typing import Any, TypeAlias

    StrPath: TypeAlias = "str | os.PathLike[str]"

# models.drift.ScanRun
INSERT_SCAN_RUN = """
INSERT INTO scan_runs (repo, mode, ref, started_at, duration_s, files_scanned, findings,
    blocked, session_id, spool_key, extra)
VALUES (:repo, :mode, :ref, :started_at, :duration_s, :files_scanned, :findings,
    :blocked, :session_id, :spool_key, '{}')
"""
# models.drift.RepoDependency: a full scan replaces what the repo's last one recorded.
DELETE_USES = "DELETE FROM repo_dependencies WHERE repo = :repo"
INSERT_USE = """
INSERT INTO repo_dependencies (repo, target, kind, total, files, "commit", recorded_at)
VALUES (:repo, :target, :kind, :total, :files, :commit, :stamp)"""
# One rule's cross-repo issue as detections.sync_issue keeps it (models.Issue, IssueRepo):
# the repositories it lists, the issue, and the detections it is yet to take in.
RULE_REPOS = """
SELECT DISTINCT repo FROM drift_detections
WHERE rule_id = :rule_id AND status NOT IN ('resolved', 'blocked')"""
RULE_ISSUE = "SELECT id, status FROM issues WHERE rule_id = :rule_id"
GROUP_DETECTIONS = """
UPDATE drift_detections SET issue_id = :id
WHERE rule_id = :rule_id AND issue_id IS NULL AND status != 'blocked'"""
UNGROUPED = """
SELECT 1 FROM drift_detections
WHERE rule_id = :rule_id AND issue_id IS NULL AND status != 'blocked' LIMIT 1"""
# models.tracking.WorkSession: is any work session open?
OPEN_SESSION = "SELECT 1 FROM work_sessions WHERE status = 'active' LIMIT 1"
PLACED = "SELECT 1 FROM component_placements LIMIT 1"
# Every recorded component placement: (component, repo, path pattern, decision).
PLACEMENTS = """
SELECT component, repo, path_pattern, decision FROM component_placements
ORDER BY component"""
UNRESOLVED = (
    "SELECT 1 FROM drift_detections WHERE repo = ? AND status NOT IN ('resolved', 'blocked')"
)
# A WAL past this size is folded into the database by the write that finds it so: about
# a dozen clean commits' pages. See fold_wal.
WAL_FOLD_BYTES = 256 << 10
_CHUNK = 500  # paths bound in one ``IN (…)``: far under SQLite's variable limit
# Characters a ``file:`` URI may carry as they are (RFC 3986 unreserved, and "/").
_URI_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")


def scan_run_row(
    repo: str,
    meta: Mapping[str, Any],
    stamp: datetime,
    files_scanned: int,
    findings: int,
    session_id: str | None,
) -> dict[str, Any]:
    """The parameters of ``INSERT_SCAN_RUN``: one mapping for the recorder and the fast path.

    ``meta["spool_key"]`` names the spool file a replayed scan came from: unique, so a
    spooled scan is recorded once however many runs flush it."""
    return {
        "repo": repo,
        "mode": str(meta.get("mode", "staged")),
        "ref": meta.get("ref"),
        "started_at": stamp,
        "duration_s": meta.get("duration_s"),
        "files_scanned": files_scanned,
        "findings": findings,
        "blocked": bool(meta.get("blocked")),
        "session_id": session_id,
        "spool_key": meta.get("spool_key"),
    }


def use_rows(
    repo: str, uses: Iterable[Mapping[str, Any]], stamp: datetime, commit: str | None
) -> list[dict[str, Any]]:
    """The parameters of ``INSERT_USE`` for ``repo``'s ``uses`` (``values.RepoUse`` fields)."""
    return [
        {
            "repo": repo,
            "target": u["target"],
            "kind": u["kind"],
            "total": int(u["total"]),
            "files": int(u["files"]),
            "commit": commit,
            "stamp": stamp,
        }
        for u in uses
    ]


_TEMPORAL = (datetime, date)


def _sqlite_value(value: datetime | date) -> str:
    if isinstance(value, datetime):
        # SQLITE_DATETIME, the naive wall time; isoformat is ten times faster than strftime.
        return value.replace(tzinfo=None).isoformat(" ", "microseconds")
    return value.isoformat()


def sqlite_params(
    params: Mapping[str, Any], memo: dict[Any, str] | None = None
) -> Mapping[str, Any]:
    """Parameters as SQLAlchemy's SQLite DateTime and Date types bind them. ``memo``
    keeps the text of each moment already converted (a batch's rows share theirs)."""
    adapted = None
    for key, value in params.items():
        if isinstance(value, _TEMPORAL):
            if adapted is None:
                adapted = dict(params)
            if memo is None:
                adapted[key] = _sqlite_value(value)
                continue
            # keyed with the zone too: equal moments in two zones are two wall times
            seen = (value, getattr(value, "tzinfo", None))
            text = memo.get(seen)
            if text is None:
                text = memo[seen] = _sqlite_value(value)
            adapted[key] = text
    return params if adapted is None else adapted


def sqlite_rows(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """:func:`sqlite_params` for every row of an ``executemany``."""
    memo: dict[Any, str] = {}
    return [sqlite_params(row, memo) for row in rows]


def schema_revision(conn: sqlite3.Connection) -> str | None:
    """The Alembic revision a SQLite database is at; None when it has none yet."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):  # after the busy timeout: waiting again would not help
            raise
        return None
    return None if row is None else str(row[0])


def _file_uri(path: StrPath) -> str:
    """``Path(path).resolve().as_uri()``, for SQLite's URI file names."""
    raw = os.fsencode(os.path.realpath(path))
    return "file://" + "".join(chr(b) if b in _URI_SAFE else f"%{b:02X}" for b in raw)


def connect(path: StrPath, read_only: bool = False) -> sqlite3.Connection | None:
    """A connection in autocommit mode (the caller owns BEGIN), or None when there is no
    such file or it cannot be opened (or ``$WSGUARD_DB_TIMEOUT`` is not a number)."""
    if not os.path.isfile(path):
        return None
    try:
        if read_only:
            # Never writes, so never checkpoints the WAL on close (the last connection
            # to close otherwise does: fsyncs, for a process that only asked a question).
            uri = f"{_file_uri(path)}?mode=ro"
            return sqlite3.connect(uri, timeout=busy_timeout_s(), isolation_level=None, uri=True)
        return sqlite3.connect(path, timeout=busy_timeout_s(), isolation_level=None)
    except (sqlite3.Error, DatabaseError):
        return None


def connect_current(path: StrPath) -> sqlite3.Connection | None:
    """A connection to the SQLite file at ``path`` if its schema is at this wsguard's
    revision, set up as ``wsguard.store.db`` sets up its own; None if the file is
    missing, unreadable or needs migrating (``Database`` does that, or reports why)."""
    conn = connect(path)
    if conn is None:
        return None
    try:
        if schema_revision(conn) != HEAD:
            conn.close()
            return None
        conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_s() * 1000)}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.Error:
        conn.close()
        return None
    return conn


def in_scope(
    conn: sqlite3.Connection,
    repo: str,
    scope: Collection[str] | None,
    rule_ids: Collection[str] = (),
) -> bool:
    """Are there unresolved detections a scan of ``scope`` (None: everything) re-examines?"""
    if scope is None:
        return conn.execute(f"{UNRESOLVED} LIMIT 1", (repo,)).fetchone() is not None
    paths = list(scope)
    for start in range(0, max(len(paths), 1), _CHUNK):
        chunk = paths[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk)) or "NULL"
        query = f"{UNRESOLVED} AND path IN ({marks}) LIMIT 1"  # only placeholders go in
        if conn.execute(query, (repo, *chunk)).fetchone() is not None:
            return True
    if rule_ids:
        marks = ",".join("?" * len(rule_ids))
        query = f"{UNRESOLVED} AND rule_id IN ({marks}) LIMIT 1"
        return conn.execute(query, (repo, *rule_ids)).fetchone() is not None
    return False


def insert_clean_run(
    conn: sqlite3.Connection,
    repo: str,
    meta: Mapping[str, Any],
    files_scanned: int,
    session_id: str | None,
) -> None:
    """The scan's ``scan_runs`` row: a clean scan, never blocked."""
    row = scan_run_row(repo, meta, utcnow(), files_scanned, 0, session_id)
    conn.execute(INSERT_SCAN_RUN, sqlite_params(row))


def fold_wal(conn: sqlite3.Connection, path: StrPath) -> None:
    """Checkpoint the WAL into the database and empty it, once it has grown past
    ``WAL_FOLD_BYTES``; never waits for a reader (it just tries again next time).

    A process that ends without closing its connection (the clean-commit gate does,
    to skip the checkpoint on close and its fsyncs) leaves the WAL behind, and the
    next process to open the file first reads the whole WAL to rebuild its index, as
    SQLite does when no other connection has it open. That rebuilt index no longer
    knows what was checkpointed, so the WAL would never restart and would grow without
    end: 8.5 MB after 400 commits in a measurement here, each opening slower than the
    last. Folding it now and then keeps every opening cheap, at two fsyncs every dozen
    or so commits instead of four at each.
    """
    try:
        if os.path.getsize(f"{os.fspath(path)}-wal") < WAL_FOLD_BYTES:
            return
        conn.execute("PRAGMA busy_timeout=0")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except (OSError, sqlite3.Error):
        pass  # no WAL, or a reader holds it: the next write tries again


def record_clean_run(
    path: StrPath, repo: str, scope: Collection[str], files_scanned: int, duration_s: float
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
            conn.execute(PLACED).fetchone() is not None
            or conn.execute(OPEN_SESSION).fetchone() is not None
            or in_scope(conn, repo, scope)
        ):
            conn.execute("ROLLBACK")
            conn.close()
            return None
        meta = {"mode": "staged", "ref": None, "duration_s": round(duration_s, 4)}
        insert_clean_run(conn, repo, meta, files_scanned, None)
        conn.execute("COMMIT")
        fold_wal(conn, path)
    except sqlite3.Error:
        conn.close()  # rolls back what is left; the full check retries, and spools if it must
        return None
    return conn


def session_open(path: StrPath) -> bool | None:
    """Is a work session open in the SQLite file at ``path``? False when there is no
    such file; None when this cannot tell (an older or newer schema, a locked file)."""
    if not os.path.isfile(path):
        return False
    conn = connect(path, read_only=True)
    if conn is None:
        return None
    try:
        if schema_revision(conn) != HEAD:
            return None
        return conn.execute(OPEN_SESSION).fetchone() is not None
    except sqlite3.Error:
        return None
    finally:
        conn.close()
