"""``wsguard hook post-commit``: log the commit just made in the open work session.

Run by hooks/post-commit after every commit with its output discarded; it must
never fail a commit, so every problem is swallowed (WSGUARD_DEBUG shows it).
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from wsguard import git
from wsguard.commands.params import options
from wsguard.workspace import Options, resolve_db_url, workspace_root


@click.group()
def hook() -> None:
    """Entry points for the installed git hooks."""


def log_head_commit(opts: Options, cwd: Path) -> str | None:
    """Log HEAD of the repository at ``cwd`` in the open session; the session id, or None."""
    root = git.toplevel(cwd)
    commit = git.head_commit(root)
    if commit is None:
        return None
    url = resolve_db_url(opts, workspace_root(opts, root))
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).exists():
        return None  # no database yet: no session either, and don't create one
    from wsguard.identity import current_user
    from wsguard.store.db import Database
    from wsguard.tracker.sessions import log_commit

    with Database(url) as db, db.session_scope() as session:
        return log_commit(session, commit, root.name, current_user(root))


@hook.command("post-commit")
@click.pass_context
def post_commit(ctx: click.Context) -> None:
    """Log HEAD as a ``commit`` activity; no open session: do nothing. Never fails."""
    try:
        sid = log_head_commit(options(ctx), Path.cwd())
    except Exception:
        if os.environ.get("WSGUARD_DEBUG"):
            raise
        return
    if sid:
        click.echo(f"logged in {sid}")
