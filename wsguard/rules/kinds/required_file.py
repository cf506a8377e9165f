"""``required-file``: files (or globs) every repo in scope must contain."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wsguard.rules.globs import match_any
from wsguard.rules.kinds.base import Hit, KindSpec, ValidateCtx, WorkspaceCtx, WorkspaceResult
from wsguard.rules.validate import Fields, check_patterns

if TYPE_CHECKING:
    from wsguard.rules.config import Rule


def _anchored(pattern: str) -> str:
    return pattern if pattern.startswith(("/", "**")) else "/" + pattern


def _validate(fields: Fields, ctx: ValidateCtx) -> dict[str, Any]:
    files = fields.strings("files", required=True)
    check_patterns(fields, "files", tuple(_anchored(f) for f in files))
    return {"files": files}


def _check(rule: Rule, ctx: WorkspaceCtx) -> WorkspaceResult:
    view = ctx.views.get(ctx.repo)
    if view is None or not rule.applies_to_repo(ctx.repo):
        return WorkspaceResult([], set())
    paths = list(view.paths())
    hits = []
    for pattern in rule.options["files"]:
        if not match_any((_anchored(pattern),), paths):
            name = pattern.lstrip("/")
            hits.append(Hit(1, 1, f"missing {name}", f"{ctx.repo} has no {name}", path=name))
    return WorkspaceResult(hits, set())


KIND = KindSpec(
    name="required-file",
    summary="Files every repo in scope must contain (patterns anchored at the repo root).",
    fields={"files": "patterns such as README*, LICENSE*, pyproject.toml (anchored at the root)"},
    validate=_validate,
    issue_type="missing_component",
    check_workspace=_check,
)
