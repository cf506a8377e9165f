"""Tracker fixtures: a real database (SQLite file or PostgreSQL schema) and one open transaction."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from wsguard.store.db import Database


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """The workspace database, brought up to date, on SQLite and on PostgreSQL."""
    with Database(db_url) as database:
        yield database


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    """One transaction, as the CLI and the API open it around each tracker call."""
    with db.session_scope() as s:
        yield s
