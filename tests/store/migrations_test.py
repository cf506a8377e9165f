from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from wsguard.store import migrate, revision
from wsguard.store.db import Database
from wsguard.store.models import metadata


def test_models_and_migrations_agree(db_url: str) -> None:
    with Database(db_url) as database, database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_new_database_is_upgraded_on_first_use(db_url: str) -> None:
    with Database(db_url, upgrade=False) as database:
        assert migrate.current_revision(database.engine) is None
    with Database(db_url) as database:
        assert migrate.current_revision(database.engine) == migrate.head_revision()
        tables = set(sa.inspect(database.engine).get_table_names())
        assert set(metadata.tables) <= tables


def test_upgrade_twice_is_a_no_op(db_url: str) -> None:
    with Database(db_url) as database:
        head = migrate.head_revision()
        assert migrate.upgrade(database.engine) == (head, head)


def test_migrations_ship_inside_the_package() -> None:
    assert (migrate.MIGRATIONS / "env.py").is_file()
    assert (migrate.MIGRATIONS / "script.py.mako").is_file()
    assert list((migrate.MIGRATIONS / "versions").glob("0001_*.py"))


def test_head_constant_matches_the_scripts() -> None:
    assert migrate.head_revision() == revision.HEAD


def test_0007_keeps_the_newest_of_several_open_sessions(db_url: str) -> None:
    """Before 0007 a user could hold two open sessions; the index needs one."""
    with Database(db_url, upgrade=False) as database:
        migrate.upgrade(database.engine, "0006")
        with database.engine.begin() as conn:
            for sid, day, user in [("S-1", 1, "ada"), ("S-2", 2, "ada"), ("S-3", 1, "bob")]:
                conn.execute(
                    sa.text(
                        'INSERT INTO work_sessions (id, started_at, status, "user", extra)'
                        " VALUES (:id, :at, 'active', :user, '{}')"
                    ),
                    {"id": sid, "at": f"2025-03-0{day} 09:00:00", "user": user},
                )
        migrate.upgrade(database.engine)
        with database.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT id, status FROM work_sessions ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [
        ("S-1", "abandoned"),
        ("S-2", "active"),
        ("S-3", "active"),
    ]
