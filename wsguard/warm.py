"""The warm full scan: ``wsguard check --all-files`` of a tree checked before, replayed.

A full scan's findings, and what the repository uses of the others, depend on
the index (every path, mode and blob id), the validated rules, the workspace's
repositories and their packages, the files of other repositories that
workspace-level rules read (a pinned version, a synced file's canonical copy),
and wsguard's own code. After each full scan the check keeps them in a memo
file of the user's cache (:func:`remember`), named after all of those but the
other repositories' files, whose sizes and modification times it records
instead. CI runs and developers scan the same tree over and over: the next
``check --all-files`` of that index finds its memo by one ``git ls-files`` and
a ``stat`` of each file it records, and loads no rules engine, parses or reads
no blob.

:func:`replay` then does what recording the scan would, and only when that
is all it would do: every finding is an unresolved detection of the repository
already, with the same place, text, rule and severity; no other detection of
the repository is unresolved (none would be resolved); each rule's cross-repo
issue is open and lists exactly the repositories it should; no work session is
open, no spooled scan is waiting, the database is a
current SQLite file. Then it touches the detections (last seen, commit, author),
records the scan run and the uses, and prints the verdict the full check would,
through the same decision (:mod:`wsguard.verdict`) and renderer. Otherwise it
returns None and the full check runs (and writes the memo again).

The memo's name also holds the recorded component placements (each adds a rule).
No memo is written when another repository's git index is not ``.git/index`` (a
linked work tree: its listing could change unseen). A replay loads wsguard's light modules
(those of the clean-commit gate), the values and the renderer; not click, the
rules engine, ``git.py`` (``subprocess``) or the recorder.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from datetime import date

from wsguard import places, plumbing
from wsguard.clock import utcnow
from wsguard.digest import sha256
from wsguard.footing import footing
from wsguard.rules import compiled
from wsguard.store import lite
from wsguard.values import CheckResult, Finding, RuleInfo, Scan, Standing, Target
from wsguard.version import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:  # the annotations only
    from collections.abc import Iterable, Mapping
    from typing import Any

MEMO_FORMAT = 2  # 2: the other repositories' files the scan read
_PACKAGE = os.path.dirname(os.path.realpath(__file__))

# The repository's detections a full scan re-examines, as replaying it needs them.
UNRESOLVED_ROWS = """
SELECT id, fingerprint, status, waiver_expires, rule_id, severity, decision,
    path, line, col, message
FROM drift_detections WHERE repo = ? AND status NOT IN ('resolved', 'blocked')
"""
# detections.TOUCH_DETECTION for every one of them, when each is found again unchanged.
TOUCH_REPO = """
UPDATE drift_detections SET last_seen = :stamp,
    "commit" = COALESCE(:commit, "commit"), author = COALESCE(:author, author)
WHERE repo = :repo AND status NOT IN ('resolved', 'blocked')
"""
ISSUE_REPOS = "SELECT repo FROM issue_repos WHERE issue_id = ?"


class Replayed:
    """A replayed scan's output and exit code, and the connection it recorded through
    (left open: see :func:`wsguard.entry.main`)."""

    def __init__(self, text: str, code: int, conn: sqlite3.Connection) -> None:
        self.text = text
        self.code = code
        self.connection = conn


def layout(root: str, configured: Mapping[str, Any]) -> list[tuple[str, str, tuple[str, ...]]]:
    """The workspace's repositories, their paths and packages: what uses are counted from."""
    repos = places.repo_packages(root, configured)
    return sorted((name, path, packages) for name, (path, packages) in repos.items())


def memo_key(
    rules_digest: str, placed: Iterable[Any], repo: str, repos: Iterable[Any], index: str
) -> str:
    """The name of the memo of a full scan of ``repo`` whose index listing has the digest
    ``index``, under the rules of ``rules_digest`` and the component placements
    ``placed`` (``lite.PLACEMENTS``' rows), in a workspace of ``repos`` (:func:`layout`),
    by this wsguard (its files' names, sizes and times)."""
    folders = (_PACKAGE, *compiled.RULES_FOLDERS)
    stamp = (MEMO_FORMAT, sys.version, __version__, compiled.package_stamp(folders))
    placements = [tuple(row) for row in placed]
    key = repr((stamp, rules_digest, placements, repo, list(repos), index))
    return sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:40]


def _memo_path(key: str) -> str:
    return os.path.join(places.cache_home(), "scans", f"{key}.json")


def remember(
    rules_digest: str,
    placed: Iterable[Any],
    repos: Iterable[Any],
    scanned: Scan,
    rules: Iterable[RuleInfo],
) -> None:
    """Keep a full scan's result for :func:`replay`; best effort (a read-only home).
    ``rules_digest`` is rules.yaml's, ``placed`` the placements that added rules to it."""
    from contextlib import suppress  # the full check's, not the replay's

    if scanned.listing is None or scanned.outside is None:
        return
    memo = {
        "outside": sorted(scanned.outside.items()),
        "files": scanned.files_scanned,
        "rules": [list(r) for r in rules],
        "findings": [list(f) for f in scanned.findings],
        "uses": None if scanned.uses is None else [u._asdict() for u in scanned.uses],
    }
    path = _memo_path(memo_key(rules_digest, placed, scanned.repo, repos, scanned.listing))
    with suppress(OSError, ValueError):
        places.keep_in_cache(path, json.dumps(memo, separators=(",", ":")).encode())


def _recall(key: str) -> dict[str, Any] | None:
    try:
        with open(_memo_path(key), "rb") as memo_file:
            memo = json.loads(memo_file.read())
        memo["rules"] = tuple(RuleInfo(*values) for values in memo["rules"])
        memo["findings"] = [Finding(*values) for values in memo["findings"]]
        # The other repositories' files the scan read must be as they were.
        if any(places.stamp(path) != (st and tuple(st)) for path, st in memo["outside"]):
            return None
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return memo if isinstance(memo.get("files"), int) else None


def _standings(
    rows: list[tuple[Any, ...]], findings: Iterable[Finding]
) -> dict[str, tuple[int, Standing]] | None:
    """Each finding's detection id and standing, when recording the findings again would
    only touch those detections; else None."""
    by_fp = {row[1]: row for row in rows}
    found = {f.fingerprint: f for f in findings}  # the recorder keeps the last of a repeat
    if len(found) != len(by_fp):
        return None  # some unresolved detection is gone: it would be resolved
    standings = {}
    for fp, f in found.items():
        row = by_fp.get(fp)
        as_found = (f.rule, f.severity, f.decision, f.path, f.line, f.col, f.message)
        if row is None or row[4:] != as_found:
            return None
        expires = date.fromisoformat(row[3]) if row[3] else None
        standings[fp] = (int(row[0]), Standing(row[2], expires))
    return standings


def _issues_in_sync(conn: sqlite3.Connection, rule_ids: Iterable[str]) -> bool:
    """Would ``detections.sync_issue`` leave each rule's issue as it is?"""
    for rule_id in rule_ids:
        key = {"rule_id": rule_id}
        issue = conn.execute(lite.RULE_ISSUE, key).fetchall()
        if len(issue) != 1 or issue[0][1] != "open":
            return False
        repos = [r for (r,) in conn.execute(lite.RULE_REPOS, key)]
        listed = [r for (r,) in conn.execute(ISSUE_REPOS, (issue[0][0],))]
        if sorted(listed) != sorted(repos):
            return False
        if conn.execute(lite.UNGROUPED, key).fetchone() is not None:
            return False
    return True


def _record(
    conn: sqlite3.Connection, repo: str, memo: Mapping[str, Any], meta: Mapping[str, Any]
) -> dict[str, tuple[int, Standing]] | None:
    """Record the replayed scan in the transaction the caller began, when that is all
    recording would do; else None (and the caller rolls back)."""
    findings: list[Finding] = memo["findings"]
    if conn.execute(lite.OPEN_SESSION).fetchone() is not None:
        return None  # the recorder links the detections to the session
    standings = _standings(conn.execute(UNRESOLVED_ROWS, (repo,)).fetchall(), findings)
    if standings is None or not _issues_in_sync(conn, sorted({f.rule for f in findings})):
        return None
    stamp = utcnow()
    common = {"stamp": stamp, "commit": meta["commit"], "author": meta["author"], "repo": repo}
    conn.execute(TOUCH_REPO, lite.sqlite_params(common))
    row = lite.scan_run_row(repo, meta, stamp, memo["files"], len(standings), None)
    conn.execute(lite.INSERT_SCAN_RUN, lite.sqlite_params(row))
    if memo["uses"] is not None:
        conn.execute(lite.DELETE_USES, {"repo": repo})
        uses = lite.use_rows(repo, memo["uses"], stamp, meta["commit"])
        conn.executemany(lite.INSERT_USE, lite.sqlite_rows(uses))
    return standings


def _git_text(root: str, *args: str) -> str | None:
    out = plumbing.output(root, *args)
    return None if out is None else out.decode("utf-8", "replace").strip() or None


def replay(fmt: str, *, strict: bool = False) -> Replayed | None:
    """``check --all-files --format fmt [--strict]`` from the memo of this very index,
    recorded; None when the full check must run. The module's docstring says when."""
    from wsguard.output import render
    from wsguard.verdict import decide, expired_waivers

    started = time.perf_counter()
    here = footing(None)  # the full scan run without click has no global options
    if here is None or "digest" not in here.raw:
        return None
    listing = plumbing.output(here.repo_root, *plumbing.INDEX_ARGS)
    if listing is None:
        return None
    repo_root, db_path, repo = here.repo_root, here.db_path, here.repo()
    conn = lite.connect_current(db_path)
    if conn is None:
        return None
    try:
        placed = conn.execute(lite.PLACEMENTS).fetchall()
    except sqlite3.Error:
        conn.close()
        return None
    index = plumbing.listing_digest(listing)
    repos = layout(here.root, here.raw["repos"])
    memo = _recall(memo_key(here.raw["digest"], placed, repo, repos, index))
    if memo is None:
        conn.close()
        return None
    meta = {
        "mode": "all",
        "ref": None,
        "commit": _git_text(repo_root, *plumbing.resolve_args("HEAD")),
        "author": plumbing.author(plumbing.output(repo_root, *plumbing.AUTHOR_ARGS) or b""),
        "duration_s": round(time.perf_counter() - started, 4),
    }
    try:
        conn.execute("BEGIN IMMEDIATE")
        same = conn.execute(lite.PLACEMENTS).fetchall() == placed  # none placed since
        standings = _record(conn, repo, memo, meta) if same else None
        if standings is None:
            conn.close()  # rolls back
            return None
        conn.execute("COMMIT")
        lite.fold_wal(conn, db_path)
    except sqlite3.Error:
        conn.close()  # rolls back; the full check records it (or spools it, and says so)
        return None
    known = {fp: standing for fp, (_id, standing) in standings.items()}
    reported = tuple(
        r._replace(detection_id=standings[r.finding.fingerprint][0])
        for r in decide(memo["findings"], known, strict=strict)
    )
    notes = expired_waivers(reported, known)
    result = CheckResult(repo, reported, memo["files"], memo["rules"], 0, 0, notes, Target("all"))
    color = fmt == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    return Replayed(render(result, fmt, color=color), result.exit_code, conn)
