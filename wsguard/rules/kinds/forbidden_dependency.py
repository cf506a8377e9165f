"""``forbidden-dependency``: packages a repo must not depend on.

Declared-only (the default): what the manifests declare. ``transitive: true``:
also what the lockfile beside a manifest (``uv.lock``, ``poetry.lock``,
``pylock.toml``) installs through it, reported at the direct dependency that
pulls it in with the chain (``meridian-core → statsmodels → pandas``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from wsguard.rules.kinds.base import Hit, KindSpec, ValidateCtx
from wsguard.rules.manifests import (
    LOCKFILES,
    Dependency,
    Manifest,
    is_lockfile,
    is_manifest,
    manifest,
    may_declare,
    name_pattern,
)
from wsguard.rules.source import Unreadable
from wsguard.rules.validate import Fields

if TYPE_CHECKING:
    import re

    from wsguard.rules.config import Rule
    from wsguard.rules.lockfiles import Lock
    from wsguard.rules.source import SourceFile

NAME_RE = r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?|\*"


def canonical_names(fields: Fields) -> tuple[str, ...]:
    from packaging.utils import canonicalize_name

    packages = fields.names("packages", NAME_RE, "package name", required=True)
    return tuple(sorted({p if p == "*" else str(canonicalize_name(p)) for p in packages}))


def _validate(fields: Fields, ctx: ValidateCtx) -> dict[str, Any]:
    return {
        "packages": canonical_names(fields),
        "transitive": fields.boolean("transitive", False),
    }


def declared(source: SourceFile, read: Callable[[str], bytes | None]) -> Manifest:
    """Manifest declarations; a manifest that does not parse is unreadable, not empty."""
    try:
        return manifest(source, read)
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise Unreadable(f"cannot parse {source.path}: {exc}") from None


def sibling_lock(
    folder: str, read: Callable[[str], bytes | None], only: Iterable[str] | None = None
) -> tuple[Lock | None, str | None]:
    """The lockfile beside a manifest, parsed (``only`` these packages, when given);
    or (None, why it could not be read)."""
    from wsguard.rules.lockfiles import parse_lock

    for name in LOCKFILES:
        path = posixpath.join(folder, name)
        data = read(path)
        if data is None:
            continue
        try:
            return parse_lock(path, data.decode("utf-8-sig"), only), None
        except (ValueError, UnicodeDecodeError) as exc:
            return (
                None,
                f"{path} is not a readable lockfile ({exc}): transitive dependencies not checked",
            )
    return None, None


@lru_cache(maxsize=64)
def _pattern(packages: tuple[str, ...]) -> re.Pattern[bytes] | None:
    return name_pattern(packages)


def _may_match(rule: Rule, source: SourceFile) -> bool:
    pattern = _pattern(rule.options["packages"])
    if is_lockfile(source.path):
        return bool(rule.options["transitive"]) and (
            pattern is None or pattern.search(source.data) is not None
        )
    return is_manifest(source.path)


def _may_declare(rule: Rule, source: SourceFile) -> bool:
    """Might the manifest (or, transitive, the lockfile beside it) name a banned package?"""
    pattern = _pattern(rule.options["packages"])
    if may_declare(source.data, pattern):
        return True
    if not rule.options["transitive"]:
        return False
    folder = posixpath.dirname(source.path)
    for name in LOCKFILES:
        data = source.read_sibling(posixpath.join(folder, name))
        if data is not None:
            return pattern is None or pattern.search(data) is not None
    return False


def _readable(source: SourceFile) -> None:
    """Raises Unreadable as parsing would, without parsing requirements (nor importing
    ``packaging``): a broken manifest is reported even when it cannot name a package."""
    text = source.text
    if source.path.rpartition("/")[2] == "pyproject.toml":
        from wsguard.rules.tomlpos import load

        try:
            load(text)
        except ValueError as exc:
            raise Unreadable(f"cannot parse {source.path}: {exc}") from None


def _chains(
    rule: Rule, source: SourceFile, deps: list[Dependency], lock: Lock
) -> Iterator[tuple[Dependency, str, list[str]]]:
    from wsguard.rules.lockfiles import chains

    banned = set(rule.options["packages"])
    for dep in deps:
        if dep.name in banned:
            continue
        for target, chain in sorted(chains(lock, dep.name, banned).items()):
            yield dep, target, [source.repo, *chain]


def _from_manifest(rule: Rule, source: SourceFile) -> Iterator[Hit]:
    if not _may_declare(rule, source):
        _readable(source)
        return
    banned = rule.options["packages"]
    # -r includes resolve against the staged batch, then the rest of the repository
    found = declared(source, source.read_sibling)
    for skipped in found.skipped:
        yield Hit(
            skipped.line,
            skipped.col,
            f"skipped {skipped.text}",
            f"skipped `{skipped.text}`: {skipped.reason}",
            note=True,
        )
    for dep in found.dependencies:
        if dep.name in banned:
            yield Hit(
                dep.line,
                dep.col,
                f"{dep.name} {dep.spec}".strip(),
                f"declares forbidden dependency {dep.name} ({dep.text})",
            )
    if not rule.options["transitive"]:
        return
    lock, problem = sibling_lock(posixpath.dirname(source.path), source.read_sibling)
    if problem is not None:
        yield Hit(1, 1, "unreadable lockfile", problem, note=True)
    if lock is None:
        return
    for dep, target, chain in _chains(rule, source, found.dependencies, lock):
        yield Hit(
            dep.line,
            dep.col,
            f"{dep.name} -> {target}",
            f"depends on forbidden {target} through {' → '.join(chain)} (locked in {lock.path})",
        )


def _from_lockfile(rule: Rule, source: SourceFile) -> Iterator[Hit]:
    """A lockfile changed without its manifest: report in the lockfile, at the package."""
    from wsguard.rules.lockfiles import parse_lock, project_roots

    folder = posixpath.dirname(source.path)
    manifests = [posixpath.join(folder, n) for n in ("pyproject.toml", "requirements.txt")]
    if any(m in source.batch for m in manifests):
        return  # the manifest's own check reports at the declaration
    try:
        lock = parse_lock(source.path, source.text)
    except ValueError as exc:
        raise Unreadable(f"cannot parse {source.path}: {exc}") from None
    banned = rule.options["packages"]
    deps: list[Dependency] = []
    for path in manifests:
        data = source.read_sibling(path)
        if data is not None:
            from wsguard.rules.source import SourceFile as File

            deps += declared(File(source.repo, path, data), source.read_sibling).dependencies
    if not deps:  # no manifest beside it: the project's own entry in the lock
        deps = [
            Dependency(e.name, "", source.path, e.line, e.col, e.name)
            for root in project_roots(lock)
            for e in (lock.packages.get(edge.name, [None])[0] for edge in root.edges)
            if e is not None
        ]
    reached = {target: (dep, chain) for dep, target, chain in _chains(rule, source, deps, lock)}
    for target in sorted(set(banned) & set(lock.packages)):
        entry = lock.packages[target][0]
        if target in reached:
            dep, chain = reached[target]
            where = f"{dep.name} declared at {dep.path}:{dep.line}"
            detail = f"locks forbidden {target}, installed through {' → '.join(chain)} ({where})"
        elif any(d.name == target for d in deps) or lock.graph:
            continue  # declared directly (reported in the manifest), or not installed by us
        else:
            detail = f"locks forbidden {target} (the lock records no dependency graph)"
        yield Hit(entry.line, entry.col, f"locked {target}", detail)


def _check(rule: Rule, source: SourceFile) -> Iterator[Hit]:
    if is_lockfile(source.path):
        if rule.options["transitive"]:
            yield from _from_lockfile(rule, source)
        return
    yield from _from_manifest(rule, source)


def _accepts(path: str) -> bool:
    return is_manifest(path) or is_lockfile(path)


KIND = KindSpec(
    name="forbidden-dependency",
    summary="Packages a repo must not depend on: declared in its manifests or, with "
    "transitive: true, installed through its lockfile.",
    fields={
        "packages": "list of distribution names (PEP 503 normalised when compared)",
        "transitive": "also packages the lockfile installs through a declared dependency "
        "(uv.lock, poetry.lock, pylock.toml beside the manifest; default false)",
    },
    validate=_validate,
    issue_type="code_creep",
    check_file=_check,
    accepts=_accepts,
    may_match=_may_match,
    reads_siblings=True,  # requirements files include others (-r); manifests read lockfiles
)
