"""``wsguard decision``: architecture decisions, and whether they are being kept."""

from __future__ import annotations

from pathlib import Path

import click

from wsguard.commands.params import choices, json_option, options
from wsguard.commands.printing import echo_json, joined, print_fields, print_table
from wsguard.commands.workdb import store
from wsguard.rules.config import Rule, load_config
from wsguard.tracker import decisions, render
from wsguard.tracker.sessions import current_session_id
from wsguard.vocabulary import DECISION_STATUSES, IMPACTS
from wsguard.workspace import find_rules_file


def _rules(ctx: click.Context) -> tuple[Rule, ...]:
    """The workspace's rules, or none when there is no rules.yaml."""
    path = find_rules_file(options(ctx))
    return load_config(path).rules if path is not None else ()


@click.group()
def decision() -> None:
    """Architecture decisions (ADR-NNN)."""


@decision.command("add")
@click.argument("title")
@click.option("--rationale", required=True, help="Why: the context and the forces.")
@click.option("--decision", "text", help="What was decided (default: the title).")
@click.option("--impact", metavar=choices(IMPACTS))
@click.option("--repo", "repos", multiple=True, help="An affected repo (repeatable).")
@click.option("--id", "decision_id", help="Use this id instead of the next ADR-NNN.")
@click.option("--status", default="proposed", show_default=True, metavar=choices(DECISION_STATUSES))
@click.pass_context
def add(
    ctx: click.Context,
    title: str,
    rationale: str,
    text: str | None,
    impact: str | None,
    repos: tuple[str, ...],
    decision_id: str | None,
    status: str,
) -> None:
    """Record a decision (proposed unless --status says otherwise) and print its id."""
    with store(ctx) as session:
        record = decisions.add_decision(
            session,
            title,
            rationale,
            impact=impact,
            repos=repos,
            decision_id=decision_id,
            decision=text,
            session_id=current_session_id(session),
            status=status,
        )
    click.echo(record["id"])


@decision.command("list")
@click.option("--status", metavar=choices(DECISION_STATUSES))
@json_option
@click.pass_context
def list_(ctx: click.Context, status: str | None, as_json: bool) -> None:
    """List decisions."""
    with store(ctx) as session:
        found = decisions.list_decisions(session, status)
    if as_json:
        echo_json(found)
        return
    rows = [
        (r["id"], r["status"], r["impact"], r["date"], r["title"], joined(r["repos_affected"]))
        for r in found
    ]
    print_table(
        f"Decisions ({len(found)})", ("ID", "Status", "Impact", "Date", "Title", "Repos"), rows
    )


@decision.command("show")
@click.argument("decision_id")
@json_option
@click.pass_context
def show(ctx: click.Context, decision_id: str, as_json: bool) -> None:
    """One decision, the rules citing it and their open detections."""
    rules = _rules(ctx)
    with store(ctx) as session:
        record = decisions.show_decision(session, decision_id, rules)
    if as_json:
        echo_json(record)
        return
    keys = ("status", "date", "impact", "repos_affected", "supersedes", "superseded_by",
            "session", "rationale", "decision")  # fmt: skip
    print_fields(f"{record['id']}  {record['title']}", [(k, record.get(k)) for k in keys])
    verdict = (
        "kept" if record["kept"] else f"NOT kept: {record['open_detections']} open detection(s)"
    )
    if record["accepted_detections"]:
        verdict += f" ({record['accepted_detections']} accepted: baselined or waived, still there)"
    click.echo(f"  {'rules':<14} {joined([r['id'] for r in record['rules']]) or '(none cite it)'}")
    click.echo(f"  {'verdict':<14} {verdict}")
    rows = [
        (rule["id"], d["repo"], f"{d['path']}:{d['line'] or ''}", _accepted(d["status"]),
         d["message"])
        for rule in record["rules"]
        for d in rule["detections"]
    ]  # fmt: skip
    if rows:
        print_table("Detections", ("Rule", "Repo", "Where", "Status", "Message"), rows)


def _accepted(status: str) -> str:
    return status if status == "open" else f"{status} (accepted)"


@decision.command("accept")
@click.argument("decision_id")
@click.pass_context
def accept(ctx: click.Context, decision_id: str) -> None:
    """Mark a decision accepted."""
    with store(ctx) as session:
        decisions.accept(session, decision_id)
    click.echo(f"{decision_id}: accepted")


@decision.command("supersede")
@click.argument("old_id")
@click.option("--by", "new_id", required=True, help="The decision that replaces it.")
@click.pass_context
def supersede(ctx: click.Context, old_id: str, new_id: str) -> None:
    """OLD is replaced by NEW (linked both ways)."""
    with store(ctx) as session:
        decisions.supersede(session, old_id, new_id)
    click.echo(f"{old_id}: superseded by {new_id}")


@decision.command("render")
@click.option("--dir", "folder", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def render_(ctx: click.Context, folder: Path) -> None:
    """Write one MADR Markdown file per decision and an index into DIR."""
    with store(ctx) as session:
        found = decisions.list_decisions(session)
    written = render.write_markdown(found, folder)
    click.echo(f"wrote {len(written)} files to {folder}")
