"""What the commands take: the global options and the shared flags. Light: click only."""

from __future__ import annotations

import click

from wsguard.vocabulary import PRIORITIES, TASK_STATUSES
from wsguard.workspace import Options

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON and nothing else.")
all_option = click.option("--all", "show_all", is_flag=True, help="Ignore the current context.")


# The tracker validates every value (the Python API and the CLI refuse alike); the
# metavars only show the choices in --help.
def choices(values: tuple[str, ...]) -> str:
    return "[" + "|".join(values) + "]"


PRIORITY = choices(PRIORITIES)
TASK_STATUS = choices(TASK_STATUSES)


def options(ctx: click.Context) -> Options:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Options) else Options()
