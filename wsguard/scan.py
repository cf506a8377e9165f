"""Scanning one repository: git → staged (or committed) blobs → rules → findings.

Returns data, never prints, never touches the database: what blocks is the
check's decision (:mod:`wsguard.check`), and recording is the store's.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

from wsguard import git, plumbing
from wsguard.errors import UsageError
from wsguard.parallel import check_many
from wsguard.repofiles import DiskView, GitView
from wsguard.rules.config import Config
from wsguard.rules.engine import (
    FileInput,
    RepoView,
    cache_context,
    check_workspace,
)
from wsguard.values import Finding, Scan, Target
from wsguard.workspace import covered, discover_repos
from wsguard.workspace import repo_name as workspace_repo_name


def repo_name(config: Config, workspace: Path, repo_root: Path) -> str:
    """The repository's name: as mapped in rules.yaml, else its folder name."""
    return workspace_repo_name(workspace, config.repos, repo_root)


def _entries(repo_root: Path, target: Target) -> list[git.Entry]:
    if target.mode == "staged":
        staged = git.staged_changes(repo_root)
        if target.files:  # the hook's own file filter; deletions are always the commit's
            staged = [e for e in staged if e.deleted or covered(e.path, target.files)]
        return staged
    if target.mode == "files":
        entries = git.index_entries(repo_root, target.files)
        _refuse_missing(repo_root, target.files, entries)
        return entries
    if target.mode == "range":
        changed = git.range_changes(repo_root, target.from_ref or "", target.to_ref or "HEAD")
        if target.files:  # the framework's list; it never names a deleted file
            changed = [e for e in changed if e.deleted or covered(e.path, target.files)]
        return changed
    raise ValueError(f"not a partial check: {target.mode}")


def _refuse_missing(repo_root: Path, names: Iterable[str], entries: list[git.Entry]) -> None:
    """A named path that is neither in the index nor on disk is a typo: say so (exit 2)."""
    paths = [e.path for e in entries]
    for name in names:
        if not any(covered(p, (name,)) for p in paths) and not os.path.lexists(repo_root / name):
            raise UsageError(f"{name}: no such file or folder in {repo_root}")


def untracked(names: Iterable[str], scope: Iterable[str]) -> list[str]:
    """The named paths the check found nothing tracked at (so it checked nothing there)."""
    checked = list(scope)
    return [n for n in names if not any(covered(p, (n,)) for p in checked)]


def _inputs(entries: Iterable[git.Entry], repo_root: Path) -> list[FileInput]:
    wanted = [e for e in entries if not e.deleted and e.mode != git.MODE_GITLINK]
    blobs: dict[str, bytes | None] = dict(git.worktree_blobs(repo_root, wanted))
    rest = {e.sha for e in wanted if e.is_regular} - blobs.keys()
    blobs.update(git.read_blobs(repo_root, sorted(rest)))
    # A symlink's blob is its target path, not code: path rules apply, content rules don't.
    return [FileInput(e.path, (blobs[e.sha] or b"") if e.is_regular else b"") for e in wanted]


class Cache(Protocol):
    """Per-file findings remembered by (blob id, context key); see wsguard.store.scancache."""

    def get(self, keys: Iterable[tuple[str, str]]) -> Mapping[tuple[str, str], list[Finding]]: ...

    def put(self, key: tuple[str, str], findings: Iterable[Finding]) -> None: ...


def scan(
    config: Config, workspace: Path, repo_root: Path, target: Target, cache: Cache | None = None
) -> Scan:
    """Run every rule of ``config`` against ``target`` in the repository at ``repo_root``.

    With a ``cache``, files whose blob was checked before under the same rules
    and in the same place are not read again; what is checked is put there.
    """
    name = repo_name(config, workspace, repo_root)
    listing = None  # a full scan's input, identified (:mod:`wsguard.warm` keys its memo so)
    if target.mode == "all":
        out = git.index_listing(repo_root)
        entries = git.parse_index(out)
        listing = plumbing.listing_digest(out)
    else:
        entries = _entries(repo_root, target)
    scope: tuple[str, ...] | None = None
    if target.mode != "all":
        touched = {e.path for e in entries} | {e.old_path for e in entries if e.old_path}
        scope = tuple(sorted(touched))
    with git.BlobReader(repo_root) as reader:
        ref = target.to_ref if target.mode == "range" else None
        own = GitView(name, repo_root, reader, ref, entries if target.mode == "all" else None)
        # The full file list lets relative imports resolve through __init__.py files.
        all_paths = frozenset(own.paths())
        if target.mode == "files" and scope is not None and all_paths <= set(scope):
            scope = None  # every tracked file (``pre-commit run --all-files``): a full check
        files = [e for e in entries if not e.deleted and e.mode != git.MODE_GITLINK]
        # Whole trees and ranges (CI) find imports without a full parse; a commit's few
        # files are parsed whole, so the hook still reports a syntax error.
        fast = target.mode in ("all", "range") or scope is None
        keys: dict[str, tuple[str, str]] = {}
        if cache is not None:
            digest = config.digest
            for e in files:
                context = cache_context(config, name, e.path, all_paths, digest, fast)
                if e.is_regular and context is not None:
                    keys[e.path] = (e.sha, context)
        known = cache.get(keys.values()) if cache is not None and keys else {}
        todo = [e for e in files if keys.get(e.path) not in known]
        fresh = check_many(config, name, _inputs(todo, repo_root), all_paths, own.read, fast)
        findings = [f for e in files if keys.get(e.path) in known for f in known[keys[e.path]]]
        findings += fresh
        if cache is not None:
            by_path: dict[str, list[Finding]] = {}
            for f in fresh:
                by_path.setdefault(f.path, []).append(f)
            for e in todo:
                if e.path in keys:
                    cache.put(keys[e.path], by_path.get(e.path, []))
        others = [
            DiskView(other, path)
            for other, path in discover_repos(workspace, config.repos).items()
            if other != name
        ]
        views: dict[str, RepoView] = {name: own, **{view.name: view for view in others}}
        findings += check_workspace(config, name, views)
        uses = outside = None
        if target.mode == "all":  # committed code, whole: what the architecture map draws
            from wsguard.crossrepo import repo_uses

            uses = repo_uses(config, workspace, name, repo_root, sorted(all_paths), own.read)
            if all(view.stampable for view in others):
                outside = {path: st for view in others for path, st in view.consulted.items()}
    return Scan(name, findings, len(files), scope, target.to_ref, uses, listing, outside)


def scan_meta(target: Target, repo_root: Path, duration_s: float) -> dict[str, Any]:
    """What a recorded scan carries besides its findings: mode, ref, commit.

    Who ran it (:func:`people`) costs two git calls, paid only when recorded
    detections or an open work session need it.
    """
    commit = None
    if target.mode == "range":
        commit = git.resolve(repo_root, target.to_ref or "HEAD")
    elif target.mode == "all":
        commit = git.resolve(repo_root, "HEAD")
    return {
        "mode": target.mode,
        "ref": target.to_ref,
        "commit": commit,
        "duration_s": round(duration_s, 4),
    }


def people(repo_root: Path) -> dict[str, str | None]:
    """The committing author (``Name <email>``) and the wsguard user, for recorded scans."""
    from wsguard.identity import current_user

    return {"author": git.head_author(repo_root), "user": current_user(repo_root)}
