"""Alembic, configured in code: the migrations ship inside the package, no alembic.ini.

The schema is created only by migrations. ``ensure_schema`` runs on every
``Database`` open and upgrades a new or older database under a lock (SQLite's
``BEGIN IMMEDIATE`` / a PostgreSQL advisory lock), so two processes opening a
fresh database at once do not both try to create it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy import exc as sa_exc

from wsguard.store.revision import HEAD, refuse_unknown

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_LOCK_KEY = 0x77736775  # "wsgu": serialises concurrent upgrades of one database


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Upgrade to ``revision`` in one locked transaction; return (before, after)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        before = MigrationContext.configure(conn).get_current_revision()
        refuse_unknown(before)
        command.upgrade(alembic_config(conn), revision)
        after = MigrationContext.configure(conn).get_current_revision()
    return before, after


def ensure_schema(engine: Engine) -> None:
    """Bring the database to the head revision if it is not there yet."""
    stamped = _stamped(engine)
    refuse_unknown(stamped)
    if stamped != HEAD:
        upgrade(engine)


def _stamped(engine: Engine) -> str | None:
    """The revision recorded in the database, read with one plain query."""
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except sa_exc.ProgrammingError:
        return None  # PostgreSQL: no such table yet
    except sa_exc.OperationalError as exc:
        if "no such table" in str(exc):
            return None  # SQLite: no such table yet
        raise
