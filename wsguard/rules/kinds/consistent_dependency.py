"""``consistent-dependency``: one version of a package wherever the workspace uses it.

Declarations are compared on meaning (``==2.0`` is ``==2.0.0``); two conflict
when they pin different versions or their ranges exclude each other, and
only where their environment markers can hold together. With ``compare:
resolved``, a folder with a lockfile contributes the version it installs.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from wsguard.rules.kinds.base import Hit, KindSpec, ValidateCtx, WorkspaceCtx, WorkspaceResult
from wsguard.rules.kinds.forbidden_dependency import canonical_names, declared, sibling_lock
from wsguard.rules.manifests import is_lockfile, is_manifest, may_declare, name_pattern
from wsguard.rules.source import SourceFile, Unreadable
from wsguard.rules.validate import Fields

if TYPE_CHECKING:
    import re

    from wsguard.rules.config import Rule
    from wsguard.rules.kinds.base import RepoView


class Fact(NamedTuple):
    """What one place says of one package: a specifier, where it applies, where it is written."""

    name: str
    spec: str  # "==2.0.30" for a resolved version
    marker: str
    path: str
    line: int
    col: int
    resolved: bool  # from a lockfile

    def shown(self) -> str:
        if self.resolved:
            return f"locked at {self.spec.removeprefix('==')}"
        return f"`{self.spec or 'unpinned'}`"

    def where(self) -> str:
        return f" (where {self.marker})" if self.marker else ""


def _validate(fields: Fields, ctx: ValidateCtx) -> dict[str, Any]:
    from wsguard.rules.versions import specifiers

    packages = canonical_names(fields)
    version = fields.string("version")
    if version is not None:
        parsed = specifiers(version)
        if parsed is None:
            fields.error(
                "version", f"'version' is {version!r} (expected a specifier, e.g. '==2.0.30')"
            )
        version = str(parsed) if parsed is not None else None
    compare = fields.string("compare", choices=("declared", "resolved")) or "declared"
    return {"packages": packages, "version": version, "compare": compare}


@lru_cache(maxsize=64)
def _pattern(packages: tuple[str, ...]) -> re.Pattern[bytes] | None:
    return name_pattern(packages)


def _facts(rule: Rule, view: RepoView, repo: str) -> tuple[list[Fact], set[str], list[Hit]]:
    """The repo's facts about the rule's packages, the paths read, and notes."""
    wanted = rule.options["packages"]
    pattern = _pattern(wanted)
    resolved = rule.options["compare"] == "resolved"
    facts: list[Fact] = []
    consulted: set[str] = set()
    notes: list[Hit] = []
    paths = sorted(view.paths())
    locks = {posixpath.dirname(p) for p in paths if is_lockfile(p)} if resolved else set()

    def relevant(name: str) -> bool:
        return "*" in wanted or name in wanted

    for path in paths:
        if not is_manifest(path) or not rule.applies_to_path(path):
            continue
        data = view.read(path)
        if data is None:
            continue
        consulted.add(path)
        folder = posixpath.dirname(path)
        if not may_declare(data, pattern) and folder not in locks:
            continue  # cheap: no mention of the packages, nothing locked here
        try:
            found = declared(SourceFile(repo, path, data), view.read)
        except Unreadable:
            continue  # reported by per-file kinds; a broken manifest declares nothing here
        notes += [
            Hit(s.line, s.col, f"skipped {s.text}", f"skipped `{s.text}`: {s.reason}", s.path, True)
            for s in found.skipped
        ]
        mine = [d for d in found.dependencies if relevant(d.name)]
        if folder in locks:
            only = None if "*" in wanted else wanted
            lock, _ = sibling_lock(folder, view.read, only)
            if lock is not None:
                for dep in mine:
                    for entry in lock.packages.get(dep.name, []):
                        spec = f"=={entry.version}"
                        facts.append(
                            Fact(dep.name, spec, entry.marker, path, dep.line, dep.col, True)
                        )
                continue
        facts += [Fact(d.name, d.spec, d.marker, d.path, d.line, d.col, False) for d in mine]
    return facts, consulted, notes


def _disagreement(mine: Fact, other: Fact) -> str | None:
    from wsguard.rules.versions import conflict, markers_overlap

    if not markers_overlap(mine.marker, other.marker):
        return None
    return conflict(mine.spec, other.spec)


def _check(rule: Rule, ctx: WorkspaceCtx) -> WorkspaceResult:
    if ctx.repo not in ctx.views or not rule.applies_to_repo(ctx.repo):
        return WorkspaceResult([], set())
    mine, consulted, hits = _facts(rule, ctx.views[ctx.repo], ctx.repo)
    expected = rule.options["version"]
    if expected is not None:
        from wsguard.rules.versions import same

        for fact in mine:
            if not same(fact.spec, expected):
                detail = f"{fact.name} is {fact.shown()} here{fact.where()}, expected `{expected}`"
                hits.append(Hit(fact.line, fact.col, f"{fact.name} {fact.spec}", detail, fact.path))
        return WorkspaceResult(hits, consulted)
    elsewhere: list[tuple[str, Fact]] = []
    if mine:  # nothing of ours to compare: the other repos are never read
        for repo in sorted(ctx.views):
            if repo != ctx.repo and rule.applies_to_repo(repo):
                facts, _, _ = _facts(rule, ctx.views[repo], repo)
                elsewhere += [(repo, f) for f in facts]
    for fact in mine:
        others = sorted(
            {
                f"{o.shown()} in {repo}/{o.path}{o.where()}: {why}"
                for repo, o in elsewhere
                if o.name == fact.name and (why := _disagreement(fact, o)) is not None
            }
        )
        if others:
            detail = f"{fact.name} is {fact.shown()} here{fact.where()} but {'; '.join(others)}"
            hits.append(Hit(fact.line, fact.col, f"{fact.name} {fact.spec}", detail, fact.path))
    return WorkspaceResult(hits, consulted)


KIND = KindSpec(
    name="consistent-dependency",
    summary="A package must resolve to one version across the workspace: pins name the "
    "same version and ranges overlap, where their markers apply together.",
    fields={
        "packages": "distribution names to compare (or '*' for every package)",
        "version": "the required specifier, e.g. '==2.0.30' (default: all declarations agree)",
        "compare": "'declared' (the manifests, default) or 'resolved' (the version the "
        "lockfile beside a manifest installs, where there is one)",
    },
    validate=_validate,
    issue_type="config_drift",
    check_workspace=_check,
)
