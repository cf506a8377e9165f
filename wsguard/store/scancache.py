"""Findings of files that did not change, remembered by git blob id.

A file's per-file findings depend only on its bytes (the blob id), the rules
(their digest) and where the file sits (the context key of
:func:`wsguard.rules.engine.cache_context`). The ``scan_cache`` table maps
(blob id, context key) to those findings, so a full scan re-reads and
re-parses only what changed, and CI machines sharing a PostgreSQL database
share what any of them checked. The context key begins with the rules digest,
so a scan under edited rules can drop the rows of the old ones.

The cache only ever saves work: a lookup that fails is a miss, a save that
fails is skipped, and nothing is written for a check whose scan was not
recorded (``--no-record``, a spooled scan).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from wsguard.model import Finding
from wsguard.store.fastpath import open_peek, sqlite_path

Key = tuple[str, str]  # (blob id, context key)
CHUNK = 500  # under SQLite's 999 variables


class Sql(Protocol):
    """The two calls the cache needs of a database connection (``:name`` parameters)."""

    def rows(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]: ...

    def write(self, statements: Sequence[tuple[str, list[dict[str, Any]]]]) -> None: ...

    def close(self) -> None: ...


class _Sqlite:
    def __init__(self, conn: sqlite3.Connection, owned: bool) -> None:
        self._conn, self._owned = conn, owned

    def rows(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        return list(self._conn.execute(sql, params))

    def write(self, statements: Sequence[tuple[str, list[dict[str, Any]]]]) -> None:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for sql, params in statements:
                conn.executemany(sql, params)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        if self._owned:
            self._conn.close()


class _Alchemy:
    """PostgreSQL (or any URL the fast path does not take) through SQLAlchemy."""

    def __init__(self, db_url: str) -> None:
        from wsguard.store.db import Database

        self._db = Database(db_url, upgrade=False)  # a cache never creates a schema

    def rows(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        from sqlalchemy import text

        with self._db.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]

    def write(self, statements: Sequence[tuple[str, list[dict[str, Any]]]]) -> None:
        from sqlalchemy import text

        with self._db.engine.begin() as conn:
            for sql, params in statements:
                conn.execute(text(sql), params)

    def close(self) -> None:
        self._db.dispose()


def _encode(findings: Iterable[Finding]) -> str:
    return json.dumps([list(f) for f in findings], separators=(",", ":"))


def _decode(raw: str) -> list[Finding]:
    return [Finding(*values) for values in json.loads(raw)]


class BlobCache:
    """Lookups now, saves batched until the scan is recorded."""

    def __init__(self, db_url: str, sql: Sql | None) -> None:
        self._url = db_url
        self._sql = sql
        self._pending: dict[Key, str] = {}

    def get(self, keys: Iterable[Key]) -> dict[Key, list[Finding]]:
        wanted = set(keys)
        if self._sql is None or not wanted:
            return {}
        blobs = sorted({blob for blob, _ in wanted})
        found: dict[Key, list[Finding]] = {}
        try:
            for start in range(0, len(blobs), CHUNK):
                chunk = blobs[start : start + CHUNK]
                names = {f"b{i}": blob for i, blob in enumerate(chunk)}
                marks = ",".join(f":{name}" for name in names)  # placeholders only
                sql = (
                    "SELECT blob_sha, rules_digest, findings FROM scan_cache"
                    f" WHERE blob_sha IN ({marks})"
                )
                for blob, context, raw in self._sql.rows(sql, names):
                    if (blob, context) in wanted:
                        found[(blob, context)] = _decode(raw)
        except Exception:  # a database fault or a row we cannot read: a miss, never an error
            return {}
        return found

    def put(self, key: Key, findings: Iterable[Finding]) -> None:
        self._pending[key] = _encode(findings)

    def save(self, rules_digest: str | None = None) -> None:
        """Write what this scan checked; with ``rules_digest``, drop rows of other rules."""
        if not self._pending:
            return
        sql = self._sql or _connect(self._url)
        if sql is None:
            return
        rows = [{"b": b, "c": c, "f": f} for (b, c), f in sorted(self._pending.items())]
        statements = []
        if rules_digest is not None:
            statements.append(
                (
                    "DELETE FROM scan_cache WHERE substr(rules_digest, 1, 16) != :d",
                    [{"d": rules_digest[:16]}],
                )
            )
        statements.append(
            (
                "INSERT INTO scan_cache (blob_sha, rules_digest, findings) VALUES (:b, :c, :f)"
                " ON CONFLICT (blob_sha, rules_digest) DO NOTHING",
                rows,
            )
        )
        try:
            sql.write(statements)
            self._pending.clear()
        except Exception:
            pass  # the next scan checks these files again
        finally:
            if sql is not self._sql:
                sql.close()

    def close(self) -> None:
        if self._sql is not None:
            self._sql.close()


def _connect(db_url: str) -> Sql | None:
    if sqlite_path(db_url) is not None:
        peek = open_peek(db_url)
        return _Sqlite(peek.connection, owned=True) if peek is not None else None
    try:
        return _Alchemy(db_url)
    except Exception:
        return None


def open_cache(db_url: str, conn: sqlite3.Connection | None) -> BlobCache:
    """The cache of ``db_url``, reading through ``conn`` (the hook's open SQLite
    connection) when there is one. A SQLite file that does not exist yet has an
    empty cache; it is written once the recorder has created the file."""
    if conn is not None:
        return BlobCache(db_url, _Sqlite(conn, owned=False))
    if sqlite_path(db_url) is not None:
        return BlobCache(db_url, None)
    try:
        return BlobCache(db_url, _Alchemy(db_url))
    except Exception:
        return BlobCache(db_url, None)
