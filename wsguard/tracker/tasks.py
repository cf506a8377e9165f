"""Tasks: adding, listing, updating, the status transitions and the atomic claim."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from wsguard.clock import now
from wsguard.errors import ConflictError, NotFoundError, UsageError
from wsguard.store.entities import TASKS
from wsguard.store.export import entity_records
from wsguard.store.models import Task, TaskDependency, TaskFile, TaskRepo
from wsguard.tracker.ids import insert_given, insert_new
from wsguard.values import Record
from wsguard.vocabulary import PRIORITIES, TASK_STATUSES, choice

PREFIX = "WS-TASK-"
# Which statuses each transition may start from.
TRANSITIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "start": ("in_progress", ("pending", "blocked")),
    "done": ("completed", ("pending", "in_progress", "blocked")),
    "block": ("blocked", ("pending", "in_progress")),
    "reopen": ("pending", ("completed", "blocked", "in_progress")),
}


def require_task(session: Session, task_id: str) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFoundError(f"no task {task_id!r} (see: wsguard task list --all)")
    return task


def get_task(session: Session, task_id: str) -> Record:
    require_task(session, task_id)
    return entity_records(session, TASKS, [task_id])[0]


def records(session: Session, ids: Sequence[str]) -> list[Record]:
    """Task records in the order of ``ids``."""
    by_id = {r["id"]: r for r in entity_records(session, TASKS, ids)}
    return [by_id[i] for i in ids]


def add_task(
    session: Session,
    title: str,
    *,
    task_id: str | None = None,
    priority: str = "MEDIUM",
    repos: Iterable[str] = (),
    depends_on: Iterable[str] = (),
    assign: str | None = None,
    notes: str | None = None,
    files: Iterable[str] = (),
    description: str | None = None,
    session_id: str | None = None,
    status: str = "pending",
) -> Record:
    """Add a task (pending unless told); its id is allocated (``WS-TASK-NNN``) unless given."""
    priority = choice("priority", priority, PRIORITIES)
    status = choice("status", status, TASK_STATUSES)
    if not title.strip():
        raise UsageError("a task needs a title")
    deps = sorted(set(depends_on))
    for dep in deps:
        require_task(session, dep)
    stamp = now()

    def build(key: str) -> Task:
        return Task(
            id=key,
            title=title,
            description=description,
            status=status,
            priority=priority,
            created_at=stamp,
            updated_at=stamp,
            session_created=session_id,
            assigned_to=assign,
            notes=notes,
            extra={},
        )

    if task_id is not None:
        key = insert_given(session, Task, task_id, build)
    else:
        key = insert_new(session, Task.id, PREFIX, 3, build)
    if key in deps:
        raise ConflictError(f"{key} cannot depend on itself")
    session.add_all([TaskRepo(task_id=key, repo=r) for r in sorted(set(repos))])
    session.add_all([TaskFile(task_id=key, path=p) for p in sorted(set(files))])
    session.add_all([TaskDependency(task_id=key, depends_on=d) for d in deps])
    session.flush()
    return get_task(session, key)


def list_tasks(
    session: Session,
    *,
    status: str | None = None,
    repo: str | None = None,
    priority: str | None = None,
    assignee: str | None = None,
    limit: int | None = None,
    open_only: bool = False,
) -> list[Record]:
    """Tasks matching every filter given, oldest first (indexed, no JSON parsing);
    ``open_only``: those not completed yet (the seeds' active tasks)."""
    query = select(Task.id).order_by(Task.created_at, Task.id)
    filtered = False
    if open_only:
        query, filtered = query.where(Task.status != "completed"), True
    if status is not None:
        query = query.where(Task.status == choice("status", status, TASK_STATUSES))
        filtered = True
    if priority is not None:
        query = query.where(Task.priority == choice("priority", priority, PRIORITIES))
        filtered = True
    if assignee is not None:
        query, filtered = query.where(Task.assigned_to == assignee), True
    if repo is not None:
        query = query.join(TaskRepo, TaskRepo.task_id == Task.id).where(TaskRepo.repo == repo)
        filtered = True
    if limit is not None:
        if limit < 0:
            raise UsageError(f"limit must not be negative, not {limit}")
        query, filtered = query.limit(limit), True
    ids = list(session.scalars(query))
    if not filtered:  # everything: load without a huge IN list
        by_id = {r["id"]: r for r in entity_records(session, TASKS)}
        return [by_id[i] for i in ids]
    return records(session, ids)


def update_task(
    session: Session,
    task_id: str,
    *,
    title: str | None = None,
    description: str | None = None,
    priority: str | None = None,
    status: str | None = None,
    assign: str | None = None,
    notes: str | None = None,
    add_repos: Iterable[str] = (),
    add_files: Iterable[str] = (),
) -> Record:
    task = require_task(session, task_id)
    if priority is not None:
        task.priority = choice("priority", priority, PRIORITIES)
    if status is not None:
        task.status = choice("status", status, TASK_STATUSES)
        if status != "blocked":
            task.blocked_reason = None
    for attr, value in (("title", title), ("description", description), ("notes", notes)):
        if value is not None:
            setattr(task, attr, value)
    if assign is not None:
        task.assigned_to = assign or None
    have_repos = set(session.scalars(select(TaskRepo.repo).where(TaskRepo.task_id == task_id)))
    session.add_all(TaskRepo(task_id=task_id, repo=r) for r in sorted(set(add_repos) - have_repos))
    have_files = set(session.scalars(select(TaskFile.path).where(TaskFile.task_id == task_id)))
    session.add_all(TaskFile(task_id=task_id, path=p) for p in sorted(set(add_files) - have_files))
    task.updated_at = now()
    session.flush()
    return get_task(session, task_id)


def transition(session: Session, task_id: str, action: str, reason: str | None = None) -> Record:
    """``start``, ``done``, ``block`` (with a reason) or ``reopen`` a task."""
    target, sources = TRANSITIONS[action]
    task = require_task(session, task_id)
    if task.status not in sources:
        raise ConflictError(
            f"cannot {action} {task_id}: it is {task.status} (only from {', '.join(sources)})"
        )
    if action == "start":
        waiting = unfinished_dependencies(session, task_id)
        if waiting:
            raise ConflictError(f"cannot start {task_id}: waiting for {', '.join(waiting)}")
    if action == "block" and not (reason and reason.strip()):
        raise UsageError("blocking a task needs --reason")
    task.status = target
    task.blocked_reason = reason if action == "block" else None
    task.updated_at = now()
    session.flush()
    return get_task(session, task_id)


def unfinished_dependencies(session: Session, task_id: str) -> list[str]:
    query = (
        select(TaskDependency.depends_on)
        .join(Task, Task.id == TaskDependency.depends_on)
        .where(TaskDependency.task_id == task_id, Task.status != "completed")
        .order_by(TaskDependency.depends_on)
    )
    return list(session.scalars(query))


def claim_task(session: Session, task_id: str, who: str) -> Record:
    """Assign an unassigned task to ``who``; of concurrent claimers exactly one wins.

    The conditional UPDATE is the arbiter: whoever's row count is 1 owns it.
    """
    if not who.strip():
        raise UsageError("claim needs --as WHO")
    result = session.execute(
        update(Task)
        .where(Task.id == task_id, Task.assigned_to.is_(None), Task.status != "completed")
        .values(assigned_to=who, updated_at=now())
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        task = require_task(session, task_id)
        session.refresh(task)
        if task.status == "completed":
            raise ConflictError(f"cannot claim {task_id}: it is completed")
        raise ConflictError(f"{task_id} is already claimed by {task.assigned_to}")
    session.expire_all()
    return get_task(session, task_id)
