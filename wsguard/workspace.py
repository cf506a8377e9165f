"""Where things are: the rules file, the workspace root and the database URL.

Pure path logic (no git, no SQLAlchemy). The rules themselves are written once,
with plain strings, in :mod:`wsguard.places` (the hook's light paths use them
there); this module gives them ``Path`` values and the command line's options.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from wsguard import places
from wsguard.errors import UsageError
from wsguard.places import DB_FILE, RULES_FILE, covered, not_a_url_or_path

# Re-exported: where the rest of wsguard looks for them.
__all__ = ["DB_FILE", "RULES_FILE", "covered", "not_a_url_or_path"]


class Options(NamedTuple):
    """The global command-line options, passed explicitly to every command."""

    db: str | None = None
    rules: str | None = None
    workspace: str | None = None


def cache_home() -> Path:
    """wsguard's folder in the user's cache (``$XDG_CACHE_HOME``, else ``~/.cache``)."""
    return Path(places.cache_home())


def find_rules_file(opts: Options, start: Path | None = None) -> Path | None:
    """``--rules``, else ``$WSGUARD_RULES``, else the nearest rules.yaml at or above ``start``."""
    found = places.find_rules(opts.rules, opts.workspace, str(start or Path.cwd()))
    return None if found is None else Path(found)


def workspace_root(opts: Options, start: Path | None = None) -> Path:
    """``--workspace``, else the folder holding the rules file, else the current folder."""
    return Path(places.workspace_root(opts.rules, opts.workspace, str(start or Path.cwd())))


def default_db_path(root: Path) -> Path:
    """``<root>/workspace.db``, unless that would land in a repository's work tree.

    A workspace root that is itself inside a git repository keeps its database
    in that repository's git dir, where it can never be committed.
    """
    return Path(places.default_db(str(root)))


def resolve_db_url(opts: Options, root: Path) -> str:
    """``--db``, else ``$WSGUARD_DB``, else the default SQLite file; paths become URLs."""
    return places.db_url(opts.db, str(root))


def workspace_db_url(opts: Options, start: Path | None = None) -> str:
    """The database URL of the workspace the commands run in.

    Outside any workspace (no ``--db``/``$WSGUARD_DB``/``--workspace``, no rules.yaml
    here or above) there is no workspace database: refuse, rather than quietly
    start a new ``./workspace.db`` wherever the command happens to run.
    """
    root = workspace_root(opts, start)
    url = resolve_db_url(opts, root)
    chosen = opts.db or os.environ.get("WSGUARD_DB") or opts.workspace
    if chosen or find_rules_file(opts, start) is not None:
        return url
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).exists():
        raise UsageError(
            f"no workspace here: no {RULES_FILE} in {root} or any folder above it, so there "
            f"is no workspace database. Run wsguard inside a workspace (wsguard init writes "
            f"a {RULES_FILE}), or name the database with --db PATH-or-URL or $WSGUARD_DB."
        )
    return url


def discover_repos(root: Path, configured: Mapping[str, Any] | None = None) -> dict[str, Path]:
    """:func:`wsguard.places.discover_repos` (the workspace's repositories), as ``Path`` values."""
    return {name: Path(path) for name, path in places.discover_repos(str(root), configured).items()}


def unusable_repos(root: Path, configured: Mapping[str, Any] | None) -> dict[str, str]:
    """Repositories listed under ``repos:`` that a scan cannot check, with why: a path that
    does not exist, or a folder that is not a git repository. A scan warns and goes on."""
    problems: dict[str, str] = {}
    for name, entry in (configured or {}).items():
        raw = entry if isinstance(entry, str) or entry is None else getattr(entry, "path", None)
        path = (root / raw) if raw else (root / name)
        if not path.resolve().is_dir():
            problems[name] = f"{path} does not exist"
        elif not (path / ".git").exists():
            problems[name] = f"{path} is not a git repository"
    return problems


def repo_name(root: Path, configured: Mapping[str, Any] | None, repo_root: Path) -> str:
    """:func:`wsguard.places.repo_name`: the name of the repository at ``repo_root``."""
    return places.repo_name(str(root), configured, str(repo_root))
