"""The check, wsguard's main use case: scan a repository, record what was found,
decide what blocks.

Shared by ``wsguard check`` (one repository: staged, files, a range, all), the
git hooks (through :mod:`wsguard.entry`) and ``wsguard scan`` (every repository
of the workspace). Returns data; the commands print it.
"""

from __future__ import annotations

import fnmatch
import os
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import NamedTuple

from wsguard import git, spool
from wsguard.errors import ConfigError, UsageError
from wsguard.identity import current_user
from wsguard.rules.config import Config, load_config
from wsguard.rules.kinds import KINDS
from wsguard.scan import people, scan, scan_meta, untracked
from wsguard.store.fastpath import Peek, open_peek
from wsguard.store.queries import PlacementRow
from wsguard.store.sql import sqlite_path
from wsguard.values import CheckResult, Finding, RuleInfo, Scan, Standing, Target
from wsguard.verdict import decide, expired_waivers
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
        from wsguard.store import queries
        from wsguard.store.sql import open_store

        try:
            store = open_store(db_url)
            try:
                with store.transaction() as ex:
                    extra = [placement_rule(*row) for row in queries.placements(ex)]
            finally:
                store.close()
        except DatabaseError:
            return config
    return config._replace(rules=config.rules + tuple(extra)) if extra else config


def _placed(db_url: str, peek: Peek | None) -> list[PlacementRow] | None:
    """The placements of a SQLite database (none in one not created yet): what a memo of
    a full scan is keyed with; None elsewhere (PostgreSQL, an older schema)."""
    if peek is not None:
        return peek.placements()
    path = sqlite_path(db_url)
    return [] if path is not None and not path.exists() else None


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
    memo = None  # what names this full scan's memo, when it is worth one (wsguard.warm)
    try:
        placed = _placed(db_url, peek) if target.mode == "all" and cache else None
        if placed is not None:
            from wsguard import warm  # full scans only: a commit's check never loads it

            # rules.yaml's digest, the placements apart; the layout before the scan reads it
            memo = (config.digest, placed, warm.layout(str(root), config.repos))
        config = with_placements(config, db_url, peek)
        if cache:
            from wsguard.store.scancache import BlobCache

            # Reads through the hook's open connection; a file not created yet is empty.
            results = BlobCache(db_url, peek.connection if peek is not None else None)
        started = time.perf_counter()
        scanned = scan(config, root, repo_root, target, results)
        meta = scan_meta(target, repo_root, time.perf_counter() - started)
        if scanned.uses is not None:
            meta["uses"] = [u._asdict() for u in scanned.uses]
        known: dict[str, Standing] | None = None
        new: int | None = None
        fixed: int | None = None
        notes: tuple[str, ...] = ()
        fixed_by_rule: Counter[str] = Counter()
        ids: dict[str, int] = {}
        workspace_rules = {r.id for r in config.rules if KINDS[r.kind].check_workspace}
        if not record:
            # "Don't write", not "don't read": what is baselined or waived still applies.
            known, read_notes = read_standings(
                db_url, peek, [f.fingerprint for f in scanned.findings]
            )
            notes += read_notes
        elif (
            peek is not None
            and not spool.has_pending(db_url)
            and "uses" not in meta  # a full scan also records its uses of other repos
            and peek.record_clean(scanned, workspace_rules, meta, lambda: current_user(repo_root))
        ):
            known, new, fixed = {}, 0, 0  # clean, nothing to resolve: recorded without the ORM
        else:
            from wsguard.store.recorder import record_or_spool

            meta.update(people(repo_root))
            meta["attempt"] = target.mode == "staged"  # a commit, not yet in history

            def blocks(standings: Mapping[str, Standing]) -> bool:
                concerning = _concerning(scanned, workspace_rules)
                return any(r.blocking for r in decide(concerning, standings, strict=strict))

            outcome = record_or_spool(db_url, scanned, rule_infos(config), meta, blocks)
            known, notes, ids = outcome.known, outcome.notes, outcome.ids or {}
            fixed_by_rule = outcome.fixed_by_rule or Counter()
            new, fixed = outcome.new, sum(fixed_by_rule.values())
            if not outcome.recorded:
                new = fixed = None
        if results is not None and record and known is not None:  # recorded: worth keeping
            results.save(config.digest if target.mode == "all" else None)
        if memo is not None:
            from wsguard.warm import remember

            remember(*memo, scanned, rule_infos(config))
    finally:
        if results is not None:
            results.close()
        if peek is not None:
            peek.close()
    if target.mode not in ("range", "all"):
        new = fixed = None  # "+N new / −M fixed" is a CI summary, not a commit's
    reported = decide(_concerning(scanned, workspace_rules), known, strict=strict)
    if ids:
        reported = tuple(r._replace(detection_id=ids.get(r.finding.fingerprint)) for r in reported)
    notes += expired_waivers(reported, known or {})
    if target.mode == "files" and scanned.scope is not None:
        notes += tuple(
            f"{name} is not tracked by git: not checked (git add it first)"
            for name in untracked(target.files, scanned.scope)
        )
    result = CheckResult(
        scanned.repo,
        reported,
        scanned.files_scanned,
        rule_infos(config),
        new,
        fixed,
        notes,
        target,
    )
    return Checked(result, fixed_by_rule)


def read_standings(
    db_url: str, peek: Peek | None, fingerprints: list[str]
) -> tuple[dict[str, Standing] | None, tuple[str, ...]]:
    """The store's view of ``fingerprints``, read without writing anything (``--no-record``).

    None, and a note saying so, when the database cannot be read: then baselines
    and waivers cannot apply, and every error-level finding blocks.
    """
    if not fingerprints:
        return {}, ()
    from wsguard.errors import DatabaseError
    from wsguard.store.detections import stored

    path = sqlite_path(db_url)
    unapplied = "baselines and waivers not applied"
    try:
        if peek is not None:
            from wsguard.store.sql import SqliteExecutor

            rows = stored(SqliteExecutor(peek.connection), fingerprints)
        elif path is not None and not path.exists():
            return None, (f"no database at {path}: {unapplied} (set WSGUARD_DB or --db)",)
        else:
            from wsguard.store.db import Database
            from wsguard.store.sql import AlchemyStore

            store = AlchemyStore(Database(db_url, upgrade=False))
            try:
                with store.transaction() as ex:
                    rows = stored(ex, fingerprints)
            finally:
                store.close()
    except DatabaseError as exc:
        return None, (f"{exc.message}: {unapplied}",)
    except sqlite3.Error as exc:
        return None, (f"database {path}: {exc}: {unapplied}",)
    return {fp: Standing(row.status, row.waiver_expires) for fp, row in rows.items()}, ()


def _concerning(scanned: Scan, workspace_rules: Collection[str]) -> list[Finding]:
    """The findings a partial check answers for: all of its files' own, and of the
    workspace-level ones (a pin, a required or synced file) only those on a path it
    touched. Drift elsewhere in the workspace is recorded, and reported by full checks
    (``scan``, ``--all-files``, the report), never by an unrelated commit or push.
    """
    if scanned.scope is None:
        return scanned.findings
    scope = scanned.scope
    return [
        f
        for f in scanned.findings
        if f.rule not in workspace_rules
        or f.path in scope
        or any(fnmatch.fnmatchcase(path, f.path) for path in scope)  # required README*
    ]


def target_from(
    files: tuple[str, ...], all_files: bool, from_ref: str | None, to_ref: str | None
) -> Target:
    """What ``check`` looks at, from its arguments (and pre-commit's range variables).

    FILES with a range narrow the range to them: the pre-commit framework passes
    the files a push (or ``run --from-ref/--to-ref``) changes, and sets the refs in
    ``PRE_COMMIT_FROM_REF``/``PRE_COMMIT_TO_REF``; their content is read at the
    to-ref, which is what is pushed. The range's deletions are always checked: the
    framework never passes a deleted file, and deleting a required one is drift.
    """
    if from_ref is None and to_ref is None and not all_files:
        # pre-commit sets these for pre-push and manual stages.
        from_ref = os.environ.get("PRE_COMMIT_FROM_REF") or None
        to_ref = os.environ.get("PRE_COMMIT_TO_REF") or None
    if all_files and (files or from_ref or to_ref):
        raise UsageError("give --all-files alone: it checks every tracked file")
    if from_ref or to_ref:
        if not (from_ref and to_ref):
            raise UsageError("--from-ref and --to-ref go together")
        return Target("range", files=files, from_ref=from_ref, to_ref=to_ref)
    if all_files:
        return Target("all")
    if files and os.environ.get("GIT_INDEX_FILE"):
        # git sets it for the commit hooks only: these are the staged files (the
        # framework's list at `git commit`). Check the staged change itself, which
        # also holds the deletions the framework leaves out.
        return Target("staged", files=files)
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
