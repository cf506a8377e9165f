"""``wsguard baseline`` and ``wsguard waive``: accept known drift, explicitly."""

from __future__ import annotations

from datetime import date, datetime

import click

from wsguard.commands.params import options
from wsguard.commands.printing import echo_json
from wsguard.store import waivers
from wsguard.store.db import open_database


@click.command()
@click.option("--repo", "repos", multiple=True, metavar="NAME", help="Only this repo (repeatable).")
@click.pass_context
def baseline(ctx: click.Context, repos: tuple[str, ...]) -> None:
    """Accept every open detection as known: they stop blocking, new ones still block."""
    with open_database(options(ctx)) as db, db.session_scope() as session:
        count = waivers.baseline(session, repos)
    click.echo(f"baselined {count} open detection(s); new drift still blocks")


@click.command()
@click.argument("detection", required=False)
@click.option("--reason", help="Why this drift is accepted for now.")
@click.option("--owner", help="Who answers for it.")
@click.option(
    "--expires", type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD; it blocks again after."
)
@click.option("--json", "as_json", is_flag=True, help="With no DETECTION: list waivers as JSON.")
@click.pass_context
def waive(
    ctx: click.Context,
    detection: str | None,
    reason: str | None,
    owner: str | None,
    expires: datetime | None,
    as_json: bool,
) -> None:
    """Make DETECTION non-blocking until --expires; without DETECTION, list waivers.

    DETECTION is a detection id (the Detection column of `wsguard report`), a fingerprint (or its
    first 8+ characters), or path:line or repo:path:line.
    """
    with open_database(options(ctx)) as db, db.session_scope() as session:
        if detection is None:
            listed = waivers.waivers(session)
            if as_json:
                echo_json(listed)
                return
            for w in listed:
                state = "EXPIRED" if w["expired"] else "until"
                click.echo(
                    f"{w['id']:>5}  {w['repo']}:{w['path']}:{w['line']}  {w['rule']}  "
                    f"{state} {w['waiver_expires']}  {w['waiver_owner']}: {w['waiver_reason']}"
                )
            if not listed:
                click.echo("no waivers")
            return
        missing = [
            n
            for n, v in (("--reason", reason), ("--owner", owner), ("--expires", expires))
            if not v
        ]
        if missing:
            raise click.UsageError(f"waive DETECTION needs {', '.join(missing)}")
        assert reason and owner and expires
        done = waivers.waive(session, detection, reason=reason, owner=owner, expires=_day(expires))
    click.echo(
        f"waived detection {done['id']} ({done['rule']} at {done['repo']}:{done['path']}:"
        f"{done['line']}) until {done['waiver_expires']}"
    )


def _day(value: datetime) -> date:
    return value.date()
