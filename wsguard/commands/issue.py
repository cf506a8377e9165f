"""``wsguard issue``: cross-repo issues, by hand or opened by the guard."""

from __future__ import annotations

import click

from wsguard.commands.params import all_option, choices, json_option
from wsguard.commands.printing import echo_json, joined, print_fields, print_table
from wsguard.commands.workdb import context_repo, store
from wsguard.identity import current_user
from wsguard.tracker import issues
from wsguard.tracker.sessions import current_session_id
from wsguard.vocabulary import ISSUE_SEVERITIES, ISSUE_STATUSES


@click.group()
def issue() -> None:
    """Cross-repo issues."""


@issue.command("add")
@click.argument("title")
@click.option("--type", "issue_type", required=True, help="code_creep, governance, config_drift…")
@click.option("--severity", required=True, metavar=choices(ISSUE_SEVERITIES))
@click.option("--repo", "repos", multiple=True, help="An affected repo (repeatable).")
@click.option("--description")
@click.option("--id", "issue_id", help="Use this id instead of the next WS-ISSUE-NNN.")
@click.pass_context
def add(
    ctx: click.Context,
    title: str,
    issue_type: str,
    severity: str,
    repos: tuple[str, ...],
    description: str | None,
    issue_id: str | None,
) -> None:
    """Open an issue and print its id."""
    with store(ctx) as session:
        record = issues.add_issue(
            session,
            title,
            issue_type,
            severity,
            repos=repos,
            description=description,
            detected_by=current_user(),
            issue_id=issue_id,
            session_id=current_session_id(session),
        )
    click.echo(record["id"])


@issue.command("list")
@click.option("--status", metavar=choices(ISSUE_STATUSES))
@click.option("--type", "issue_type")
@click.option("--severity")
@click.option("--repo")
@all_option
@json_option
@click.pass_context
def list_(
    ctx: click.Context,
    status: str | None,
    issue_type: str | None,
    severity: str | None,
    repo: str | None,
    show_all: bool,
    as_json: bool,
) -> None:
    """List issues (of the current context's repo unless --all or --repo)."""
    with store(ctx) as session:
        repo = context_repo(session, repo, show_all)
        found = issues.list_issues(
            session, status=status, issue_type=issue_type, severity=severity, repo=repo
        )
    if as_json:
        echo_json(found)
        return
    rows = [
        (r["id"], r["severity"], r["status"], r["type"], r["title"], joined(r["repos_affected"]))
        for r in found
    ]
    title = f"Issues{f' in {repo}' if repo else ''} ({len(found)})"
    print_table(title, ("ID", "Severity", "Status", "Type", "Title", "Repos"), rows)


@issue.command("show")
@click.argument("issue_id")
@json_option
@click.pass_context
def show(ctx: click.Context, issue_id: str, as_json: bool) -> None:
    """One issue, with the detections behind it (file and line)."""
    with store(ctx) as session:
        record = issues.show_issue(session, issue_id)
    if as_json:
        echo_json(record)
        return
    keys = ("type", "severity", "status", "repos_affected", "related_task_id", "rule_id",
            "detected", "detected_by", "resolved", "description", "action_required")  # fmt: skip
    print_fields(f"{record['id']}  {record['title']}", [(k, record.get(k)) for k in keys])
    if record["detections"]:
        rows = [
            (d["repo"], f"{d['path']}:{d['line'] or ''}", d["status"], d["message"])
            for d in record["detections"]
        ]
        print_table("Detections", ("Repo", "Where", "Status", "Message"), rows)


@issue.command("resolve")
@click.argument("issue_id")
@click.pass_context
def resolve(ctx: click.Context, issue_id: str) -> None:
    """Mark an issue resolved."""
    with store(ctx) as session:
        issues.set_status(session, issue_id, "resolved")
    click.echo(f"{issue_id}: resolved")


@issue.command("close")
@click.argument("issue_id")
@click.pass_context
def close(ctx: click.Context, issue_id: str) -> None:
    """Close an issue for good."""
    with store(ctx) as session:
        issues.set_status(session, issue_id, "closed")
    click.echo(f"{issue_id}: closed")


@issue.command("link")
@click.argument("issue_id")
@click.option("--task", "task_id", required=True, help="The task that deals with it.")
@click.pass_context
def link(ctx: click.Context, issue_id: str, task_id: str) -> None:
    """Link an issue to the task that deals with it."""
    with store(ctx) as session:
        issues.link_task(session, issue_id, task_id)
    click.echo(f"{issue_id}: linked to {task_id}")
