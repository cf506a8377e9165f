"""The check, wsguard's main use case: scan a repository, record what was found,
decide what blocks.

Shared by ``wsguard check`` (one repository: staged, files, a range, all), the
git hooks (through :mod:`wsguard.entry`) and ``wsguard scan`` (every repository
of the workspace). Returns data; the commands print it.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import NamedTuple

from wsguard import git, spool
from wsguard.errors import ConfigError, UsageError
from wsguard.identity import current_user
from wsguard.rules.config import Config, load_config
from wsguard.rules.kinds import KINDS
from wsguard.scan import people, scan, scan_meta
from wsguard.store.fastpath import Peek, open_peek
from wsguard.store.sqlexec import sqlite_path
from wsguard.values import CheckResult, Finding, Reported, RuleInfo, Standing, Target
from wsguard.workspace import Options, find_rules_file, resolve_db_url


class Checked(NamedTuple):
    """One repository's result, plus the rule ids of the detections this run resolved."""

    result: CheckResult
    fixed_by_rule: Counter[str]


def load(opts: Options, start: Path | None = None) -> tuple[Config, Path]:
    """The workspace's rules and root, or a ConfigError saying where we looked."""
    rules_path = find_rules_file(opts, start)
    if rules_path is None:
        raise ConfigError(
            f"no rules.yaml found in {start or Path.cwd()} or any folder above it. "
            "Create one at the workspace root, or pass --rules FILE."
        )
    root = Path(opts.workspace).resolve() if opts.workspace else rules_path.parent
    return load_config(rules_path), root


def rule_infos(config: Config) -> tuple[RuleInfo, ...]:
    return tuple(r.info() for r in config.rules)


def with_placements(config: Config, db_url: str, peek: Peek | None) -> Config:
    """The rules plus the component placements recorded with ``wsguard placement set``.

    A database that does not exist yet has none; one that cannot be reached
    leaves the check to rules.yaml alone (recording then spools, and says so).
    """
    from wsguard.rules.components import placement_rule

    if peek is not None:
        extra = [placement_rule(*row) for row in peek.placements()]
    elif sqlite_path(db_url) is not None:
        return config  # no database file yet, or an older schema the recorder will upgrade
    else:
        from wsguard.errors import DatabaseError
        from wsguard.store.db import Database
        from wsguard.tracker.placements import placement_rules

        try:
            with Database(db_url) as db, db.session_scope() as session:
                extra = placement_rules(session)
        except DatabaseError:
            return config
    return config._replace(rules=config.rules + tuple(extra)) if extra else config


def check_repo(
    opts: Options,
    config: Config,
    root: Path,
    repo_root: Path,
    target: Target,
    *,
    record: bool = True,
    strict: bool = False,
    cache: bool = True,
) -> Checked:
    """Scan ``repo_root``, record the scan (or spool it), and decide what blocks.

    With ``cache``, files checked before are served from the database's result
    cache, and what this scan checked is added once the scan is recorded.
    """
    db_url = resolve_db_url(opts, root)
    peek = open_peek(db_url)
    results = None
    try:
        config = with_placements(config, db_url, peek)
        if cache:
            from wsguard.store.scancache import BlobCache

            # Reads through the hook's open connection; a file not created yet is empty.
            results = BlobCache(db_url, peek.connection if peek is not None else None)
        started = time.perf_counter()
        scanned = scan(config, root, repo_root, target, results)
        meta = scan_meta(target, repo_root, time.perf_counter() - started)
        known: dict[str, Standing] | None = None
        new: int | None = None
        fixed: int | None = None
        notes: tuple[str, ...] = ()
        fixed_by_rule: Counter[str] = Counter()
        workspace_rules = {r.id for r in config.rules if KINDS[r.kind].check_workspace}
        if not record:
            pass
        elif (
            peek is not None
            and not spool.has_pending(db_url)
            and peek.record_clean(scanned, workspace_rules, meta, lambda: current_user(repo_root))
        ):
            known, new, fixed = {}, 0, 0  # clean, nothing to resolve: recorded without the ORM
        else:
            from wsguard.store.recorder import record_or_spool

            meta.update(people(repo_root))
            outcome = record_or_spool(db_url, scanned, rule_infos(config), meta)
            known, notes = outcome.known, outcome.notes
            fixed_by_rule = outcome.fixed_by_rule or Counter()
            new, fixed = outcome.new, sum(fixed_by_rule.values())
            if not outcome.recorded:
                new = fixed = None
        if results is not None and known is not None:  # recorded: worth remembering
            results.save(config.digest if target.mode == "all" else None)
    finally:
        if results is not None:
            results.close()
        if peek is not None:
            peek.close()
    if target.mode not in ("range", "all"):
        new = fixed = None  # "+N new / −M fixed" is a CI summary, not a commit's
    reported = decide(scanned.findings, known, strict=strict)
    notes += _expired_waivers(reported, known or {})
    result = CheckResult(
        scanned.repo, reported, scanned.files_scanned, rule_infos(config), new, fixed, notes
    )
    return Checked(result, fixed_by_rule)


def _expired_waivers(reported: tuple[Reported, ...], known: dict[str, Standing]) -> tuple[str, ...]:
    today = date.today()
    notes = []
    for item in reported:
        standing = known.get(item.finding.fingerprint)
        expires = standing.waiver_expires if standing and standing.status == "waived" else None
        if expires and expires < today:
            f = item.finding
            notes.append(
                f"the waiver of {f.rule} at {f.path}:{f.line} expired on "
                f"{expires.isoformat()}: it blocks again"
            )
    return tuple(notes)


def decide(
    findings: Iterable[Finding],
    known: Mapping[str, Standing] | None,
    *,
    strict: bool = False,
    today: date | None = None,
) -> tuple[Reported, ...]:
    """Which findings block: errors (and warnings with ``strict``) not baselined or waived.

    ``known`` is the store's view of each fingerprint, or None when no store was
    consulted (``--no-record``, or the database could not be reached).
    """
    today = today or date.today()
    reported = []
    for finding in findings:
        severe = finding.severity == "error" or (strict and finding.severity == "warning")
        standing = None if known is None else known.get(finding.fingerprint)
        if known is None:
            status = "unrecorded"
        elif standing is None or standing.status == "resolved":
            status = "new"
        elif standing.status == "waived" and (
            standing.waiver_expires is None or standing.waiver_expires >= today
        ):
            status = "waived"
        elif standing.status == "baselined":
            status = "baselined"
        else:
            status = "open"  # recorded before, or a waiver that has expired
        blocking = severe and status not in ("waived", "baselined")
        reported.append(Reported(finding, blocking, status))
    reported.sort(key=lambda r: (r.finding.path, r.finding.line, r.finding.col, r.finding.rule))
    return tuple(reported)


def target_from(
    files: tuple[str, ...], all_files: bool, from_ref: str | None, to_ref: str | None
) -> Target:
    """What ``check`` looks at, from its arguments (and pre-commit's range variables)."""
    if from_ref is None and to_ref is None and not files and not all_files:
        # pre-commit sets these for pre-push and manual stages.
        from_ref = os.environ.get("PRE_COMMIT_FROM_REF") or None
        to_ref = os.environ.get("PRE_COMMIT_TO_REF") or None
    modes = sum([bool(files), all_files, bool(from_ref or to_ref)])
    if modes > 1:
        raise UsageError("give FILES, --all-files, or --from-ref/--to-ref: only one of them")
    if from_ref or to_ref:
        if not (from_ref and to_ref):
            raise UsageError("--from-ref and --to-ref go together")
        return Target("range", from_ref=from_ref, to_ref=to_ref)
    if all_files:
        return Target("all")
    if files:
        return Target("files", files=files)
    return Target("staged")


def _repo_relative(name: str, repo_root: Path) -> str:
    path = (Path.cwd() / name).resolve()
    try:
        return path.relative_to(repo_root).as_posix()
    except ValueError:
        raise UsageError(f"{name} is outside the repository {repo_root}") from None


def run_check(
    opts: Options,
    target: Target,
    *,
    fmt: str = "text",
    record: bool = True,
    strict: bool = False,
    cache: bool = True,
) -> tuple[str, int]:
    """Check the repository we are in; the rendered output and the exit code."""
    from wsguard.output import render

    repo_root = git.toplevel(Path.cwd())
    config, root = load(opts, repo_root)
    target = target._replace(files=tuple(_repo_relative(f, repo_root) for f in target.files))
    result = check_repo(
        opts, config, root, repo_root, target, record=record, strict=strict, cache=cache
    ).result
    color = fmt == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    return render(result, fmt, color=color), result.exit_code
