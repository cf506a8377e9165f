"""``wsguard init``: a commented rules.yaml for the repositories found here."""

from __future__ import annotations

from pathlib import Path

import click

from wsguard.errors import UsageError
from wsguard.workspace import RULES_FILE, discover_repos


@click.command()
@click.option(
    "--dir",
    "folder",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="The workspace root (default: the current folder).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing rules.yaml.")
def init(folder: Path | None, force: bool) -> None:
    """Write a commented rules.yaml for the git repositories in this folder."""
    from wsguard.rules.config import load_config_text
    from wsguard.rules.starter import starter_rules

    root = (folder or Path.cwd()).resolve()
    if not root.is_dir():
        raise UsageError(f"no such folder: {root}")
    target = root / RULES_FILE
    if target.exists() and not force:
        raise UsageError(f"{target} exists already; edit it, or pass --force to replace it")
    repos = sorted(name for name, path in discover_repos(root).items() if path != root)
    text = starter_rules(repos)
    load_config_text(text, target)  # what we write validates, or we write nothing
    target.write_text(text, encoding="utf-8")
    found = ", ".join(repos) if repos else "none (add them under repos:)"
    click.echo(f"wrote {target} (repositories: {found})")
    click.echo("next:")
    click.echo("  wsguard rules check     # validate it after your edits")
    click.echo("  wsguard install         # hook every repository")
    click.echo("  wsguard scan            # record what already drifts")
