"""``wsguard context``: which repo you are working in; lists default to it."""

from __future__ import annotations

import click

from wsguard.commands.params import json_option, require_repo
from wsguard.commands.printing import echo_json, print_table
from wsguard.commands.workdb import store
from wsguard.tracker import context as contexts
from wsguard.tracker.sessions import current_session_id


@click.group()
def context() -> None:
    """The repo in context (task list, task ready and issue list default to it)."""


@context.command("switch")
@click.argument("repo")
@click.option("--reason", help="Why you switch.")
@click.pass_context
def switch(ctx: click.Context, repo: str, reason: str | None) -> None:
    """Switch to REPO, a repo of the workspace (recorded in your open session)."""
    require_repo(ctx, repo)
    with store(ctx) as s:
        record = contexts.switch_context(s, repo, reason, current_session_id(s))
    click.echo(f"context: {record['from_repo'] or '-'} -> {repo}")


@context.command("show")
@json_option
@click.pass_context
def show(ctx: click.Context, as_json: bool) -> None:
    """The repo in context."""
    with store(ctx) as s:
        data = contexts.show_context(s, current_session_id(s))
    if as_json:
        echo_json(data)
    else:
        click.echo(data["repo"] or "no context set (lists show every repo)")


@context.command("history")
@click.option("--limit", type=click.IntRange(min=1))
@json_option
@click.pass_context
def history(ctx: click.Context, limit: int | None, as_json: bool) -> None:
    """Context switches, oldest first."""
    with store(ctx) as s:
        found = contexts.context_history(s, limit=limit)
    if as_json:
        echo_json(found)
        return
    rows = [(r["time"], r["session_id"], r["from_repo"], r["to_repo"], r["reason"]) for r in found]
    print_table("Context switches", ("When", "Session", "From", "To", "Reason"), rows)
