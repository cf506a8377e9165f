"""wsguard.tracker.graph: dependency edges without cycles, and which tasks are ready."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from wsguard.errors import ConflictError, NotFoundError
from wsguard.store.models import Task
from wsguard.tracker import graph, tasks

T0 = datetime(2025, 3, 1, 9, 0)


def _add(session: Session, *ids: str) -> None:
    for task_id in ids:
        tasks.add_task(session, task_id, task_id=task_id)


def test_add_and_remove_a_dependency(session: Session) -> None:
    _add(session, "A", "B")
    assert graph.add_dependency(session, "B", "A")["dependencies"] == ["A"]
    # Adding the same edge again changes nothing.
    assert graph.add_dependency(session, "B", "A")["dependencies"] == ["A"]
    assert graph.dependents(session, "A") == ["B"]
    assert graph.remove_dependency(session, "B", "A")["dependencies"] == []
    assert graph.dependents(session, "A") == []
    with pytest.raises(NotFoundError, match="B does not depend on 'A'"):
        graph.remove_dependency(session, "B", "A")


def test_unknown_tasks_are_refused(session: Session) -> None:
    _add(session, "A")
    with pytest.raises(NotFoundError, match="no task 'X'"):
        graph.add_dependency(session, "X", "A")
    with pytest.raises(NotFoundError, match="no task 'X'"):
        graph.add_dependency(session, "A", "X")
    with pytest.raises(NotFoundError, match="no task 'X'"):
        graph.remove_dependency(session, "X", "A")


def test_a_self_loop_is_refused(session: Session) -> None:
    _add(session, "A")
    with pytest.raises(ConflictError, match="A cannot depend on itself"):
        graph.add_dependency(session, "A", "A")


def test_a_cycle_is_refused_with_its_path(session: Session) -> None:
    _add(session, "A", "B", "C", "D")
    graph.add_dependency(session, "B", "A")
    graph.add_dependency(session, "C", "B")
    graph.add_dependency(session, "D", "C")
    with pytest.raises(ConflictError) as refused:
        graph.add_dependency(session, "A", "D")
    assert refused.value.message == ("refused: A -> D would close a cycle: A -> D -> C -> B -> A")
    assert tasks.get_task(session, "A")["dependencies"] == []


def test_path_between_finds_the_shortest_chain(session: Session) -> None:
    _add(session, "A", "B", "C", "D")
    graph.add_dependency(session, "D", "C")
    graph.add_dependency(session, "C", "B")
    graph.add_dependency(session, "B", "A")
    graph.add_dependency(session, "D", "A")  # a shortcut
    assert graph.path_between(session, "D", "A") == ["D", "A"]
    assert graph.path_between(session, "C", "A") == ["C", "B", "A"]
    assert graph.path_between(session, "A", "D") is None


def _task(session: Session, task_id: str, priority: str, age_days: int, **kw: object) -> None:
    tasks.add_task(session, task_id, task_id=task_id, priority=priority, **kw)  # type: ignore[arg-type]
    row = session.get(Task, task_id)
    assert row is not None
    row.created_at = T0 - timedelta(days=age_days)
    session.flush()


def test_ready_orders_by_priority_then_age(session: Session) -> None:
    _task(session, "low-old", "LOW", 9)
    _task(session, "med-new", "MEDIUM", 1)
    _task(session, "high-new", "HIGH", 1)
    _task(session, "med-old", "MEDIUM", 5)
    _task(session, "critical", "CRITICAL", 0)
    _task(session, "high-old", "HIGH", 3)
    assert graph.ready_ids(session) == [
        "critical", "high-old", "high-new", "med-old", "med-new", "low-old"
    ]  # fmt: skip
    assert [t["id"] for t in graph.ready_tasks(session, limit=2)] == ["critical", "high-old"]


def test_ready_skips_waiting_and_unpending_tasks(session: Session) -> None:
    _task(session, "dep", "LOW", 3)
    _task(session, "waiting", "HIGH", 2, depends_on=["dep"])
    _task(session, "started", "HIGH", 2, status="in_progress")
    _task(session, "blocked", "HIGH", 2, status="blocked")
    _task(session, "done", "HIGH", 2, status="completed")
    _task(session, "after-done", "MEDIUM", 1, depends_on=["done"])
    assert graph.ready_ids(session) == ["after-done", "dep"]
    tasks.transition(session, "dep", "done")
    assert graph.ready_ids(session) == ["waiting", "after-done"]


def test_ready_filters_by_repo(session: Session) -> None:
    _task(session, "core", "LOW", 1, repos=["meridian-core"])
    _task(session, "both", "HIGH", 1, repos=["meridian-core", "meridian-trading"])
    _task(session, "trading", "HIGH", 2, repos=["meridian-trading"])
    _task(session, "nowhere", "HIGH", 3)
    assert graph.ready_ids(session, repo="meridian-core") == ["both", "core"]
    assert graph.ready_ids(session, repo="meridian-trading", limit=1) == ["trading"]
    assert graph.ready_ids(session, repo="other") == []
    records = graph.ready_tasks(session, repo="meridian-core")
    assert [(r["id"], r["priority"]) for r in records] == [("both", "HIGH"), ("core", "LOW")]
