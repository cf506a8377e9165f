"""``wsguard export [--dir DIR]``: the database as one JSON file per entity."""

from __future__ import annotations

from pathlib import Path

import click

from wsguard.commands.params import options
from wsguard.errors import UsageError


@click.command()
@click.option(
    "--dir",
    "folder",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the files (default: the workspace root).",
)
@click.pass_context
def export(ctx: click.Context, folder: Path | None) -> None:
    """Write every entity of the database to JSON files, deterministically."""
    from wsguard.store.db import open_database
    from wsguard.store.transfer import export_folder
    from wsguard.workspace import workspace_root

    opts = options(ctx)
    target = folder if folder is not None else workspace_root(opts)
    with open_database(opts) as database:
        try:
            written = export_folder(database, target)
        except OSError as exc:
            where = exc.filename or target
            raise UsageError(
                f"cannot write the export to {where}: {exc.strerror or exc} (choose another --dir)"
            ) from None
    click.echo(f"exported {len(written)} files to {target}")
