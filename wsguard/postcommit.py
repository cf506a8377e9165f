"""After a commit: log it in the open work session, paying nothing when none is open.

hooks/post-commit runs this after every commit. Most commits happen with no work
session open, so the question "is one open?" is answered first with stdlib
sqlite3 on the default SQLite file (:mod:`wsguard.store.lite`): no click, no
SQLAlchemy, not even ``pathlib`` or ``subprocess``, a few milliseconds.
Only when a session is open (or the database is not a plain SQLite file) does
the tracker itself log the commit.
"""

from __future__ import annotations

import os

from wsguard import places, plumbing
from wsguard.store import lite

TYPE_CHECKING = False
if TYPE_CHECKING:  # the annotations only; typing is not imported at run time
    from wsguard.workspace import Options


def session_may_be_open(url: str) -> bool:
    """False only when certainly no session is open: no SQLite file, or none active in it."""
    path = places.sqlite_file(url)
    if path is None:
        return True  # a server: ask the tracker
    known = lite.session_open(path)
    # None: an older or newer schema, or a locked file: let the tracker decide (or say why)
    return True if known is None else known


def _toplevel(cwd: str) -> str:
    """:func:`wsguard.git.toplevel`, without git where hooks run: the work tree's root."""
    here = plumbing.work_tree_here(cwd)
    if here is not None:
        return here
    from pathlib import Path

    from wsguard import git

    return str(git.toplevel(Path(cwd)))


def log_head_commit(opts: Options | None, cwd: str) -> str | None:
    """Log HEAD of the repository at ``cwd`` in the open session; the session id, or None."""
    db, rules, workspace = opts or (None, None, None)
    root = _toplevel(cwd)
    url = places.db_url(db, places.workspace_root(rules, workspace, root))
    if not session_may_be_open(url):
        return None
    from pathlib import Path

    from wsguard import git
    from wsguard.identity import current_user
    from wsguard.store.db import Database
    from wsguard.tracker.sessions import log_commit

    commit = git.head_commit(Path(root))
    if commit is None:
        return None
    with Database(url) as database, database.session_scope() as session:
        return log_commit(session, commit, os.path.basename(root), current_user(Path(root)))
