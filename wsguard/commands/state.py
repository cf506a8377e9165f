"""``wsguard state``: where components are now and where they are meant to be."""

from __future__ import annotations

import click

from wsguard.commands.params import json_option
from wsguard.commands.printing import echo_json, print_table
from wsguard.commands.workdb import store
from wsguard.tracker import placements


@click.group()
def state() -> None:
    """Architecture states of components."""


@state.command("set")
@click.argument("component")
@click.option("--current", required=True, metavar="REPO", help="Where it is now.")
@click.option("--target", required=True, metavar="REPO", help="Where it should end up.")
@click.pass_context
def set_(ctx: click.Context, component: str, current: str, target: str) -> None:
    """Record COMPONENT's current and target repo."""
    with store(ctx) as s:
        placements.set_state(s, component, current, target)
    click.echo(f"{component}: {current} -> {target}")


@state.command("list")
@json_option
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Every component's state, and how many are at target."""
    with store(ctx) as s:
        data = placements.list_states(s)
    if as_json:
        echo_json(data)
        return
    rows = [
        (x["component"], x["current_repo"], x["target_repo"], "yes" if x["at_target"] else "no")
        for x in data["states"]
    ]
    title = f"States: {data['at_target']} of {data['total']} at target"
    print_table(title, ("Component", "Current", "Target", "At target"), rows)
