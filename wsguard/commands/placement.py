"""``wsguard placement``: where a component belongs (enforced by the guard)."""

from __future__ import annotations

import click

from wsguard.commands.params import json_option
from wsguard.commands.printing import echo_json, print_table
from wsguard.commands.workdb import store
from wsguard.tracker import placements


@click.group()
def placement() -> None:
    """Component placements."""


@placement.command("set")
@click.argument("component")
@click.option("--repo", required=True, help="The repo the component belongs in.")
@click.option("--path", "path_pattern", metavar="GLOB", help="Where in that repo.")
@click.option("--decision", metavar="ADR", help="The decision behind it.")
@click.pass_context
def set_(
    ctx: click.Context, component: str, repo: str, path_pattern: str | None, decision: str | None
) -> None:
    """COMPONENT may be defined only in --repo."""
    with store(ctx) as s:
        placements.set_placement(s, component, repo, path_pattern, decision)
    click.echo(f"{component}: placed in {repo}")


@placement.command("list")
@json_option
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Every placement."""
    with store(ctx) as s:
        found = placements.list_placements(s)
    if as_json:
        echo_json(found)
        return
    rows = [(p["component"], p["repo"], p["path_pattern"], p["decision"]) for p in found]
    print_table(f"Placements ({len(found)})", ("Component", "Repo", "Path", "Decision"), rows)
