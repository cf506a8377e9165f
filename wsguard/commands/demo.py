"""``wsguard demo [DIR]``: see the guard block, record and resolve drift."""

from __future__ import annotations

from pathlib import Path

import click

from wsguard.commands.params import options
from wsguard.workspace import resolve_db_url


@click.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.pass_context
def demo(ctx: click.Context, directory: Path | None) -> None:
    """Build a sample workspace in DIR (default ./wsguard-demo) and show the guard at work."""
    from wsguard import demo as story

    root = (directory or Path("wsguard-demo")).resolve()
    opts = options(ctx)
    db_url = (
        resolve_db_url(opts._replace(workspace=str(root)), root)
        if opts.db
        else (f"sqlite:///{root / 'workspace.db'}")
    )
    for line in story.run(root, db_url):
        click.echo(line)
