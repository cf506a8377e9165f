"""Counts of index ranges, per repo: the shape of the report's time-based drift aggregates.

A b-tree keeps no counts, so counting detections always steps through them; what
differs is the price of a step. Stepping through one index range (a status, a repo,
a timestamp between two bounds) is cheap. Grouping by an expression of a timestamp
(its day, its week) is not: SQLite copies every row into a temporary b-tree and
sorts it before it can count. So the report asks for one range count per repo and
cell (a week of the trend, the period), as correlated scalar subqueries over the
repos of the table: the rows SQLite returns are the cells, and no detection is
sorted or passed to Python. The indexes ``(status, repo, first_seen, resolved_at)``
and ``(status, repo, resolved_at, first_seen)`` cover every such count.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CTE, ColumnElement, String, case, func, literal, select

from wsguard.store.models_guard import DriftDetection

T = DriftDetection.__table__


def repo_names(repo: str | None) -> CTE:
    """A ``repos(name)`` CTE: just ``repo``, or every repo with detections.

    Every repo is found with one index seek per repo (a loose index scan on
    ``(repo, status)``), not by reading the detections; the last row is NULL.
    """
    if repo is not None:
        return select(literal(repo, String).label("name")).cte("repos")
    repos = select(func.min(T.c.repo).label("name")).cte("repos", recursive=True)
    following = select(func.min(T.c.repo)).where(T.c.repo > repos.c.name).scalar_subquery()
    return repos.union_all(select(following).where(repos.c.name.is_not(None)))


def count_where(*conditions: ColumnElement[bool], only: ColumnElement[bool] | None = None) -> Any:
    """``(SELECT count(*) FROM drift_detections WHERE …)``, correlated to the outer query.

    ``conditions`` pick the index range; ``only`` filters the rows of that range. It
    stays out of the WHERE clause so that it cannot lure the planner to another index:
    a second pair of timestamp bounds there would look as selective as the range.
    """
    counted = func.count() if only is None else func.count(case((only, 1)))
    return select(counted).select_from(T).where(*conditions).scalar_subquery()
