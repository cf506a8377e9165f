"""After a commit: log it in the open work session, paying nothing when none is open.

hooks/post-commit runs this after every commit. Most commits happen with no work
session open, so the question "is one open?" is answered first with stdlib
sqlite3 on the default SQLite file: no click, no SQLAlchemy, a few milliseconds.
Only when a session is open (or the database is not a plain SQLite file) does
the tracker itself log the commit.
"""

from __future__ import annotations

from pathlib import Path

from wsguard import git
from wsguard.errors import DatabaseError
from wsguard.store.queries import OPEN_SESSION
from wsguard.store.sql import open_reader, sqlite_path
from wsguard.workspace import Options, resolve_db_url, workspace_root


def session_may_be_open(url: str) -> bool:
    """False only when certainly no session is open: no SQLite file, or none active in it."""
    path = sqlite_path(url)
    if path is None:
        return True  # a server: ask the tracker
    if not path.is_file():
        return False  # no database yet: no session either, and don't create one
    try:
        reader = open_reader(url, read_only=True)
        if reader is None:
            return True  # an older or newer schema: let the tracker decide (or say why not)
        with reader:
            return bool(reader.execute(OPEN_SESSION))
    except DatabaseError:
        return True  # a locked file: let the tracker wait its turn


def log_head_commit(opts: Options, cwd: Path) -> str | None:
    """Log HEAD of the repository at ``cwd`` in the open session; the session id, or None."""
    root = git.toplevel(cwd)
    url = resolve_db_url(opts, workspace_root(opts, root))
    if not session_may_be_open(url):
        return None
    commit = git.head_commit(root)
    if commit is None:
        return None
    from wsguard.identity import current_user
    from wsguard.store.db import Database
    from wsguard.tracker.sessions import log_commit

    with Database(url) as db, db.session_scope() as session:
        return log_commit(session, commit, root.name, current_user(root))
