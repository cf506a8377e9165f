"""Where things are: the rules file, the workspace root and the database URL.

Pure path logic (no git, no SQLAlchemy) so the hook can use it cheaply.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from wsguard.errors import UsageError

RULES_FILE = "rules.yaml"
DB_FILE = "workspace.db"


class Options(NamedTuple):
    """The global command-line options, passed explicitly to every command."""

    db: str | None = None
    rules: str | None = None
    workspace: str | None = None


def cache_home() -> Path:
    """wsguard's folder in the user's cache (``$XDG_CACHE_HOME``, else ``~/.cache``)."""
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "wsguard"


def find_rules_file(opts: Options, start: Path | None = None) -> Path | None:
    """``--rules``, else ``$WSGUARD_RULES``, else the nearest rules.yaml at or above ``start``."""
    explicit = opts.rules or os.environ.get("WSGUARD_RULES")
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise UsageError(f"rules file not found: {path}")
        return path.resolve()
    if opts.workspace:
        candidate = Path(opts.workspace) / RULES_FILE
        return candidate.resolve() if candidate.is_file() else None
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / RULES_FILE
        if candidate.is_file():
            return candidate
    return None


def workspace_root(opts: Options, start: Path | None = None) -> Path:
    """``--workspace``, else the folder holding the rules file, else the current folder."""
    if opts.workspace:
        root = Path(opts.workspace).expanduser()
        if not root.is_dir():
            raise UsageError(f"workspace folder not found: {root}")
        return root.resolve()
    rules = find_rules_file(opts, start)
    if rules is not None:
        return rules.parent
    return (start or Path.cwd()).resolve()


def _enclosing_git_dir(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        dot_git = candidate / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():
            text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                return (candidate / text[len("gitdir:") :].strip()).resolve()
    return None


def default_db_path(root: Path) -> Path:
    """``<root>/workspace.db``, unless that would land in a repository's work tree.

    A workspace root that is itself inside a git repository keeps its database
    in that repository's git dir, where it can never be committed.
    """
    git_dir = _enclosing_git_dir(root)
    if git_dir is not None:
        return git_dir / "wsguard" / DB_FILE
    return root / DB_FILE


# A libpq connection string: ``keyword=value`` pairs (``host=h dbname=d``).
_LIBPQ = re.compile(r"^\s*\w+\s*=")
# A URL whose scheme was left out: ``user:password@host/db``.
_NO_SCHEME = re.compile(r"^[^/\\]*:[^/\\]*@")


def not_a_url_or_path(given: str) -> str | None:
    """Why ``given`` (a database without ``://``) is neither a URL nor a file path, or
    None when it may be a path. A libpq connection string or a URL without its scheme
    would otherwise become a database *file*, named after the password."""
    if any(ord(c) < 32 for c in given):
        return "a name with control characters"
    if _LIBPQ.match(given):
        return "a libpq connection string (host=… dbname=…)"
    if _NO_SCHEME.match(given):
        return "a URL without its scheme (user:password@host…)"
    return None


def resolve_db_url(opts: Options, root: Path) -> str:
    """``--db``, else ``$WSGUARD_DB``, else the default SQLite file; paths become URLs."""
    given = opts.db or os.environ.get("WSGUARD_DB")
    if not given:
        path = default_db_path(root)
        # The default location may be a folder of our own (``.git/wsguard/``): make it,
        # or the database could never be created there.
        try:
            if path.parent != root:
                path.parent.mkdir(exist_ok=True)
        except OSError:
            pass  # opening it then says which folder is missing
        return "sqlite:///" + str(path)
    if "://" in given:
        return given
    why = not_a_url_or_path(given)
    if why is not None:
        # The value itself stays out of the message: it may hold a password.
        raise UsageError(
            f"the database given (--db or $WSGUARD_DB) is {why}, neither a URL nor a file "
            "path: write it as postgresql+psycopg://user:password@host/dbname, or give a path"
        )
    return "sqlite:///" + str(Path(given).expanduser().resolve())


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


def covered(path: str, names: Iterable[str]) -> bool:
    """Is ``path`` one of ``names``, or under one of them (a folder)?"""
    return any(path == n or path.startswith(n.rstrip("/") + "/") or n in ("", ".") for n in names)


def discover_repos(root: Path, configured: Mapping[str, Any] | None = None) -> dict[str, Path]:
    """The repositories of the workspace: git repositories directly under ``root``,
    plus those listed under ``repos:`` in rules.yaml (name → path, relative to ``root``).

    ``configured`` maps names to objects with a ``path`` attribute (or to path strings);
    a listed repository without a path is the folder of that name under ``root``.
    A workspace root that is itself a repository counts as one, named after its folder.
    A listed repository that is not on disk is left out.
    """
    repos: dict[str, Path] = {}
    if (root / ".git").exists():
        repos[root.name] = root.resolve()
    try:
        children = sorted(root.iterdir())
    except OSError:
        children = []
    for child in children:
        if child.is_dir() and (child / ".git").exists():
            repos[child.name] = child.resolve()
    for name, entry in (configured or {}).items():
        raw = entry if isinstance(entry, str) or entry is None else getattr(entry, "path", None)
        path = (root / raw) if raw else (root / name)
        resolved = path.resolve()
        if not resolved.is_dir():
            continue  # listed but not cloned here
        # A mapped repository replaces the folder-named entry for the same path.
        for other, other_path in list(repos.items()):
            if other_path == resolved and other != name:
                del repos[other]
        repos[name] = resolved
    return repos


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
    """The name of the repository at ``repo_root``: as mapped under ``repos:``, else its
    folder name (``configured`` as :func:`discover_repos` takes it)."""
    for name, path in discover_repos(root, configured).items():
        if path == repo_root:
            return name
    return repo_root.name
