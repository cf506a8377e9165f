"""``wsguard check``: the guard itself, run by the hooks and by CI.

The hooks' bare ``wsguard check`` skips click (see :mod:`wsguard.entry`); both
paths run :func:`wsguard.entry.run_check`.
"""

from __future__ import annotations

import click

from wsguard.check import run_check, target_from
from wsguard.commands.params import options
from wsguard.output import FORMATS


@click.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--all-files", is_flag=True, help="Check every tracked file (a full check).")
@click.option(
    "--from-ref",
    metavar="REF",
    help="Check the files changed since REF (with --to-ref; FILES narrow them).",
)
@click.option("--to-ref", metavar="REF", help="…up to REF, whose content is checked.")
@click.option(
    "--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True
)
@click.option(
    "--no-record",
    is_flag=True,
    help="Write nothing to the database (baselines and waivers still apply when it can be read).",
)
@click.option("--strict", is_flag=True, help="Warnings block too.")
@click.option("--no-cache", is_flag=True, help="Check every file again, ignoring cached results.")
@click.pass_context
def check(
    ctx: click.Context,
    files: tuple[str, ...],
    all_files: bool,
    from_ref: str | None,
    to_ref: str | None,
    fmt: str,
    no_record: bool,
    strict: bool,
    no_cache: bool,
) -> None:
    """Check the staged changes (default), FILES, a commit range or every file.

    FILES are checked as staged in the index: a path that does not exist is an
    error (exit 2), an untracked one is named and not checked. A commit, a push or
    a range answers for the workspace-level rules only on the paths it touches;
    --all-files reports all of them. Text output: one `path:line:col: rule-id
    message` line per finding. Exit 0 clean, 1 blocking findings, 2 usage or
    configuration error.
    """
    target = target_from(files, all_files, from_ref, to_ref)
    text, code = run_check(
        options(ctx), target, fmt=fmt, record=not no_record, strict=strict, cache=not no_cache
    )
    click.echo(text, nl=False)
    ctx.exit(code)
