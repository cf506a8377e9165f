"""What each repo's committed code uses of the others (``models.drift.RepoDependency``).

A full scan of a repo replaces everything its previous full scan recorded, in
the scan's own transaction; the report's architecture map reads the rows back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from wsguard.store.lite import DELETE_USES, INSERT_USE, use_rows
from wsguard.store.sql import Executor

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
    rows = use_rows(repo, uses, stamp, commit)
    if rows:
        ex.executemany(INSERT_USE, rows)


def read_uses(ex: Executor) -> list[tuple[str, str, str, int, int]]:
    """Every recorded use: (repo, target, kind, total, files)."""
    return [(str(r), str(t), str(k), int(n), int(f)) for r, t, k, n, f in ex.execute(USES)]
