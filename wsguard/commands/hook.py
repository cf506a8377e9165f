"""``wsguard hook post-commit``: log the commit just made in the open work session.

Run by hooks/post-commit after every commit with its output discarded; it must
never fail a commit, so every problem is swallowed (WSGUARD_DEBUG shows it).
The bare ``wsguard hook post-commit`` of the hook is dispatched by
:mod:`wsguard.entry` without click; this command is the same for people.
"""

from __future__ import annotations

import os

import click

from wsguard.commands.params import options
from wsguard.postcommit import log_head_commit


@click.group()
def hook() -> None:
    """Entry points for the installed git hooks."""


@hook.command("post-commit")
@click.pass_context
def post_commit(ctx: click.Context) -> None:
    """Log HEAD as a ``commit`` activity; no open session: do nothing. Never fails."""
    try:
        sid = log_head_commit(options(ctx), os.getcwd())
    except Exception:
        if os.environ.get("WSGUARD_DEBUG"):
            raise
        return
    if sid:
        click.echo(f"logged in {sid}")
