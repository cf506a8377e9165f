"""The guard's use case: scan a repository, record what was found, decide what blocks.

Shared by ``wsguard check`` (one repository: staged, files, a range, all) and
``wsguard scan`` (every repository of the workspace). Returns data; the
commands print it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import NamedTuple

from wsguard import check as checking
from wsguard.errors import ConfigError
from wsguard.model import CheckResult, Reported, RuleInfo
from wsguard.rules.config import Config, load_config
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
    return tuple(
        RuleInfo(r.id, r.kind, r.severity, r.message, r.decision, r.remediation, r.issue_type)
        for r in config.rules
    )


def with_placements(config: Config, db_url: str) -> Config:
    """The rules plus the component placements recorded with ``wsguard placement set``.

    A database that does not exist yet has none; one that cannot be reached
    leaves the check to rules.yaml alone (recording then spools, and says so).
    """
    if db_url.startswith("sqlite:///") and not Path(db_url[len("sqlite:///") :]).exists():
        return config
    from wsguard.errors import DatabaseError
    from wsguard.store.db import Database
    from wsguard.tracker.placements import placement_rules

    try:
        with Database(db_url) as db, db.session_scope() as session:
            extra = placement_rules(session)
    except DatabaseError:
        return config
    return replace(config, rules=config.rules + tuple(extra)) if extra else config


def guard(
    opts: Options,
    config: Config,
    root: Path,
    repo_root: Path,
    target: checking.Target,
    *,
    record: bool = True,
    strict: bool = False,
) -> Checked:
    """Scan ``repo_root``, record the scan (or spool it), and decide what blocks."""
    db_url = resolve_db_url(opts, root)
    config = with_placements(config, db_url)
    scan = checking.scan(config, root, repo_root, target)
    known: dict[str, checking.Standing] | None = None
    new: int | None = None
    fixed: int | None = None
    notes: tuple[str, ...] = ()
    fixed_by_rule: Counter[str] = Counter()
    if record:
        from wsguard.store.record import record_or_spool

        outcome = record_or_spool(db_url, scan, config, target, repo_root)
        known, notes = outcome.known, outcome.notes
        fixed_by_rule = outcome.fixed_by_rule or Counter()
        if outcome.recorded and target.mode in ("range", "all"):
            new, fixed = outcome.new, sum(fixed_by_rule.values())
    reported = checking.decide(scan.findings, known, strict=strict)
    notes += _expired_waivers(reported, known or {})
    result = CheckResult(
        scan.repo, reported, scan.files_scanned, rule_infos(config), new, fixed, notes
    )
    return Checked(result, fixed_by_rule)


def _expired_waivers(
    reported: tuple[Reported, ...], known: dict[str, checking.Standing]
) -> tuple[str, ...]:
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
