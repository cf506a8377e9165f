"""What each repo's committed code uses of the others (``models.drift.RepoDependency``).

A full scan of a repo replaces everything its previous full scan recorded, in
the scan's own transaction; the report's architecture map reads the rows back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from wsguard.store.sql import Executor

DELETE_USES = "DELETE FROM repo_dependencies WHERE repo = :repo"
INSERT_USE = """
INSERT INTO repo_dependencies (repo, target, kind, total, files, "commit", recorded_at)
VALUES (:repo, :target, :kind, :total, :files, :commit, :stamp)"""
USES = """
SELECT repo, target, kind, total, files FROM repo_dependencies
ORDER BY repo, target, kind"""


def write_uses(
    ex: Executor,
    repo: str,
    uses: Iterable[Mapping[str, Any]],
    stamp: datetime,
    commit: str | None,
) -> None:
    """Replace ``repo``'s recorded uses by ``uses`` (dicts of ``values.RepoUse`` fields)."""
    ex.execute(DELETE_USES, {"repo": repo})
    rows = [
        {
            "repo": repo,
            "target": u["target"],
            "kind": u["kind"],
            "total": int(u["total"]),
            "files": int(u["files"]),
            "commit": commit,
            "stamp": stamp,
        }
        for u in uses
    ]
    if rows:
        ex.executemany(INSERT_USE, rows)


def read_uses(ex: Executor) -> list[tuple[str, str, str, int, int]]:
    """Every recorded use: (repo, target, kind, total, files)."""
    return [(str(r), str(t), str(k), int(n), int(f)) for r, t, k, n, f in ex.execute(USES)]
