"""``wsguard import [--dir DIR] [--dry-run] [--prune] [--force] [--merge] | --legacy DIR``."""

from __future__ import annotations

from pathlib import Path

import click

from wsguard.commands.params import options

_PATH = click.Path(file_okay=False, path_type=Path)


def _ids(keys: tuple[object, ...], limit: int = 8) -> str:
    shown = ", ".join(str(k) for k in keys[:limit])
    return f" ({shown}{', …' if len(keys) > limit else ''})" if keys else ""


def _value(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@click.command(name="import")
@click.option(
    "--dir",
    "folder",
    metavar="DIR",
    type=_PATH,
    help="The folder of export files (default: the workspace root).",
)
@click.option(
    "--legacy",
    metavar="DIR",
    type=_PATH,
    help="Import the JSON files the workspace kept before the database.",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--prune", is_flag=True, help="Delete records that are missing from the files.")
@click.option(
    "--force",
    is_flag=True,
    help="Prune even when the files hold under half the records; with --legacy, "
    "overwrite records that already exist with other content.",
)
@click.option(
    "--merge",
    is_flag=True,
    help="A record that leaves out fields updates only the fields it gives "
    "(without it, such a record is refused: it would clear them).",
)
@click.pass_context
def import_(
    ctx: click.Context,
    folder: Path | None,
    legacy: Path | None,
    dry_run: bool,
    prune: bool,
    force: bool,
    merge: bool,
) -> None:
    """Upsert the records of a folder of JSON files, all in one transaction or not at all."""
    from wsguard.errors import UsageError
    from wsguard.store.db import open_database
    from wsguard.store.transfer import import_folder
    from wsguard.workspace import workspace_root

    opts = options(ctx)
    if legacy is not None:
        if folder is not None or prune or merge:
            raise UsageError(
                "--legacy takes its own folder and cannot prune or merge; "
                "drop --dir/--prune/--merge"
            )
        from wsguard.store.legacy import import_legacy

        with open_database(opts) as database:
            report = import_legacy(database, legacy, dry_run=dry_run, force=force)
        for line in report.lines():
            click.echo(line)
        return
    source = folder if folder is not None else workspace_root(opts)
    with open_database(opts) as database:
        plan = import_folder(
            database, source, dry_run=dry_run, prune=prune, force=force, merge=merge
        )
    verb = "would be" if dry_run else "were"
    for f in plan.files:
        click.echo(
            f"{f.file}: {len(f.added)} added{_ids(f.added)}, {len(f.changed)} changed"
            f"{_ids(f.changed)}, {len(f.deleted)} deleted{_ids(f.deleted)}, "
            f"{len(f.unchanged)} unchanged"
        )
        if dry_run:
            for c in f.fields:
                click.echo(f"  {c.id}: {c.key}: {_value(c.before)} → {_value(c.after)}")
    if dry_run:
        click.echo("dry run: nothing was written")
    elif plan.empty:
        click.echo("nothing to change")
    else:
        click.echo(f"import done: the changes above {verb} written in one transaction")
