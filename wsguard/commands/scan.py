"""``wsguard scan``: a full scan of every repository of the workspace."""

from __future__ import annotations

import sys
from collections import Counter

import click

from wsguard.check import Checked, check_repo, load
from wsguard.commands.params import options
from wsguard.errors import UsageError, one_line
from wsguard.values import Target
from wsguard.workspace import discover_repos, unusable_repos


@click.command()
@click.option("--repo", "names", multiple=True, metavar="NAME", help="Only this repo (repeatable).")
@click.option("--no-record", is_flag=True, help="Do not record detections in the database.")
@click.option("--strict", is_flag=True, help="Warnings block too.")
@click.option("--no-cache", is_flag=True, help="Check every file again, ignoring cached results.")
@click.pass_context
def scan(
    ctx: click.Context, names: tuple[str, ...], no_record: bool, strict: bool, no_cache: bool
) -> None:
    """Check every file of every repository and record what is found."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import Progress

    from wsguard.output.text import render

    opts = options(ctx)
    config, root = load(opts)
    repos = discover_repos(root, config.repos)
    for name, why in unusable_repos(root, config.repos).items():
        # One listed repository that is not there (not cloned yet, a typo) never stops
        # the scan of the others: say so, and go on.
        click.echo(one_line(f"warning: repos: {name}: {why}; not scanned"), err=True)
        repos.pop(name, None)
    unknown = sorted(set(names) - set(repos))
    if unknown:
        raise UsageError(f"unknown repo {', '.join(unknown)}; the workspace has {', '.join(repos)}")
    chosen = {n: p for n, p in repos.items() if not names or n in names}
    results: list[Checked] = []
    err = Console(stderr=True)
    with Progress(console=err, transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("scanning", total=len(chosen))
        for name, path in chosen.items():
            progress.update(task, description=escape(f"scanning {name}"))
            checked = check_repo(
                opts,
                config,
                root,
                path,
                Target("all"),
                record=not no_record,
                strict=strict,
                cache=not no_cache,
            )
            results.append(checked)
            progress.advance(task)
    for checked in results:
        if checked.result.reported:
            click.echo(click.style(f"== {checked.result.repo}", bold=True))
            click.echo(render(checked.result, verdict=False), nl=False)
    Console(soft_wrap=True, markup=False, highlight=False, emoji=False).print(
        summary_table(results)
    )
    blocking = sum(r.blocking for c in results for r in c.result.reported)
    files = sum(c.result.files_scanned for c in results)
    verdict = f"{blocking} blocking finding(s)" if blocking else "no blocking findings"
    click.echo(f"{len(results)} repo(s), {files} files scanned: {verdict}")
    ctx.exit(1 if blocking else 0)


def summary_table(results: list[Checked]) -> object:
    """Repo × rule: new, open and resolved detections of this scan."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title="wsguard scan")
    for column in ("repo", "rule", "new", "open", "resolved"):
        table.add_column(
            column, justify="right" if column in ("new", "open", "resolved") else "left"
        )
    for checked in results:
        new = Counter(r.finding.rule for r in checked.result.reported if r.status == "new")
        found = Counter(r.finding.rule for r in checked.result.reported)
        rules = sorted(set(found) | set(checked.fixed_by_rule))
        if not rules:
            table.add_row(Text(checked.result.repo), "—", "0", "0", "0")
        for rule in rules:
            table.add_row(
                Text(checked.result.repo),
                Text(rule),
                str(new[rule]),
                str(found[rule]),
                str(checked.fixed_by_rule[rule]),
            )
    return table
