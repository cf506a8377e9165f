"""What one repository's committed code uses of the other repositories of the workspace.

A full scan counts, per other repo, the import statements of that repo's
top-level packages (and the files making them), and the dependencies the
repo's root manifests declare on it. Files that may import another repo are
found by ``git grep`` over the index, so only those few blobs are read and
parsed: a warm full scan still reads next to nothing. The architecture map of
the report draws these counts as edges.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from wsguard import git, places
from wsguard.rules.config import Config
from wsguard.rules.pyimports import find_imports
from wsguard.rules.source import SourceFile, Unreadable
from wsguard.values import RepoUse

PYTHON = ("*.py", "*.pyi")


def canonical(name: str) -> str:
    """PEP 503: ``Meridian_Core`` and ``meridian-core`` name one distribution."""
    return re.sub(r"[-_.]+", "-", name).lower()


def import_uses(files: Iterable[tuple[str, bytes]], owner_of: Mapping[str, str]) -> list[RepoUse]:
    """Absolute imports of the packages in ``owner_of`` (package → repo), counted per repo."""
    counts: dict[str, int] = {}
    holders: dict[str, set[str]] = {}
    for path, data in files:
        try:
            tree = ast.parse(data)
        except (SyntaxError, ValueError):
            continue  # an unreadable file: the rules report it; it adds no edge
        for ref in find_imports(tree, None):
            target = owner_of.get(ref.module.split(".")[0])
            if target is not None:
                counts[target] = counts.get(target, 0) + 1
                holders.setdefault(target, set()).add(path)
    return [RepoUse(t, "import", n, len(holders[t])) for t, n in sorted(counts.items())]


def declared_uses(
    repo: str,
    manifests: Iterable[tuple[str, bytes]],
    owner_of: Mapping[str, str],
    read: Callable[[str], bytes | None],
) -> list[RepoUse]:
    """Dependencies declared in ``manifests`` on a repo of ``owner_of`` (canonical name → repo)."""
    from wsguard.rules.manifests import dependencies

    counts: dict[str, int] = {}
    holders: dict[str, set[str]] = {}
    for path, data in manifests:
        try:
            declared = dependencies(SourceFile(repo, path, data), read)
        except (Unreadable, ValueError):
            continue  # a broken manifest: the rules report it; it adds no edge
        for dep in declared:
            target = owner_of.get(dep.name)
            if target is not None and target != repo:
                counts[target] = counts.get(target, 0) + 1
                holders.setdefault(target, set()).add(path)
    return [RepoUse(t, "declared", n, len(holders[t])) for t, n in sorted(counts.items())]


def repo_uses(
    config: Config,
    workspace: Path,
    name: str,
    repo_root: Path,
    paths: Sequence[str],
    read: Callable[[str], bytes | None],
) -> tuple[RepoUse, ...] | None:
    """``name``'s imports of and declared dependencies on the other repos of ``workspace``;
    None in a workspace of one repo (nothing to use, nothing to record).

    ``paths`` are the repo's indexed files and ``read`` reads one of them.
    """
    package_owner: dict[str, str] = {}
    name_owner: dict[str, str] = {}
    for other, (_path, packages) in places.repo_packages(str(workspace), config.repos).items():
        if other == name:
            continue
        name_owner[canonical(other)] = other
        for package in packages:
            package_owner.setdefault(package, other)
            name_owner.setdefault(canonical(package), other)
    if not name_owner:
        return None
    own = set(places.packages_of(str(repo_root), config.repos.get(name)))
    package_owner = {p: r for p, r in package_owner.items() if p not in own}
    candidates = git.grep_index(repo_root, sorted(package_owner), PYTHON)
    uses = import_uses(((p, read(p) or b"") for p in candidates), package_owner)
    from wsguard.rules.manifests import is_manifest  # a workspace of several repos only

    manifests = [p for p in paths if "/" not in p and is_manifest(p)]
    uses += declared_uses(name, ((p, read(p) or b"") for p in manifests), name_owner, read)
    return tuple(uses)
