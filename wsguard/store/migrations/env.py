"""Alembic environment: always run online, on the connection wsguard hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from wsguard.store.models import metadata

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("wsguard migrations run through wsguard.store.migrate, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
# The caller owns the transaction (and its lock); run inside it.
context.run_migrations()
