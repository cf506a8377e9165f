"""``wsguard db upgrade | current``: the schema revision of the workspace database."""

from __future__ import annotations

import click

from wsguard.commands.params import options


@click.group()
def db() -> None:
    """Manage the workspace database schema."""


@db.command()
@click.pass_context
def upgrade(ctx: click.Context) -> None:
    """Bring the database schema to the latest revision."""
    from wsguard.store import migrate
    from wsguard.store.db import masked, open_database

    with open_database(options(ctx), upgrade=False) as database, database.guard():
        before, after = migrate.upgrade(database.engine)
        where = masked(database.url)
    if before == after:
        click.echo(f"{where}: already at revision {after}")
    else:
        click.echo(f"{where}: upgraded from {before or 'an empty database'} to {after}")


@db.command()
@click.pass_context
def current(ctx: click.Context) -> None:
    """Show the schema revision of the database, and whether it is the latest."""
    from wsguard.store import migrate
    from wsguard.store.db import open_database
    from wsguard.store.revision import known

    with open_database(options(ctx), upgrade=False) as database, database.guard():
        revision = migrate.current_revision(database.engine)
    head = migrate.head_revision()
    if revision is None:
        click.echo(f"no schema yet (latest is {head}; run `wsguard db upgrade`)")
    elif revision == head:
        click.echo(f"{revision} (latest)")
    elif not known(revision):
        click.echo(f"{revision} (newer than this wsguard, {head}: upgrade wsguard)")
        ctx.exit(2)
    else:
        click.echo(f"{revision} (latest is {head}; run `wsguard db upgrade`)")
