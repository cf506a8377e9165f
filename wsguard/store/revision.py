"""What the hook needs to know of the database before importing SQLAlchemy or Alembic:
the schema revision this wsguard expects, and how long to wait for a locked SQLite file.

Every run of the hook opens the database; learning "the schema is current"
must not cost an Alembic import. tests/store/migrations_test.py checks this
against the migration scripts.
"""

from __future__ import annotations

import os

from wsguard.errors import DatabaseError

HEAD = "0005"
BUSY_TIMEOUT_S = 15
TIMEOUT_ENV = "WSGUARD_DB_TIMEOUT"


def busy_timeout_s() -> float:
    """How long a writer waits for a locked SQLite file before the check spools instead:
    ``$WSGUARD_DB_TIMEOUT`` seconds, else ``BUSY_TIMEOUT_S``."""
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    try:
        value = float(raw) if raw else BUSY_TIMEOUT_S
    except ValueError:
        raise DatabaseError(f"{TIMEOUT_ENV}={raw!r} is not a number of seconds") from None
    if value < 0:
        raise DatabaseError(f"{TIMEOUT_ENV}={raw!r} must not be negative")
    return value
