"""The plain values that flow between wsguard's layers (rules → check → output/store)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from wsguard.digest import sha256

SEVERITIES = ("error", "warning", "info")
SCHEMA_VERSION = 1


def fingerprint(rule: str, repo: str, path: str, anchor: str) -> str:
    """A detection's identity that survives unrelated lines moving.

    ``anchor`` is the matched statement or symbol, normalised by the checker
    (e.g. ``import pandas`` or ``class TradingEngine``), never a line number.
    A repeated anchor in one file gets ``#2``, ``#3``… appended by the caller.
    """
    raw = "\x1f".join((rule, repo, path, " ".join(anchor.split())))
    return sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:32]


class Finding(NamedTuple):
    """One violation of one rule at one place."""

    rule: str
    repo: str
    path: str
    line: int
    col: int
    severity: str
    message: str
    fingerprint: str
    decision: str | None = None
    remediation: str | None = None
    issue_type: str | None = None

    def to_json(self, blocking: bool) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "repo": self.repo,
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
            "decision": self.decision,
            "fingerprint": self.fingerprint,
            "blocking": blocking,
        }


def envelope(data: Any) -> dict[str, Any]:
    """The schema-versioned wrapper every ``--json`` output uses."""
    return {"schema_version": SCHEMA_VERSION, "data": data}


class RuleInfo(NamedTuple):
    """What outputs need to know of a rule (SARIF descriptors, text remediation)."""

    id: str
    kind: str
    severity: str
    message: str
    decision: str | None = None
    remediation: str | None = None
    issue_type: str | None = None
    # Judged over the whole workspace on every run (not per file): its recorded
    # detections are re-examined by every scan of a repo, whatever files changed.
    workspace: bool = False


class Reported(NamedTuple):
    """A finding as a check reports it: does it block, and why (not)."""

    finding: Finding
    blocking: bool
    # new | open (already recorded) | baselined | waived | unrecorded
    status: str = "unrecorded"
    # Its id in the database once recorded: what ``wsguard waive`` takes.
    detection_id: int | None = None


class Target(NamedTuple):
    """What to check: the staged changes, named files, a commit range, or everything."""

    mode: str = "staged"  # staged | files | range | all
    files: tuple[str, ...] = ()
    from_ref: str | None = None
    to_ref: str | None = None


class CheckResult(NamedTuple):
    """Everything one ``wsguard check`` run produced; outputs render it, never recompute it."""

    repo: str
    reported: tuple[Reported, ...]
    files_scanned: int
    rules: tuple[RuleInfo, ...] = ()
    new: int | None = None  # against the database; None when nothing was recorded
    fixed: int | None = None
    notes: tuple[str, ...] = ()  # one-line warnings, e.g. "database unreachable: spooled"
    target: Target = Target()  # what was checked: the verdict says so

    @property
    def blocking(self) -> bool:
        return any(r.blocking for r in self.reported)

    @property
    def exit_code(self) -> int:
        return 1 if self.blocking else 0


class RepoUse(NamedTuple):
    """What one repo's committed code uses of another repo of the workspace."""

    target: str
    kind: str  # "import": imports of its packages; "declared": a manifest dependency on it
    total: int  # import statements, or declarations
    files: int  # files holding them


class Scan(NamedTuple):
    """What one check found, and the scope it covered (for resolving what is gone)."""

    repo: str
    findings: list[Finding]
    files_scanned: int
    # Paths whose recorded detections are superseded by this scan: the checked
    # files, deleted files and rename sources. None means the whole repository.
    scope: tuple[str, ...] | None
    ref: str | None
    # A full scan's use of the other repos of the workspace (None: not counted).
    uses: tuple[RepoUse, ...] | None = None
    # A full scan's input: the digest of the index listing it read (None: not a full scan),
    # and the files of other repositories it read, each with its size and mtime (None: a
    # file that was not there); None when that cannot be told.
    listing: str | None = None
    outside: Mapping[str, tuple[int, int] | None] | None = None


class Standing(NamedTuple):
    """What the store knows of one fingerprint before this run."""

    status: str  # open | baselined | waived | resolved
    waiver_expires: date | None = None


# One tracker record as export writes it and every tracker function returns it.
Record = dict[str, Any]
