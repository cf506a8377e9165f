"""The guard's tools and resources: ``check``, ``report``, ``wsguard://rules``.

They run the check and report use cases (:mod:`wsguard.check`, :mod:`wsguard.report.build`)
exactly as ``wsguard check`` and ``wsguard report`` do.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field

from wsguard import git
from wsguard.check import check_repo, load
from wsguard.errors import UsageError
from wsguard.values import Target
from wsguard.workspace import Options, discover_repos, workspace_root


def _repo_root(opts: Options, repo: str) -> Path:
    """A folder (absolute, or relative to the server's folder or the workspace root) or a repo
    name of the workspace → the root of its git work tree."""
    given = Path(repo).expanduser()
    for candidate in (given, workspace_root(opts) / given):
        if candidate.is_dir():
            return git.toplevel(candidate.resolve())
    config, root = load(opts)
    repos = discover_repos(root, config.repos)
    if repo in repos:
        return repos[repo]
    known = ", ".join(sorted(repos)) or "none"
    raise UsageError(f"{repo!r} is neither a folder nor a repo of the workspace {root} ({known})")


def _relative(name: str, repo_root: Path) -> str:
    path = (repo_root / name).resolve()
    try:
        return path.relative_to(repo_root.resolve()).as_posix()
    except ValueError:
        raise UsageError(f"{name} is outside the repository {repo_root}") from None


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"since: {value!r} is not a date (YYYY-MM-DD)") from None


class GuardTools:
    def __init__(self, opts: Options) -> None:
        self.opts = opts

    def check(
        self,
        repo: Annotated[
            str,
            Field(description="The repository: a folder path, or a repo name of the workspace."),
        ],
        all_files: Annotated[
            bool, Field(description="Check every tracked file instead of the staged changes.")
        ] = False,
        files: Annotated[
            tuple[str, ...],
            Field(description="Check these files (relative to the repo) as they are on disk."),
        ] = (),
        strict: Annotated[bool, Field(description="Warnings block too.")] = False,
        record: Annotated[
            bool,
            Field(description="Record the detections in the database, as a commit's check does."),
        ] = False,
    ) -> dict[str, Any]:
        """Run the architecture guard on a repository: its staged changes by default (what
        `git commit` would check), or the files given, or all files. Use it to ask "may I
        put this code here?" before committing. Each finding has its rule, path, line,
        severity, message, the decision (ADR) it enforces, `fix` (how to comply) and
        whether it blocks; `summary.exit_code` is 1 when a commit would be refused."""
        from wsguard.output import json as json_output
        from wsguard.output.shared import ordered, remediation_of, rule_index

        if all_files and files:
            raise UsageError("give files or all_files, not both")
        repo_root = _repo_root(self.opts, repo)
        config, root = load(self.opts, repo_root)
        if all_files:
            target = Target("all")
        elif files:
            target = Target("files", files=tuple(_relative(f, repo_root) for f in files))
        else:
            target = Target("staged")
        result = check_repo(
            self.opts, config, root, repo_root, target, record=record, strict=strict
        ).result
        data = json_output.data(result)
        rules = rule_index(result)
        for finding, reported in zip(data["findings"], ordered(result), strict=True):
            finding["fix"] = remediation_of(reported.finding, rules)
            finding["status"] = reported.status
        return data

    def report(
        self,
        format: Annotated[
            Literal["json", "markdown"], Field(description="json (data) or markdown (text).")
        ] = "json",
        since: Annotated[
            str | None,
            Field(description="Start of the period for new and fixed drift (default: 7 days ago)."),
        ] = None,
        repo: Annotated[
            str | None, Field(description="Only this repo's detections, tasks and issues.")
        ] = None,
    ) -> dict[str, Any]:
        """The workspace report: open drift by rule and repo, decisions and whether they are
        kept, open issues, tasks, recent sessions."""
        from wsguard.report.build import build_report, render

        data = build_report(self.opts, since=_since(since), repo=repo)
        if format == "markdown":
            return {"format": "markdown", "text": render(data, "markdown")}
        report: dict[str, Any] = data.to_json()
        return report

    def rules(self) -> dict[str, Any]:
        """The workspace's rules: what each forbids where, the decision it enforces, the fix."""
        config, _root = load(self.opts)
        rules = []
        for rule in config.rules:
            entry = rule.normalised()
            entry["blocking"] = rule.blocking
            rules.append(entry)
        return {"rules": rules, "digest": config.digest, "path": str(config.path)}
