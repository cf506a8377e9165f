"""Queries that more than one layer asks, written once as plain SQL with ``:name``
parameters: the tracker runs them in its ORM session, the report and the hook
through :mod:`wsguard.store.sql`. Only constants go into their text.
"""

from __future__ import annotations

from wsguard.store.lite import PLACEMENTS
from wsguard.store.sql import Executor
from wsguard.vocabulary import LEVELS

_RANK = " ".join(f"WHEN '{level}' THEN {i}" for i, level in enumerate(LEVELS))
_READY = f"""
SELECT id, title, priority, assigned_to FROM tasks
WHERE status = 'pending'
  AND NOT EXISTS (
    SELECT 1 FROM task_dependencies d JOIN tasks w ON w.id = d.depends_on
    WHERE d.task_id = tasks.id AND w.status != 'completed'){{repo}}
ORDER BY CASE priority {_RANK} ELSE {len(LEVELS)} END, created_at, id{{limit}}"""
_IN_REPO = """
  AND EXISTS (SELECT 1 FROM task_repos r WHERE r.task_id = tasks.id AND r.repo = :repo)"""


ReadyRow = tuple[str, str, str, str | None]
PlacementRow = tuple[str, str, str | None, str | None]


def ready(ex: Executor, repo: str | None = None, limit: int | None = None) -> list[ReadyRow]:
    """Pending tasks none of whose dependencies is unfinished, by priority, then age:
    (id, title, priority, assigned_to)."""
    sql = _READY.format(
        repo=_IN_REPO if repo is not None else "",
        limit="\nLIMIT :limit" if limit is not None else "",
    )
    params = {"repo": repo, "limit": limit}
    rows = ex.execute(sql, {k: v for k, v in params.items() if v is not None})
    return [(str(i), str(t), str(p), a) for i, t, p, a in rows]


def placements(ex: Executor) -> list[PlacementRow]:
    """Every recorded component placement: (component, repo, path pattern, decision)."""
    return [(str(c), str(r), p, d) for c, r, p, d in ex.execute(PLACEMENTS)]


STATES = """
SELECT component, current_repo, target_repo FROM architecture_states
ORDER BY component"""

StateRow = tuple[str, str | None, str | None]


def states(ex: Executor) -> list[StateRow]:
    """Every recorded architecture state: (component, current repo, target repo)."""
    return [(str(c), cur, tgt) for c, cur, tgt in ex.execute(STATES)]
