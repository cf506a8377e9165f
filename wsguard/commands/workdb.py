"""The workspace database as the tracking commands use it: one transaction per command,
the open work session and the current repo context of whoever runs it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.orm import Session

from wsguard.commands.params import options
from wsguard.store.db import open_database
from wsguard.tracker.context import current_context
from wsguard.tracker.sessions import current_session_id


@contextmanager
def store(ctx: click.Context) -> Iterator[Session]:
    """One transaction on the workspace database, closed afterwards."""
    db = open_database(options(ctx))
    try:
        with db.session_scope() as session:
            yield session
    finally:
        db.dispose()


def context_repo(session: Session, repo: str | None, show_all: bool) -> str | None:
    """``--repo`` wins; else the current context unless ``--all``."""
    if repo is not None or show_all:
        return repo
    return current_context(session, current_session_id(session))
