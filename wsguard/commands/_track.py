"""Shared by the tracking commands: a database session, rich tables, common options."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import click
from sqlalchemy.orm import Session

from wsguard.commands._common import options
from wsguard.store.models import PRIORITIES, TASK_STATUSES
from wsguard.store.open import open_database
from wsguard.tracker.context import current_context
from wsguard.tracker.sessions import active_session_id
from wsguard.tracker.who import current_user

F = TypeVar("F", bound=Callable[..., Any])

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON and nothing else.")
all_option = click.option("--all", "show_all", is_flag=True, help="Ignore the current context.")
PRIORITY = click.Choice(PRIORITIES, case_sensitive=False)
TASK_STATUS = click.Choice(TASK_STATUSES)


@contextmanager
def store(ctx: click.Context) -> Iterator[Session]:
    """One transaction on the workspace database, closed afterwards."""
    db = open_database(options(ctx))
    try:
        with db.session_scope() as session:
            yield session
    finally:
        db.dispose()


def open_session(session: Session) -> str | None:
    """The open work session of whoever runs the command."""
    return active_session_id(session, current_user())


def context_repo(session: Session, repo: str | None, show_all: bool) -> str | None:
    """``--repo`` wins; else the current context unless ``--all``."""
    if repo is not None or show_all:
        return repo
    return current_context(session, open_session(session))


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    width = None if sys.stdout.isatty() else 200
    Console(width=width).print(table)


def print_fields(title: str, fields: Sequence[tuple[str, Any]]) -> None:
    click.secho(title, bold=True)
    for name, value in fields:
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        if value not in (None, ""):
            click.echo(f"  {name:<14} {value}")


def joined(values: Sequence[Any] | None) -> str:
    return ", ".join(str(v) for v in values or ())
