"""``wsguard report``: drift, decisions, issues, tasks and sessions in one view."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

import click

from wsguard.commands.params import options, require_repo
from wsguard.errors import UsageError
from wsguard.report.build import FORMATS


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE instead of stdout.",
)
@click.option(
    "--since",
    metavar="DATE",
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]),
    help="Start of the period for new and fixed detections (default: 7 days ago).",
)
@click.option("--repo", metavar="NAME", help="Only this repo's detections, tasks and issues.")
@click.pass_context
def report(
    ctx: click.Context,
    fmt: str,
    as_json: bool,
    output: Path | None,
    since: datetime | None,
    repo: str | None,
) -> None:
    """Report drift, decisions, issues, tasks and recent sessions of the workspace."""
    from wsguard.report.build import build_report, render

    if as_json:
        if fmt not in ("text", "json"):
            raise UsageError("--json and --format are exclusive: give one of them")
        fmt = "json"
    if repo is not None:
        require_repo(ctx, repo)
    data = build_report(options(ctx), since=since, repo=repo)
    terminal = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    rendered = render(data, fmt, terminal=terminal)
    if output is None:
        click.echo(rendered, nl=False)
        return
    try:
        output.write_text(rendered, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from None
    click.echo(f"wrote the {fmt} report to {output}", err=True)
