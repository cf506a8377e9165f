"""``wsguard session``: work sessions, their activities and the hand-off."""

from __future__ import annotations

from pathlib import Path

import click

from wsguard.commands.params import choices, json_option
from wsguard.commands.printing import echo_json, print_fields, print_table
from wsguard.commands.workdb import store
from wsguard.identity import current_user
from wsguard.tracker import handoff as handoffs
from wsguard.tracker import sessions
from wsguard.tracker.sessions import (
    activity_files,
    activity_time,
    default_user,
    require_active,
)
from wsguard.values import Record
from wsguard.vocabulary import SESSION_STATUSES, SESSION_SYNONYMS


def _print_session(record: Record) -> None:
    keys = ("status", "user", "ai_assistant", "start_time", "end_time", "decisions",
            "issues_found", "handoff_notes")  # fmt: skip
    print_fields(str(record["session_id"]), [(k, record.get(k)) for k in keys])
    rows = [
        (activity_time(a), a.get("type"), a.get("description"), ", ".join(activity_files(a)))
        for a in record["activities"]
    ]
    if rows:
        print_table("Activities", ("When", "Type", "Description", "Files"), rows)


@click.group()
def session() -> None:
    """Work sessions (one open session per user)."""


@session.command("start")
@click.option("--user", help="Who works (default: $WSGUARD_USER or git user.name).")
@click.option("--assistant", help="The AI assistant pairing, if any.")
@click.pass_context
def start(ctx: click.Context, user: str | None, assistant: str | None) -> None:
    """Open a work session and print its id."""
    with store(ctx) as s:
        record = sessions.start_session(s, user or default_user(), assistant)
    click.echo(record["session_id"])


@session.command("log")
@click.argument("description")
@click.option("--type", "activity_type", default="note", show_default=True)
@click.option("--file", "files", multiple=True, help="A file touched (repeatable).")
@click.pass_context
def log(ctx: click.Context, description: str, activity_type: str, files: tuple[str, ...]) -> None:
    """Log an activity in your open session."""
    with store(ctx) as s:
        sid = require_active(s, current_user())
        sessions.log_activity(s, sid, description, activity_type=activity_type, files=files)
    click.echo(f"{sid}: logged {activity_type}")


@session.command("end")
@click.option("--handoff", "notes", help="Notes for whoever picks up next.")
@click.pass_context
def end(ctx: click.Context, notes: str | None) -> None:
    """End your open session."""
    with store(ctx) as s:
        sid = require_active(s, current_user())
        sessions.end_session(s, sid, notes)
    click.echo(f"{sid}: ended (wsguard session handoff {sid})")


@session.command("show")
@click.argument("session_id", required=False)
@json_option
@click.pass_context
def show(ctx: click.Context, session_id: str | None, as_json: bool) -> None:
    """One session (default: your open one) with its activities."""
    with store(ctx) as s:
        record = sessions.get_session(s, session_id or require_active(s, current_user()))
    if as_json:
        echo_json(record)
    else:
        _print_session(record)


@session.command("current")
@json_option
@click.pass_context
def current(ctx: click.Context, as_json: bool) -> None:
    """Your open session; exit 1 when there is none (--json then prints null)."""
    with store(ctx) as s:
        sid = sessions.active_session_id(s, current_user())
        record = sessions.get_session(s, sid) if sid else None
    if as_json:
        echo_json(record)
    elif record is None:
        click.echo("no open session (start one with wsguard session start)")
    else:
        _print_session(record)
    if record is None:
        ctx.exit(1)


@session.command("list")
@click.option("--status", metavar=choices((*SESSION_STATUSES, *SESSION_SYNONYMS)))
@json_option
@click.pass_context
def list_(ctx: click.Context, status: str | None, as_json: bool) -> None:
    """Sessions, newest first."""
    with store(ctx) as s:
        found = sessions.list_sessions(s, status)
    if as_json:
        echo_json(found)
        return
    rows = [
        (r["session_id"], r["status"], r["user"], r["ai_assistant"], r["start_time"],
         r["end_time"], len(r["activities"]))
        for r in found
    ]  # fmt: skip
    cols = ("ID", "Status", "User", "Assistant", "Started", "Ended", "Activities")
    print_table(f"Sessions ({len(found)})", cols, rows)


@session.command("handoff")
@click.argument("session_id", required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@json_option
@click.pass_context
def handoff(ctx: click.Context, session_id: str | None, output: Path | None, as_json: bool) -> None:
    """The Markdown hand-off of a session (default: yours, open or last ended)."""
    with store(ctx) as s:
        sid = session_id or sessions.active_session_id(s, current_user())
        if sid is None:
            ended = sessions.list_sessions(s, "completed")
            sid = str(ended[0]["session_id"]) if ended else require_active(s)
        data = handoffs.handoff_data(s, sid)
    if as_json:
        echo_json(data)
        return
    text = handoffs.render_handoff(data)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
