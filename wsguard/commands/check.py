"""``wsguard check``: the guard itself, run by the hooks and by CI."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from wsguard import check as checking
from wsguard import git
from wsguard.commands._common import options
from wsguard.errors import UsageError
from wsguard.guard import guard, load

FORMATS = ("text", "json", "sarif", "junit", "github")


def _repo_relative(name: str, repo_root: Path) -> str:
    path = (Path.cwd() / name).resolve()
    try:
        return path.relative_to(repo_root).as_posix()
    except ValueError:
        raise UsageError(f"{name} is outside the repository {repo_root}") from None


def target_from(
    files: tuple[str, ...], all_files: bool, from_ref: str | None, to_ref: str | None
) -> checking.Target:
    if from_ref is None and to_ref is None and not files and not all_files:
        # pre-commit sets these for pre-push and manual stages.
        from_ref = os.environ.get("PRE_COMMIT_FROM_REF") or None
        to_ref = os.environ.get("PRE_COMMIT_TO_REF") or None
    modes = sum([bool(files), all_files, bool(from_ref or to_ref)])
    if modes > 1:
        raise UsageError("give FILES, --all-files, or --from-ref/--to-ref: only one of them")
    if from_ref or to_ref:
        if not (from_ref and to_ref):
            raise UsageError("--from-ref and --to-ref go together")
        return checking.Target("range", from_ref=from_ref, to_ref=to_ref)
    if all_files:
        return checking.Target("all")
    if files:
        return checking.Target("files", files=files)
    return checking.Target("staged")


@click.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--all-files", is_flag=True, help="Check every tracked file.")
@click.option(
    "--from-ref", metavar="REF", help="Check the files changed since REF (with --to-ref)."
)
@click.option("--to-ref", metavar="REF", help="…up to REF, whose content is checked.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--no-record", is_flag=True, help="Do not record detections in the database.")
@click.option("--strict", is_flag=True, help="Warnings block too.")
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
) -> None:
    """Check the staged changes (default), FILES, a commit range or every file."""
    target = target_from(files, all_files, from_ref, to_ref)
    opts = options(ctx)
    repo_root = git.toplevel(Path.cwd())
    config, root = load(opts, repo_root)
    target = target._replace(files=tuple(_repo_relative(f, repo_root) for f in target.files))
    result = guard(
        opts, config, root, repo_root, target, record=not no_record, strict=strict
    ).result
    from wsguard.output import render

    color = fmt == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    click.echo(render(result, fmt, color=color), nl=False)
    ctx.exit(result.exit_code)
