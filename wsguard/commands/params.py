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


def require_repo(ctx: click.Context, name: str) -> None:
    """Refuse a repo name the workspace doesn't have (with no rules.yaml, any name goes).

    Names recorded in the database but gone from disk are refused too: a context or
    a report about a repo that isn't there only ever shows nothing.
    """
    from difflib import get_close_matches

    from wsguard.errors import UsageError
    from wsguard.workspace import discover_repos, find_rules_file

    opts = options(ctx)
    if find_rules_file(opts) is None:
        return
    from wsguard.check import load

    config, root = load(opts)
    repos = discover_repos(root, config.repos)
    if name in repos:
        return
    close = get_close_matches(name, list(repos), n=1)
    hint = f" Did you mean {close[0]}?" if close else ""
    raise UsageError(
        f"no repo {name!r} in the workspace {root} (repos: {', '.join(sorted(repos)) or 'none'})."
        + hint
    )
