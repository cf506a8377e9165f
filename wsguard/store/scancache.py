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
from collections.abc import Iterable
from contextlib import AbstractContextManager

from wsguard.store.lite import connect_current
from wsguard.store.sql import (
    AlchemyStore,
    Executor,
    SqliteExecutor,
    SqliteStore,
    Store,
    chunks,
    in_list,
    sqlite_path,
)
from wsguard.values import Finding

Key = tuple[str, str]  # (blob id, context key)


def _encode(findings: Iterable[Finding]) -> str:
    return json.dumps([list(f) for f in findings], separators=(",", ":"))


def _decode(raw: str) -> list[Finding]:
    return [Finding(*values) for values in json.loads(raw)]


class BlobCache:
    """Lookups now, saves batched until the scan is recorded."""

    def __init__(self, db_url: str, conn: sqlite3.Connection | None) -> None:
        self._url = db_url
        self._conn = conn  # the hook's open connection, borrowed (never closed here)
        self._store: Store | None = None
        self._pending: dict[Key, str] = {}

    def _open(self) -> Store | None:
        if self._store is None:
            path = sqlite_path(self._url)
            if path is not None:
                conn = self._conn or connect_current(path)  # the file may be new since
                self._store = SqliteStore(conn, self._url) if conn is not None else None
            else:
                from wsguard.store.db import Database

                # A cache never creates or migrates a schema: a missing table is a miss.
                self._store = AlchemyStore(Database(self._url, upgrade=False))
        return self._store

    def _reading(self) -> AbstractContextManager[Executor] | None:
        if self._conn is not None:  # plain reads, no write lock
            return _Borrowed(SqliteExecutor(self._conn))
        store = self._open()
        return store.transaction() if store is not None else None

    def get(self, keys: Iterable[Key]) -> dict[Key, list[Finding]]:
        wanted = set(keys)
        blobs = sorted({blob for blob, _ in wanted})
        found: dict[Key, list[Finding]] = {}
        try:
            reading = self._reading() if blobs else None
            if reading is None:
                return {}
            with reading as ex:
                for chunk in chunks(blobs):
                    marks, params = in_list("b", chunk)  # placeholders only
                    sql = (
                        "SELECT blob_sha, rules_digest, findings FROM scan_cache"
                        f" WHERE blob_sha IN {marks}"
                    )
                    for blob, context, raw in ex.execute(sql, params):
                        if (blob, context) in wanted:
                            found[(blob, context)] = _decode(raw)
        except Exception:  # any database fault, or a row we cannot read: a miss
            return {}
        return found

    def put(self, key: Key, findings: Iterable[Finding]) -> None:
        self._pending[key] = _encode(findings)

    def save(self, rules_digest: str | None = None) -> None:
        """Write what this scan checked; with ``rules_digest``, drop rows of other rules."""
        if not self._pending:
            return
        rows = [{"b": b, "c": c, "f": f} for (b, c), f in sorted(self._pending.items())]
        try:
            store = self._open()
            if store is None:
                return
            with store.transaction() as ex:
                if rules_digest is not None:
                    ex.execute(
                        "DELETE FROM scan_cache WHERE substr(rules_digest, 1, 16) != :d",
                        {"d": rules_digest[:16]},
                    )
                ex.executemany(
                    "INSERT INTO scan_cache (blob_sha, rules_digest, findings)"
                    " VALUES (:b, :c, :f) ON CONFLICT (blob_sha, rules_digest) DO NOTHING",
                    rows,
                )
            self._pending.clear()
        except Exception:  # the next scan checks these files again
            pass

    def close(self) -> None:
        if self._store is not None and self._conn is None:
            self._store.close()


class _Borrowed:
    """An executor on a connection someone else owns, as a context manager."""

    def __init__(self, ex: Executor) -> None:
        self._ex = ex

    def __enter__(self) -> Executor:
        return self._ex

    def __exit__(self, *_exc: object) -> None:
        return None
