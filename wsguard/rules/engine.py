"""Runs the rules over files and repos: prefilters, one parse per file, suppressions.

Pure: no git, no database, no printing. The guard hands in staged blobs
(:func:`check_files`) and views of every repo (:func:`check_workspace`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import NamedTuple

from wsguard.rules.compiled import source_digest
from wsguard.rules.config import Config, Rule
from wsguard.rules.kinds import KINDS
from wsguard.rules.kinds.base import Hit, RepoView, WorkspaceCtx, is_python
from wsguard.rules.pyimports import module_for_path
from wsguard.rules.source import SourceFile, Unreadable
from wsguard.rules.suppress import MARKER, Suppression, suppressions
from wsguard.values import Finding, fingerprint

UNREADABLE = "wsguard/unreadable"
UNUSED_SUPPRESSION = "wsguard/unused-suppression"
BAD_SUPPRESSION = "wsguard/bad-suppression"
SKIPPED = "wsguard/skipped"

__all__ = [
    "FileInput",
    "MemoryRepoView",
    "RepoView",
    "cache_context",
    "check_files",
    "check_workspace",
    "preload",
    "reads_siblings",
]


class FileInput(NamedTuple):
    path: str  # repo-relative, posix
    data: bytes


class MemoryRepoView:
    """A repo as a dict of path -> bytes (tests, callers that already hold the files)."""

    def __init__(self, name: str, files: Mapping[str, bytes | str]) -> None:
        self.name = name
        self.files = {p: d.encode() if isinstance(d, str) else d for p, d in files.items()}

    def paths(self) -> Iterable[str]:
        return self.files.keys()

    def read(self, path: str) -> bytes | None:
        return self.files.get(path)


def _warning(
    rule: str, repo: str, path: str, line: int, col: int, message: str, anchor: str
) -> Finding:
    return Finding(
        rule, repo, path, line, col, "warning", message, fingerprint(rule, repo, path, anchor)
    )


def _notes(repo: str, path: str, hits: Iterable[Hit], into: dict[str, Finding]) -> None:
    """Notes of any rule at one place become one ``wsguard/skipped`` warning."""
    for hit in hits:
        if hit.note:
            note = _warning(SKIPPED, repo, path, hit.line, hit.col, hit.detail, hit.anchor)
            into.setdefault(note.fingerprint, note)


def _findings(rule: Rule, repo: str, path: str, hits: list[Hit]) -> list[tuple[Finding, int]]:
    """Hits → findings, numbering repeated anchors ``#2``… in line order."""
    seen: dict[str, int] = {}
    out = []
    for hit in sorted((h for h in hits if not h.note), key=lambda h: (h.line, h.col)):
        count = seen[hit.anchor] = seen.get(hit.anchor, 0) + 1
        anchor = hit.anchor if count == 1 else f"{hit.anchor} #{count}"
        out.append(
            (
                Finding(
                    rule=rule.id,
                    repo=repo,
                    path=path,
                    line=hit.line,
                    col=hit.col,
                    severity=rule.severity,
                    message=f"{rule.message} ({hit.detail})",
                    fingerprint=fingerprint(rule.id, repo, path, anchor),
                    decision=rule.decision,
                    remediation=rule.remediation,
                    issue_type=rule.issue_type,
                ),
                hit.line,
            )
        )
    return out


class _Suppressor:
    """Applies one file's suppressions and reports the ones that did nothing."""

    def __init__(self, config: Config, repo: str, path: str, found: list[Suppression]) -> None:
        self.config, self.repo, self.path = config, repo, path
        self.found = found
        self.used: set[tuple[int, str]] = set()
        self.bad: set[tuple[int, str]] = set()

    def keep(self, finding: Finding, line: int) -> bool:
        rule = self.config.rule(finding.rule)
        for s in self.found:
            if s.line == line and finding.rule in s.rule_ids:
                if s.reason or (rule is not None and rule.allow_bare_suppressions):
                    self.used.add((s.line, finding.rule))
                    return False
                self.bad.add((s.line, finding.rule))
        return True

    def report(self, judged: Collection[str], unknown: bool = True) -> Iterator[Finding]:
        """Warnings for suppressions of rules in ``judged`` (or unknown rules) that did nothing."""
        for s in self.found:
            for rule_id in s.rule_ids:
                anchor = f"{s.text} {rule_id}"
                if (s.line, rule_id) in self.bad:
                    yield _warning(
                        BAD_SUPPRESSION,
                        self.repo,
                        self.path,
                        s.line,
                        s.col,
                        f"suppression of {rule_id} needs a reason: "
                        f"`# wsguard: ignore[{rule_id}] because <why>`",
                        anchor,
                    )
                elif self.config.rule(rule_id) is None:
                    if not unknown:
                        continue
                    yield _warning(
                        UNUSED_SUPPRESSION,
                        self.repo,
                        self.path,
                        s.line,
                        s.col,
                        f"suppression names unknown rule {rule_id!r}",
                        anchor,
                    )
                elif rule_id in judged and (s.line, rule_id) not in self.used:
                    yield _warning(
                        UNUSED_SUPPRESSION,
                        self.repo,
                        self.path,
                        s.line,
                        s.col,
                        f"suppression of {rule_id} suppresses nothing on this line",
                        anchor,
                    )


def _workspace_rule_ids(config: Config) -> set[str]:
    return {r.id for r in config.rules if KINDS[r.kind].check_workspace is not None}


def reads_siblings(config: Config, path: str) -> bool:
    """Might the findings in ``path`` depend on other files (a requirements file's ``-r``)?"""
    for rule in config.rules:
        kind = KINDS[rule.kind]
        if kind.reads_siblings and (kind.accepts is None or kind.accepts(path)):
            return True
    return False


def cache_context(
    config: Config,
    repo: str,
    path: str,
    all_paths: Collection[str] | None,
    digest: str,
    fast: bool = False,
) -> str | None:
    """What, besides its bytes, decides the per-file findings of ``path``: a key for
    the result cache, or None when they also depend on other files of the batch.

    ``digest`` is ``config.digest`` (computed once per scan by the caller); it
    leads the key so that rows of rules since edited can be recognised.
    ``fast`` (imports found without a full parse) keys apart: its results lack
    the syntax-error warnings a full parse gives.
    """
    if reads_siblings(config, path):
        return None
    module, package = (
        module_for_path(path, config.repo(repo).source_roots, all_paths)
        if (is_python(path))
        else (None, None)
    )
    parts = [source_digest(), digest, repo, path, module or "", package or ""]
    if fast:
        parts.append("fast")
    context = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogateescape"))
    return digest[:16] + context.hexdigest()[:48]


def preload(config: Config, fast: bool = False) -> None:
    """Load now what checking ``config``'s rules loads on first use: each rule's kind and
    (``fast``) the import reader, whose regexes compile as it loads. A process about to
    fork its workers calls it, so they inherit them instead of loading them each."""
    for rule in config.rules:
        KINDS[rule.kind]  # the lookup imports the kind's module
    if fast:
        import unicodedata  # noqa: F401 - the import reader's, for non-ASCII files

        from wsguard.rules import fastimports  # noqa: F401


def check_files(
    config: Config,
    repo: str,
    files: Iterable[FileInput],
    all_paths: Collection[str] | None = None,
    read_other: Callable[[str], bytes | None] | None = None,
    fast: bool = False,
) -> list[Finding]:
    """Per-file rules over ``files`` of ``repo``.

    ``all_paths`` (the repo's full file list, optional) lets relative imports
    resolve through ``__init__.py`` files; without it, through source roots.
    ``read_other`` reads a file of the repo outside ``files`` (a requirements
    file's ``-r`` include); without it, only the batch itself can be read.
    ``fast`` finds imports without a full parse where it can (full scans; see
    :mod:`wsguard.rules.fastimports`).
    """
    batch = list(files)
    contents = {f.path: f.data for f in batch}
    together = frozenset(contents)

    def read_sibling(path: str) -> bytes | None:
        data = contents.get(path)
        return data if data is not None or read_other is None else read_other(path)

    rules = [
        (r, KINDS[r.kind])
        for r in config.rules
        if KINDS[r.kind].check_file is not None and r.applies_to_repo(repo)
    ]
    workspace_ids = _workspace_rule_ids(config)
    roots = config.repo(repo).source_roots
    out: list[Finding] = []
    for item in batch:
        path, data = item.path, item.data
        applicable = [
            (r, k)
            for r, k in rules
            if (k.accepts is None or k.accepts(path)) and r.applies_to_path(path)
        ]
        if not applicable and MARKER not in data:
            continue
        module, package = (
            module_for_path(path, roots, all_paths) if is_python(path) else (None, None)
        )
        source = SourceFile(repo, path, data, module, package, read_sibling, together, fast)
        found: list[tuple[Finding, int]] = []
        notes: dict[str, Finding] = {}
        failed: list[str] = []
        problem: Unreadable | None = None
        for rule, kind in applicable:
            if kind.may_match is not None and not kind.may_match(rule, source):
                continue
            assert kind.check_file is not None
            try:
                hits = list(kind.check_file(rule, source))
                found.extend(_findings(rule, repo, path, hits))
                _notes(repo, path, hits, notes)
            except Unreadable as exc:
                problem = problem or exc
                failed.append(rule.id)
        if problem is not None:
            out.append(
                _warning(
                    UNREADABLE,
                    repo,
                    path,
                    problem.line,
                    problem.col,
                    f"skipped: {problem.reason} (not checked: {', '.join(failed)})",
                    "unreadable",
                )
            )
        out.extend(notes.values())
        try:
            suppressor = _Suppressor(config, repo, path, suppressions(source))
        except Unreadable:
            suppressor = _Suppressor(config, repo, path, [])
        out.extend(f for f, line in found if suppressor.keep(f, line))
        judged = (
            {r.id for r, _ in applicable if r.id not in failed}
            | {
                r.id
                for r in config.rules
                if r.id not in workspace_ids and not r.applies_to_repo(repo)
            }
            | {
                r.id
                for r in config.rules
                if r.id not in workspace_ids and not r.applies_to_path(path)
            }
        )
        out.extend(suppressor.report(judged))
    return out


def check_workspace(config: Config, repo: str, views: Mapping[str, RepoView]) -> list[Finding]:
    """Workspace-level rules as they concern ``repo``, with every repo's view available."""
    ctx = WorkspaceCtx(repo, views, config.repos)
    out: list[Finding] = []
    by_path: dict[str, list[tuple[Finding, int]]] = {}
    consulted: dict[str, set[str]] = {}
    notes: dict[str, Finding] = {}
    for rule in config.rules:
        kind = KINDS[rule.kind]
        if kind.check_workspace is None or not rule.applies_to_repo(repo):
            continue
        result = kind.check_workspace(rule, ctx)
        groups: dict[str, list[Hit]] = {}
        for hit in result.hits:
            groups.setdefault(hit.path, []).append(hit)
        for path, hits in groups.items():
            by_path.setdefault(path, []).extend(_findings(rule, repo, path, hits))
            _notes(repo, path, hits, notes)
        for path in result.consulted | set(groups):
            consulted.setdefault(path, set()).add(rule.id)
    out.extend(notes.values())
    view = views.get(repo)
    for path in sorted(set(by_path) | set(consulted)):
        data = view.read(path) if view is not None else None
        found = by_path.get(path, [])
        if data is None or MARKER not in data:
            out.extend(f for f, _ in found)
            continue
        try:
            suppressor = _Suppressor(config, repo, path, suppressions(SourceFile(repo, path, data)))
        except Unreadable:
            suppressor = _Suppressor(config, repo, path, [])
        out.extend(f for f, line in found if suppressor.keep(f, line))
        judged = consulted.get(path, set())
        # unknown rule ids and per-file rules are judged by check_files
        out.extend(suppressor.report(judged, unknown=False))
    return out
