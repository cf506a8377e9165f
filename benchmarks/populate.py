"""Large stores for the report benchmarks: N drift detections, seeded.

20 repos, 50 rules, first seen over the 26 weeks before ``now``; 30 % open, 60 %
resolved, 5 % waived, 5 % baselined. On SQLite the rows go in through ``sqlite3``
with the table's secondary indexes dropped and rebuilt afterwards (a million rows
in well under a minute, where the ORM takes several); other databases get
SQLAlchemy Core inserts. Either way the schema is wsguard's own, at its head
revision, so the indexes are whatever the current migrations create.
"""

from __future__ import annotations

import random
import sqlite3
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

REPOS = [f"meridian-repo-{i:02d}" for i in range(20)]
RULES = [f"rule-{i:02d}" for i in range(50)]
SPAN = timedelta(weeks=26)
CHUNK = 50_000
COLUMNS = (
    "rule_id", "repo", "path", "line", "fingerprint", "message", "severity", "status",
    "first_seen", "last_seen", "resolved_at", "commit", "decision", "extra",
)  # fmt: skip


def detection_values(rows: int, now: datetime) -> Iterator[tuple[Any, ...]]:
    """The rows, as tuples in :data:`COLUMNS` order."""
    rng = random.Random(1)
    for i in range(rows):
        first = now - SPAN * rng.random()
        roll = rng.random()
        status = (
            "open" if roll < 0.3 else "resolved" if roll < 0.9
            else "waived" if roll < 0.95 else "baselined"
        )  # fmt: skip
        resolved = first + (now - first) * rng.random() if status == "resolved" else None
        rule = rng.randrange(len(RULES))
        yield (
            RULES[rule],
            REPOS[rng.randrange(len(REPOS))],
            f"src/pkg/module_{i % 5000}.py",
            i % 400 + 1,
            f"{i:064x}",
            "forbidden import",
            "error" if rule % 3 else "warning",
            status,
            first,
            resolved or now,
            resolved,
            f"{i:040x}",
            f"ADR-{rule % 10:03d}",
            {},
        )


def _progress(done: int) -> None:
    print(f"  inserted {done:>9,} detections", end="\r", file=sys.stderr, flush=True)


def _populate_sqlite(path: str, rows: int, now: datetime) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
            " AND tbl_name = 'drift_detections' AND sql IS NOT NULL"
        ).fetchall()
        conn.execute("BEGIN")
        for name, _ in indexes:  # rebuilt once at the end: far cheaper than row by row
            conn.execute(f'DROP INDEX "{name}"')
        names = ", ".join(f'"{c}"' for c in COLUMNS)
        marks = ", ".join("?" * len(COLUMNS))
        sql = f"INSERT INTO drift_detections ({names}) VALUES ({marks})"
        batch: list[tuple[Any, ...]] = []
        for n, (*head, first, last, resolved, commit, decision, _) in enumerate(
            detection_values(rows, now), 1
        ):
            batch.append(
                (
                    *head,
                    first.isoformat(" ", "microseconds"),  # SQLAlchemy's SQLite format
                    last.isoformat(" ", "microseconds"),
                    resolved and resolved.isoformat(" ", "microseconds"),
                    commit,
                    decision,
                    "{}",
                )
            )
            if len(batch) == CHUNK or n == rows:
                conn.executemany(sql, batch)
                batch.clear()
                _progress(n)
        for _, create in indexes:
            conn.execute(create)
        conn.execute("COMMIT")
    finally:
        conn.close()


def populate_detections(url: str, rows: int, now: datetime) -> None:
    """Create the schema at ``url`` (wsguard's migrations) and insert ``rows`` detections."""
    from sqlalchemy import insert

    from wsguard.store.db import Database
    from wsguard.store.models.drift import DriftDetection
    from wsguard.store.sql import sqlite_path

    with Database(url) as database:
        path = sqlite_path(url)
        if path is None:
            batch: list[dict[str, Any]] = []
            with database.engine.begin() as conn:
                for n, values in enumerate(detection_values(rows, now), 1):
                    batch.append(dict(zip(COLUMNS, values, strict=True)))
                    if len(batch) == CHUNK or n == rows:
                        conn.execute(insert(DriftDetection), batch)
                        batch.clear()
                        _progress(n)
    if path is not None:
        _populate_sqlite(str(path), rows, now)
    print(file=sys.stderr)
