"""Where things are, as plain path strings: the rules file, the database, the cache.

The logic of :mod:`wsguard.workspace` that the hook's light paths need (the
clean-commit gate, the post-commit hook), written with ``os.path`` alone:
``pathlib`` and ``typing`` would cost those paths ~20 ms of imports, as much as
their whole work. :mod:`wsguard.workspace` wraps these functions in ``Path``
for everything else, so each rule of where things are is written once.
"""

from __future__ import annotations

import os

from wsguard.digest import sha256
from wsguard.errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:  # the annotations only; typing is not imported at run time
    from collections.abc import Iterable, Mapping, Sequence
    from typing import Any

RULES_FILE = "rules.yaml"
DB_FILE = "workspace.db"
SQLITE_PREFIX = "sqlite:///"
DEFAULT_SOURCE_ROOTS = ("src",)  # where a repository's packages sit, unless repos: says


def resolved(path: str) -> str:
    """``Path(path).resolve()``: absolute, symlinks followed."""
    return os.path.realpath(path)


def cache_home() -> str:
    """wsguard's folder in the user's cache (``$XDG_CACHE_HOME``, else ``~/.cache``)."""
    base = os.environ.get("XDG_CACHE_HOME")
    return os.path.join(base or os.path.join(os.path.expanduser("~"), ".cache"), "wsguard")


def stamp(path: str) -> tuple[int, int] | None:
    """Size and modification time (ns) of the file at ``path``, symlinks followed; None
    when there is none. What a cache entry records of a file it was made from."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def keep_in_cache(path: str, blob: bytes, keep: int = 16) -> None:
    """Write ``blob`` to ``path``, a file of wsguard's cache, atomically; then keep only the
    ``keep`` most recently written entries of its folder (those named ``*<its suffix>``):
    entries of inputs since changed would otherwise pile up. Raises OSError."""
    from contextlib import suppress  # not at the top: the hook's light paths import places

    folder, name = os.path.split(path)
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}")
    with open(tmp, "wb") as out:
        out.write(blob)
    os.replace(tmp, path)
    suffix = os.path.splitext(name)[1]
    with os.scandir(folder) as found:
        entries = [e for e in found if e.name.endswith(suffix) and not e.name.startswith(".")]
    entries.sort(key=lambda e: e.stat().st_mtime_ns, reverse=True)
    for stale in entries[keep:]:
        with suppress(FileNotFoundError):  # pruned by another run
            os.unlink(stale.path)


def spool_dir(db_url: str) -> str:
    """Where scans the database could not take wait (:mod:`wsguard.spool`): one folder
    per database, outside every repository (the user's cache)."""
    root = os.environ.get("WSGUARD_SPOOL_DIR") or os.path.join(cache_home(), "spool")
    return os.path.join(root, sha256(db_url.encode()).hexdigest()[:16])


def has_spooled(db_url: str) -> bool:
    """Are scans waiting in :func:`spool_dir` to be recorded?"""
    try:
        return any(name.endswith(".json") for name in os.listdir(spool_dir(db_url)))
    except OSError:  # no folder: nothing was ever spooled
        return False


def find_rules(rules: str | None, workspace: str | None, start: str) -> str | None:
    """``--rules``, else ``$WSGUARD_RULES``, else the rules.yaml of ``--workspace``, else the
    nearest rules.yaml at or above ``start`` (resolved), or None."""
    explicit = rules or os.environ.get("WSGUARD_RULES")
    if explicit:
        path = os.path.expanduser(explicit)
        if not os.path.isfile(path):
            raise UsageError(f"rules file not found: {path}")
        return resolved(path)
    if workspace:
        candidate = os.path.join(workspace, RULES_FILE)
        return resolved(candidate) if os.path.isfile(candidate) else None
    folder = resolved(start)
    while True:
        candidate = os.path.join(folder, RULES_FILE)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def enclosing_git_dir(folder: str) -> str | None:
    """The git dir of the repository ``folder`` is in (a ``.git`` folder, or where a
    ``.git`` file's ``gitdir:`` points), or None."""
    here = os.path.abspath(folder)
    while True:
        dot_git = os.path.join(here, ".git")
        if os.path.isdir(dot_git):
            return dot_git
        if os.path.isfile(dot_git):
            with open(dot_git, encoding="utf-8", errors="replace") as handle:
                text = handle.read().strip()
            if text.startswith("gitdir:"):
                return resolved(os.path.join(here, text[len("gitdir:") :].strip()))
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def default_db(root: str) -> str:
    """``<root>/workspace.db``, unless that would land in a repository's work tree.

    A workspace root that is itself inside a git repository keeps its database
    in that repository's git dir, where it can never be committed.
    """
    git_dir = enclosing_git_dir(root)
    if git_dir is not None:
        return os.path.join(git_dir, "wsguard", DB_FILE)
    return os.path.join(root, DB_FILE)


def workspace_root(rules: str | None, workspace: str | None, start: str) -> str:
    """``--workspace``, else the folder holding the rules file, else ``start`` (resolved)."""
    if workspace:
        root = os.path.expanduser(workspace)
        if not os.path.isdir(root):
            raise UsageError(f"workspace folder not found: {root}")
        return resolved(root)
    found = find_rules(rules, workspace, start)
    return resolved(start) if found is None else os.path.dirname(found)


def not_a_url_or_path(given: str) -> str | None:
    """Why ``given`` (a database without ``://``) is neither a URL nor a file path, or
    None when it may be a path. A libpq connection string or a URL without its scheme
    would otherwise become a database *file*, named after the password."""
    import re  # only for a database given as a path, never on the hook's default

    if any(ord(c) < 32 for c in given):
        return "a name with control characters"
    if re.match(r"^\s*\w+\s*=", given):  # libpq's keyword=value pairs (host=h dbname=d)
        return "a libpq connection string (host=… dbname=…)"
    if re.match(r"^[^/\\]*:[^/\\]*@", given):  # user:password@host/db, scheme left out
        return "a URL without its scheme (user:password@host…)"
    return None


def db_url(db: str | None, root: str) -> str:
    """``--db``, else ``$WSGUARD_DB``, else the default SQLite file; paths become URLs."""
    given = db or os.environ.get("WSGUARD_DB")
    if not given:
        path = default_db(root)
        # The default location may be a folder of our own (``.git/wsguard/``): make it,
        # or the database could never be created there.
        folder = os.path.dirname(path)
        if folder != root and not os.path.isdir(folder):
            try:  # noqa: SIM105 - contextlib is not imported on the hook's light path
                os.mkdir(folder)
            except OSError:
                pass  # opening it then says which folder is missing
        return SQLITE_PREFIX + path
    if "://" in given:
        return given
    why = not_a_url_or_path(given)
    if why is not None:
        # The value itself stays out of the message: it may hold a password.
        raise UsageError(
            f"the database given (--db or $WSGUARD_DB) is {why}, neither a URL nor a file "
            "path: write it as postgresql+psycopg://user:password@host/dbname, or give a path"
        )
    return SQLITE_PREFIX + resolved(os.path.expanduser(given))


def sqlite_file(db_url: str) -> str | None:
    """The file of a plain ``sqlite:///path`` URL, or None for anything else."""
    if not db_url.startswith(SQLITE_PREFIX) or "?" in db_url:
        return None
    return db_url[len(SQLITE_PREFIX) :]


def covered(path: str, names: Iterable[str]) -> bool:
    """Is ``path`` one of ``names``, or under one of them (a folder)?"""
    return any(path == n or path.startswith(n.rstrip("/") + "/") or n in ("", ".") for n in names)


def _is_repo(folder: str) -> bool:
    return os.path.exists(os.path.join(folder, ".git"))


def _listed(root: str, name: str, entry: object) -> str:
    """Where a repository listed under ``repos:`` is: its ``path`` (a string, or an
    object with a ``path`` attribute), relative to ``root``; else the folder ``name``."""
    raw = entry if isinstance(entry, str) or entry is None else getattr(entry, "path", None)
    return os.path.join(root, raw or name)


def discover_repos(root: str, configured: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The repositories of the workspace: git repositories directly under ``root``,
    plus those listed under ``repos:`` in rules.yaml (name → path, relative to ``root``).

    ``configured`` maps names to objects with a ``path`` attribute (or to path strings);
    a listed repository without a path is the folder of that name under ``root``.
    A workspace root that is itself a repository counts as one, named after its folder.
    A symbolic link to a repository found already is not another repository. A listed
    repository that is not on disk is left out; one listed at a path found already
    replaces the name found there (the last one listed wins).
    """
    repos: dict[str, str] = {}
    if _is_repo(root):
        repos[os.path.basename(os.path.abspath(root))] = resolved(root)
    try:
        entries = sorted((entry.is_symlink(), entry.name) for entry in os.scandir(root))
    except OSError:
        entries = []
    names_at: dict[str, list[str]] = {}  # path → the names found there
    for name, path in repos.items():
        names_at.setdefault(path, []).append(name)
    for link, child in entries:  # folders first, then links to folders not found yet
        folder = os.path.join(root, child)
        if os.path.isdir(folder) and _is_repo(folder):
            where = resolved(folder)
            if link and where in names_at:
                continue  # another name for a repository found already
            repos[child] = where
            names_at.setdefault(where, []).append(child)
    for name, entry in (configured or {}).items():
        where = resolved(_listed(root, name, entry))
        if not os.path.isdir(where):
            continue  # listed but not cloned here
        for other in names_at.pop(where, []):
            if other != name:
                del repos[other]  # a mapped repository replaces the names found at its path
        before = repos.get(name)
        if before is not None and before != where:
            names_at[before].remove(name)  # the name leaves the path it had
        repos[name] = where
        names_at[where] = [name]
    return repos


def _same_file(path: str, identity: tuple[int, int]) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) == identity


def repo_name(root: str, configured: Mapping[str, Any] | None, repo_root: str) -> str:
    """The name of the repository at ``repo_root`` (resolved): as mapped under ``repos:``,
    else its folder name (``configured`` as :func:`discover_repos` takes it).

    What :func:`discover_repos` would name it, without resolving every repository of
    the workspace: one ``stat`` per listed repository, so the hook stays cheap in a
    workspace of thousands.
    """
    try:
        st = os.stat(repo_root)
    except OSError:
        return os.path.basename(repo_root)
    identity = (st.st_dev, st.st_ino)
    found = None
    for name, entry in (configured or {}).items():
        if _same_file(_listed(root, name, entry), identity):
            found = name  # the last one listed wins, as in discover_repos
    if found is not None:
        return found
    base = os.path.basename(repo_root)
    if _same_file(root, identity):
        return os.path.basename(os.path.abspath(root))
    folder = os.path.join(root, base)
    if _same_file(folder, identity) and not os.path.islink(folder):
        return base
    try:  # a folder under another name that leads to it: a link, or a folder of that name
        entries = sorted((e.is_symlink(), e.name) for e in os.scandir(root))
    except OSError:
        entries = []
    for _link, child in entries:  # in discover_repos' order
        if _same_file(os.path.join(root, child), identity):
            return child
    return base


def packages_in(folder: str, source_roots: Iterable[str]) -> tuple[str, ...]:
    """The top-level packages found in a repository at ``folder``: the folders holding an
    ``__init__.py`` at its root or directly under one of its ``source_roots``."""
    found: set[str] = set()
    for root in (*source_roots, ""):
        try:
            with os.scandir(os.path.join(folder, root) if root else folder) as entries:
                names = [e.name for e in entries if e.name.isidentifier()]
        except OSError:
            continue
        base = os.path.join(folder, root)
        found.update(n for n in names if os.path.isfile(os.path.join(base, n, "__init__.py")))
    return tuple(sorted(found))


def repo_packages(
    root: str, configured: Mapping[str, Any]
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every repository of the workspace at ``root`` (name → its path and top-level
    packages): those ``repos:`` declares, else the ones found on disk.

    ``configured`` maps names to rules.yaml's repository entries, ``(name, path,
    source_roots, packages)`` (``rules.config.RepoConfig`` or the same as a tuple).
    """
    paths = {name: entry[1] for name, entry in configured.items()}
    return {
        name: (path, packages_of(path, configured.get(name)))
        for name, path in discover_repos(root, paths).items()
    }


def packages_of(folder: str, entry: Sequence[Any] | None) -> tuple[str, ...]:
    """The top-level packages of the repository at ``folder``: those its ``repos:`` entry
    (``(name, path, source_roots, packages)``, or None) declares, else those found there."""
    roots, declared = (entry[2], entry[3]) if entry else (DEFAULT_SOURCE_ROOTS, ())
    return tuple(declared) or packages_in(folder, roots)
