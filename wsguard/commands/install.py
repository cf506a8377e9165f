"""``wsguard install`` / ``uninstall``: the plain git hooks in the workspace's repos."""

from __future__ import annotations

from pathlib import Path

import click

from wsguard import git
from wsguard import install as hooks
from wsguard.commands.params import options
from wsguard.errors import UsageError
from wsguard.workspace import Options, discover_repos, workspace_root


def _repos(opts: Options, given: tuple[str, ...]) -> list[Path]:
    if given:
        roots = []
        for raw in given:
            path = Path(raw).expanduser()
            if not path.is_dir():
                raise UsageError(f"--repo {raw}: no such folder")
            roots.append(git.toplevel(path))
        return roots
    root = workspace_root(opts)
    configured = None
    from wsguard.workspace import find_rules_file

    rules = find_rules_file(opts)
    if rules is not None:
        from wsguard.rules.config import load_config

        configured = load_config(rules).repos
    found = [p for p in discover_repos(root, configured).values() if git.is_repo(p)]
    if not found:
        raise UsageError(f"no git repositories found in the workspace {root}; pass --repo PATH")
    return found


@click.command()
@click.option("--repo", "repos", multiple=True, metavar="PATH", help="A repository (repeatable).")
@click.pass_context
def install(ctx: click.Context, repos: tuple[str, ...]) -> None:
    """Install the pre-commit, post-commit and pre-push hooks (default: every repo)."""
    for repo in _repos(options(ctx), repos):
        for line in hooks.install(repo):
            click.echo(line)


@click.command()
@click.option("--repo", "repos", multiple=True, metavar="PATH", help="A repository (repeatable).")
@click.pass_context
def uninstall(ctx: click.Context, repos: tuple[str, ...]) -> None:
    """Remove wsguard's hooks and restore the hooks they replaced."""
    for repo in _repos(options(ctx), repos):
        for line in hooks.uninstall(repo) or [f"{repo}: no wsguard hooks installed"]:
            click.echo(line)
