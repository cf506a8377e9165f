"""After a commit: log it in the open work session, paying nothing when none is open.

hooks/post-commit runs this after every commit. Most commits happen with no work
session open, so the question "is one open?" is answered first with stdlib
sqlite3 on the default SQLite file: no click, no SQLAlchemy, a few milliseconds.
Only when a session is open (or the database is not a plain SQLite file) does
the tracker itself log the commit.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from wsguard import git
from wsguard.workspace import Options, resolve_db_url, workspace_root

SQLITE = "sqlite:///"


def session_may_be_open(url: str) -> bool:
    """False only when certainly no session is open: no SQLite file, or none active in it."""
    if not url.startswith(SQLITE):
        return True  # a server: ask the tracker
    path = Path(url[len(SQLITE) :])
    if not path.is_file():
        return False  # no database yet: no session either, and don't create one
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=1.0)
        try:
            row = conn.execute(
                "SELECT 1 FROM work_sessions WHERE status = 'active' LIMIT 1"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return True  # an old or locked file: let the tracker decide
    return row is not None


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
