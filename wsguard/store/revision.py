"""The schema revision this wsguard expects, importable without SQLAlchemy or Alembic.

Every run of the hook opens the database; learning "the schema is current"
must not cost an Alembic import. tests/store/migrations_test.py checks this
against the migration scripts.
"""

from __future__ import annotations

HEAD = "0002"
