"""What the hook needs to know of the database before importing SQLAlchemy or Alembic:
the schema revision this wsguard expects, and how long to wait for a locked SQLite file.

Every run of the hook opens the database; learning "the schema is current"
must not cost an Alembic import. tests/store/migrations_test.py checks this
against the migration scripts.
"""

from __future__ import annotations

import os

from wsguard.errors import DatabaseError

HEAD = "0008"
BUSY_TIMEOUT_S = 15
TIMEOUT_ENV = "WSGUARD_DB_TIMEOUT"
VERSIONS = os.path.join(os.path.dirname(os.path.realpath(__file__)), "migrations", "versions")


class NewerSchemaError(DatabaseError):
    """The database was migrated by a newer wsguard: this one must not touch it.

    A DatabaseError, so the hook still decides the commit and spools its scan.
    """

    def __init__(self, revision: str) -> None:
        super().__init__(
            f"this database is at revision {revision}, newer than this wsguard ({HEAD}); "
            "upgrade wsguard"
        )


def known(revision: str) -> bool:
    """Is ``revision`` one of this wsguard's migrations (a file name, no Alembic import)?"""
    return any(n.startswith(f"{revision}_") and n.endswith(".py") for n in os.listdir(VERSIONS))


def refuse_unknown(revision: str | None) -> None:
    """Raise NewerSchemaError for a revision stamped by a wsguard newer than this one."""
    if revision is not None and revision != HEAD and not known(revision):
        raise NewerSchemaError(revision)


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
