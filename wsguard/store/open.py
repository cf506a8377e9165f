"""From the command-line options to an open ``Database``."""

from __future__ import annotations

from pathlib import Path

from wsguard.store.db import Database
from wsguard.workspace import Options, resolve_db_url, workspace_root


def database_url(opts: Options, root: Path | None = None) -> str:
    """``--db``, else ``$WSGUARD_DB``, else the workspace's default SQLite file."""
    return resolve_db_url(opts, root if root is not None else workspace_root(opts))


def open_database(opts: Options, *, upgrade: bool = True) -> Database:
    """The workspace database, brought up to date unless ``upgrade`` is false."""
    return Database(database_url(opts), upgrade=upgrade)
