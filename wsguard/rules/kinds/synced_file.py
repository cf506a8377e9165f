"""``synced-file``: files that must be byte-identical across repos (or to a canonical copy)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from wsguard.rules.kinds.base import Hit, KindSpec, ValidateCtx, WorkspaceCtx, WorkspaceResult
from wsguard.rules.validate import Fields, check_repo_names

if TYPE_CHECKING:
    from wsguard.rules.config import Rule

MAX_CANONICAL = 4 << 20


def _validate(fields: Fields, ctx: ValidateCtx) -> dict[str, Any]:
    files = fields.strings("files", required=True)
    for i, name in enumerate(files):
        if any(ch in name for ch in "*?[") or name.startswith("/") or ".." in name.split("/"):
            fields.error(
                "files", f"'{name}' must be a plain repo-relative path (no globs, no '..')", i
            )
    canonical = fields.string("canonical_repo")
    if canonical:
        check_repo_names(fields, "canonical_repo", (canonical,), ctx.repos)
    source = fields.string("canonical_file")
    content = None
    if source:
        if len(files) != 1:
            fields.error("canonical_file", "'canonical_file' needs exactly one entry in 'files'")
        elif ctx.base is None:
            fields.error("canonical_file", "'canonical_file' is only available in a rules file")
        else:
            path = ctx.base / source
            try:
                if path.stat().st_size > MAX_CANONICAL:
                    raise OSError("file too large")
                content = path.read_bytes()
                if ctx.consulted is not None:
                    ctx.consulted.append(path)
            except OSError as exc:
                fields.error("canonical_file", f"cannot read {path}: {exc.strerror or exc}")
    if canonical and source:
        fields.error("canonical_file", "give 'canonical_repo' or 'canonical_file', not both")
    return {"files": files, "canonical_repo": canonical, "canonical_content": content}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def _check(rule: Rule, ctx: WorkspaceCtx) -> WorkspaceResult:
    view = ctx.views.get(ctx.repo)
    if view is None or not rule.applies_to_repo(ctx.repo):
        return WorkspaceResult([], set())
    opts = rule.options
    hits: list[Hit] = []
    for name in opts["files"]:
        mine = view.read(name)
        if mine is None:
            continue
        if opts["canonical_content"] is not None:
            others = {"the canonical copy": opts["canonical_content"]}
        elif opts["canonical_repo"]:
            other_view = ctx.views.get(opts["canonical_repo"])
            data = (
                other_view.read(name) if other_view and opts["canonical_repo"] != ctx.repo else None
            )
            others = {opts["canonical_repo"]: data} if data is not None else {}
        else:
            others = {}
            for repo, other_view in sorted(ctx.views.items()):
                if repo != ctx.repo and rule.applies_to_repo(repo):
                    data = other_view.read(name)
                    if data is not None:
                        others[repo] = data
        differ = sorted(repo for repo, data in others.items() if data != mine)
        if differ:
            hits.append(
                Hit(
                    1,
                    1,
                    f"synced {name}",
                    f"{name} (sha256 {_digest(mine)}) differs from {', '.join(differ)}",
                    path=name,
                )
            )
    return WorkspaceResult(hits, set(opts["files"]))


KIND = KindSpec(
    name="synced-file",
    summary="Files that must be byte-identical in every repo in scope (or to a canonical copy).",
    fields={
        "files": "repo-relative paths, e.g. [.editorconfig, ruff.toml]",
        "canonical_repo": "a repo whose copy is the reference (default: all copies must agree)",
        "canonical_file": "a file beside rules.yaml that is the reference (one entry in `files`)",
    },
    validate=_validate,
    issue_type="config_drift",
    check_workspace=_check,
)
