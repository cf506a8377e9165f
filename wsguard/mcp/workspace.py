"""The workspace one server serves: its options and its database, one transaction per call."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from wsguard.store.db import Database, open_database
from wsguard.workspace import Options


class Workspace:
    """The database is opened (and brought up to date) on the first call and kept.

    A failure to open it is not kept: the next call tries again, so a server started
    before its PostgreSQL server, or while the SQLite file was locked, recovers.
    """

    def __init__(self, opts: Options) -> None:
        self.opts = opts
        self._db: Database | None = None
        self._lock = threading.Lock()

    def database(self) -> Database:
        with self._lock:
            if self._db is None:
                self._db = open_database(self.opts)
            return self._db

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction, like one CLI command: committed at the end, rolled back on error."""
        with self.database().session_scope() as session:
            yield session

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.dispose()
                self._db = None
