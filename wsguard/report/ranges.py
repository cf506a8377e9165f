"""Counts of index ranges, per repo: the shape of the report's time-based drift aggregates.

A b-tree keeps no counts, so counting detections always steps through them; what
differs is the price of a step. Stepping through one index range (a status, a repo,
a timestamp between two bounds) is cheap. Grouping by an expression of a timestamp
(its day, its week) is not: SQLite copies every row into a temporary b-tree and
sorts it before it can count. So the report asks for one range count per repo and
cell (a week of the trend, the period), as correlated scalar subqueries over the
repos of the table: the rows the database returns are the cells, and no detection
is sorted or passed to Python. The indexes ``(status, repo, first_seen, resolved_at)``
and ``(status, repo, resolved_at, first_seen)`` cover every such count.

A count that must also filter on the other timestamp does so inside ``count(CASE
…)``, not in its WHERE clause: a second pair of timestamp bounds there would look
as selective as the range itself and could lure the planner to the other index.
"""

from __future__ import annotations

from wsguard.store.sql import Params

# ``repos(name)``: every repo with detections, found with one index seek per repo
# (a loose index scan on ``(repo, status)``), not by reading the detections; the
# recursion ends on a NULL row, which the queries skip.
_ALL_REPOS = """
WITH RECURSIVE repos(name) AS (
    SELECT min(repo) FROM drift_detections
    UNION ALL
    SELECT (SELECT min(d.repo) FROM drift_detections d WHERE d.repo > repos.name)
    FROM repos WHERE repos.name IS NOT NULL
)"""
_ONE_REPO = """
WITH RECURSIVE repos(name) AS (SELECT CAST(:repo AS VARCHAR(200)))"""


def with_repos(repo: str | None) -> tuple[str, Params]:
    """The ``WITH`` clause defining ``repos(name)``: just ``repo``, or every repo."""
    if repo is None:
        return _ALL_REPOS, {}
    return _ONE_REPO, {"repo": repo}
