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
@click.option("--all-files", is_flag=True, help="Check every tracked file.")
@click.option(
    "--from-ref", metavar="REF", help="Check the files changed since REF (with --to-ref)."
)
@click.option("--to-ref", metavar="REF", help="…up to REF, whose content is checked.")
@click.option(
    "--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True
)
@click.option("--no-record", is_flag=True, help="Do not record detections in the database.")
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
    """Check the staged changes (default), FILES, a commit range or every file."""
    target = target_from(files, all_files, from_ref, to_ref)
    text, code = run_check(
        options(ctx), target, fmt=fmt, record=not no_record, strict=strict, cache=not no_cache
    )
    click.echo(text, nl=False)
    ctx.exit(code)
