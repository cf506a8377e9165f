"""``consistent-dependency``: a package pinned to the same version everywhere it is declared."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wsguard.rules.kinds.base import Hit, KindSpec, ValidateCtx, WorkspaceCtx, WorkspaceResult
from wsguard.rules.kinds.forbidden_dependency import declared
from wsguard.rules.manifests import Dependency, is_manifest, normalise_name, normalise_spec
from wsguard.rules.source import SourceFile, Unreadable
from wsguard.rules.validate import Fields

if TYPE_CHECKING:
    from wsguard.rules.config import Rule


def _validate(fields: Fields, ctx: ValidateCtx) -> dict[str, Any]:
    packages = fields.names(
        "packages", r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?|\*", "package name", required=True
    )
    version = fields.string("version")
    return {
        "packages": tuple(sorted({normalise_name(p) for p in packages})),
        "version": normalise_spec(version) if version else None,
    }


def _repo_dependencies(
    rule: Rule, ctx: WorkspaceCtx, repo: str
) -> tuple[list[Dependency], set[str]]:
    view = ctx.views[repo]
    found: list[Dependency] = []
    consulted = set()
    for path in sorted(view.paths()):
        if not is_manifest(path) or not rule.applies_to_path(path):
            continue
        data = view.read(path)
        if data is None:
            continue
        consulted.add(path)
        try:
            found.extend(declared(SourceFile(repo, path, data, None, None), view.read))
        except Unreadable:
            continue  # reported by per-file kinds; a broken manifest declares nothing here
    return found, consulted


def _check(rule: Rule, ctx: WorkspaceCtx) -> WorkspaceResult:
    if ctx.repo not in ctx.views or not rule.applies_to_repo(ctx.repo):
        return WorkspaceResult([], set())
    wanted = rule.options["packages"]

    def relevant(dep: Dependency) -> bool:
        return "*" in wanted or dep.name in wanted

    mine, consulted = _repo_dependencies(rule, ctx, ctx.repo)
    mine = [d for d in mine if relevant(d)]
    elsewhere: list[tuple[str, Dependency]] = [(ctx.repo, d) for d in mine]
    if mine and rule.options["version"] is None:  # nothing of ours to compare: skip the rest
        for repo in sorted(ctx.views):
            if repo != ctx.repo and rule.applies_to_repo(repo):
                deps, _ = _repo_dependencies(rule, ctx, repo)
                elsewhere.extend((repo, d) for d in deps if relevant(d))
    hits = []
    for dep in mine:
        expected = rule.options["version"]
        if expected is not None:
            if dep.spec != expected:
                hits.append(
                    Hit(
                        dep.line,
                        dep.col,
                        f"{dep.name} {dep.spec}",
                        f"{dep.name} is `{dep.spec or 'unpinned'}` here, expected `{expected}`",
                        path=dep.path,
                    )
                )
            continue
        others = sorted(
            {
                f"`{d.spec or 'unpinned'}` in {r}/{d.path}"
                for r, d in elsewhere
                if d.name == dep.name and d.spec != dep.spec
            }
        )
        if others:
            hits.append(
                Hit(
                    dep.line,
                    dep.col,
                    f"{dep.name} {dep.spec}",
                    f"{dep.name} is `{dep.spec or 'unpinned'}` here but {'; '.join(others)}",
                    path=dep.path,
                )
            )
    return WorkspaceResult(hits, consulted)


KIND = KindSpec(
    name="consistent-dependency",
    summary="A package must be pinned to the same version in every manifest of the workspace.",
    fields={
        "packages": "distribution names to compare (or '*' for every package)",
        "version": "the required specifier, e.g. '==2.0.30' (default: all declarations agree)",
    },
    validate=_validate,
    issue_type="config_drift",
    check_workspace=_check,
)
