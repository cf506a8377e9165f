"""The dependency graph of tasks: adding edges without cycles, and what is ready."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wsguard.clock import now
from wsguard.errors import ConflictError, NotFoundError
from wsguard.store import queries
from wsguard.store.models import TaskDependency
from wsguard.store.sql import serialise, session_executor
from wsguard.tracker.tasks import get_task, records, require_task
from wsguard.values import Record

GRAPH_LOCK = "task-dependencies"


def path_between(session: Session, start: str, goal: str) -> list[str] | None:
    """A chain ``start → … → goal`` following ``depends_on`` edges, or None.

    Breadth-first, one query per level, so the shortest cycle is the one shown.
    """
    parents: dict[str, str | None] = {start: None}
    frontier = [start]
    while frontier:
        rows = session.execute(
            select(TaskDependency.task_id, TaskDependency.depends_on).where(
                TaskDependency.task_id.in_(frontier)
            )
        ).all()
        nxt = []
        for task_id, dep in sorted(rows):
            if dep in parents:
                continue
            parents[dep] = task_id
            if dep == goal:
                chain = [dep]
                node: str | None = task_id
                while node is not None:
                    chain.append(node)
                    node = parents[node]
                return chain[::-1]
            nxt.append(dep)
        frontier = nxt
    return None


def add_dependency(session: Session, task_id: str, depends_on: str) -> Record:
    """``task_id`` waits for ``depends_on``; refuses self-loops and cycles (printing the cycle).

    Edits of the graph take turns: two opposite edges added at once would each pass
    the cycle check against a graph without the other, and store a cycle together.
    """
    serialise(session_executor(session), GRAPH_LOCK)
    task = require_task(session, task_id)
    require_task(session, depends_on)
    if task_id == depends_on:
        raise ConflictError(f"{task_id} cannot depend on itself")
    back = path_between(session, depends_on, task_id)
    if back is not None:
        cycle = " -> ".join([task_id, *back])
        raise ConflictError(f"refused: {task_id} -> {depends_on} would close a cycle: {cycle}")
    if session.get(TaskDependency, (task_id, depends_on)) is None:
        session.add(TaskDependency(task_id=task_id, depends_on=depends_on))
        task.updated_at = now()
        session.flush()
    return get_task(session, task_id)


def remove_dependency(session: Session, task_id: str, depends_on: str) -> Record:
    task = require_task(session, task_id)
    result = session.execute(
        delete(TaskDependency).where(
            TaskDependency.task_id == task_id, TaskDependency.depends_on == depends_on
        )
    )
    if getattr(result, "rowcount", 0) == 0:
        raise NotFoundError(f"{task_id} does not depend on {depends_on!r}")
    task.updated_at = now()
    session.flush()
    return get_task(session, task_id)


def ready_ids(session: Session, repo: str | None = None, limit: int | None = None) -> list[str]:
    """Ids of pending tasks with no unfinished dependency, by priority then age: the one
    ready query (``wsguard.store.queries.ready``), which the report runs too."""
    return [row[0] for row in queries.ready(session_executor(session), repo, limit)]


def ready_tasks(
    session: Session, repo: str | None = None, limit: int | None = None
) -> list[Record]:
    """Pending tasks whose dependencies are all completed, by priority then age."""
    return records(session, ready_ids(session, repo, limit))


def dependents(session: Session, task_id: str) -> list[str]:
    query = (
        select(TaskDependency.task_id)
        .where(TaskDependency.depends_on == task_id)
        .order_by(TaskDependency.task_id)
    )
    return list(session.scalars(query))
