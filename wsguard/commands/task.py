"""``wsguard task``: tasks spanning repos, their dependencies, what is ready, who claims what."""

from __future__ import annotations

from typing import Any

import click

from wsguard.commands.params import PRIORITY, TASK_STATUS, all_option, json_option
from wsguard.commands.printing import echo_json, joined, print_fields, print_table
from wsguard.commands.workdb import context_repo, store
from wsguard.tracker import graph, tasks
from wsguard.tracker.sessions import current_session_id
from wsguard.values import Record


def _table(title: str, records: list[Record]) -> None:
    rows = [
        (
            r["id"],
            r["priority"],
            r["status"],
            r["title"],
            joined(r["repos_affected"]),
            r["assigned_to"],
            joined(r["dependencies"]),
        )
        for r in records
    ]
    print_table(
        title, ("ID", "Priority", "Status", "Title", "Repos", "Assignee", "Depends on"), rows
    )


def _done(record: Record, what: str) -> None:
    click.echo(f"{record['id']}: {what} ({record['status']})")


@click.group()
def task() -> None:
    """Tasks across the workspace's repos."""


@task.command("add")
@click.argument("title")
@click.option("--id", "task_id", help="Use this id instead of the next WS-TASK-NNN.")
@click.option("--priority", metavar=PRIORITY, default="MEDIUM", show_default=True)
@click.option("--repo", "repos", multiple=True, help="A repo the task touches (repeatable).")
@click.option("--depends-on", "depends_on", multiple=True, help="A task to finish first.")
@click.option("--assign", help="Who does it.")
@click.option("--notes")
@click.option("--file", "files", multiple=True, help="A related file (repeatable).")
@click.option("--description")
@click.pass_context
def add(ctx: click.Context, /, title: str, task_id: str | None, priority: str, **kw: Any) -> None:
    """Add a task and print its id."""
    with store(ctx) as session:
        record = tasks.add_task(
            session,
            title,
            task_id=task_id,
            priority=priority,
            session_id=current_session_id(session),
            **kw,
        )
    click.echo(record["id"])


@task.command("list")
@click.option("--status", metavar=TASK_STATUS)
@click.option("--repo")
@click.option("--priority", metavar=PRIORITY)
@click.option("--assignee")
@all_option
@json_option
@click.pass_context
def list_(
    ctx: click.Context,
    status: str | None,
    repo: str | None,
    priority: str | None,
    assignee: str | None,
    show_all: bool,
    as_json: bool,
) -> None:
    """List tasks (of the current context's repo unless --all or --repo)."""
    with store(ctx) as session:
        repo = context_repo(session, repo, show_all)
        found = tasks.list_tasks(
            session,
            status=status,
            repo=repo,
            priority=priority,
            assignee=assignee,
        )
    if as_json:
        echo_json(found)
    else:
        _table(f"Tasks{f' in {repo}' if repo else ''} ({len(found)})", found)


@task.command("ready")
@click.option("--repo")
@click.option("--limit", type=click.IntRange(min=1))
@all_option
@json_option
@click.pass_context
def ready(
    ctx: click.Context, repo: str | None, limit: int | None, show_all: bool, as_json: bool
) -> None:
    """Pending tasks whose dependencies are all completed, by priority then age."""
    with store(ctx) as session:
        repo = context_repo(session, repo, show_all)
        found = graph.ready_tasks(session, repo, limit)
    if as_json:
        echo_json(found)
    else:
        _table(f"Ready{f' in {repo}' if repo else ''} ({len(found)})", found)


@task.command("show")
@click.argument("task_id")
@json_option
@click.pass_context
def show(ctx: click.Context, task_id: str, as_json: bool) -> None:
    """One task, what it waits for and what waits for it."""
    with store(ctx) as session:
        record = tasks.get_task(session, task_id)
        record["waiting_for"] = tasks.unfinished_dependencies(session, task_id)
        record["dependents"] = graph.dependents(session, task_id)
    if as_json:
        echo_json(record)
        return
    print_fields(
        f"{record['id']}  {record['title']}",
        [(k, record.get(k)) for k in (
            "status", "priority", "assigned_to", "repos_affected", "dependencies",
            "waiting_for", "dependents", "related_files", "blocked_reason", "description",
            "notes", "created", "updated", "session_created",
        )],
    )  # fmt: skip


@task.command("update")
@click.argument("task_id")
@click.option("--title")
@click.option("--description")
@click.option("--priority", metavar=PRIORITY)
@click.option("--status", metavar=TASK_STATUS)
@click.option("--assign", help="Assign to WHO ('' to unassign).")
@click.option("--notes")
@click.option("--repo", "add_repos", multiple=True, help="Add a repo (repeatable).")
@click.option("--file", "add_files", multiple=True, help="Add a related file (repeatable).")
@click.pass_context
def update(ctx: click.Context, /, task_id: str, priority: str | None, **kw: Any) -> None:
    """Change a task's fields."""
    with store(ctx) as session:
        record = tasks.update_task(session, task_id, priority=priority, **kw)
    _done(record, "updated")


def _transition(action: str, doc: str) -> None:
    @task.command(action, help=doc)
    @click.argument("task_id")
    @click.pass_context
    def command(ctx: click.Context, task_id: str) -> None:
        with store(ctx) as session:
            record = tasks.transition(session, task_id, action)
        _done(record, action if action != "done" else "done")


_transition("start", "Start a task (its dependencies must be completed).")
_transition("done", "Mark a task completed.")
_transition("reopen", "Put a task back to pending.")


@task.command("block")
@click.argument("task_id")
@click.option("--reason", required=True, help="Why it cannot go on.")
@click.pass_context
def block(ctx: click.Context, task_id: str, reason: str) -> None:
    """Mark a task blocked, saying why."""
    with store(ctx) as session:
        record = tasks.transition(session, task_id, "block", reason)
    _done(record, "blocked")


@task.command("claim")
@click.argument("task_id")
@click.option("--as", "who", help="Who takes it (default: $WSGUARD_USER, else git's user.name).")
@click.pass_context
def claim(ctx: click.Context, task_id: str, who: str | None) -> None:
    """Take an unassigned task; of concurrent claimers exactly one wins."""
    from wsguard.identity import current_user

    who = who or current_user()
    if not who:
        raise click.UsageError("who claims it? Give --as WHO, or set $WSGUARD_USER")
    with store(ctx) as session:
        tasks.claim_task(session, task_id, who)
    click.echo(f"{task_id}: claimed by {who}")


@task.group("dep")
def dep() -> None:
    """Dependencies between tasks."""


@dep.command("add")
@click.argument("task_id")
@click.argument("depends_on")
@click.pass_context
def dep_add(ctx: click.Context, task_id: str, depends_on: str) -> None:
    """TASK_ID cannot start before DEPENDS_ON is completed."""
    with store(ctx) as session:
        graph.add_dependency(session, task_id, depends_on)
    click.echo(f"{task_id} now depends on {depends_on}")


@dep.command("rm")
@click.argument("task_id")
@click.argument("depends_on")
@click.pass_context
def dep_rm(ctx: click.Context, task_id: str, depends_on: str) -> None:
    """Remove a dependency."""
    with store(ctx) as session:
        graph.remove_dependency(session, task_id, depends_on)
    click.echo(f"{task_id} no longer depends on {depends_on}")
