"""wsguard.tracker.ids: readable ids allocated past the highest in use, given ids checked."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from wsguard.errors import ConflictError, UsageError
from wsguard.store.models import Task
from wsguard.tracker import ids, tasks


def _tasks(session: Session, *keys: str) -> None:
    session.add_all(Task(id=k, title=k, status="pending", priority="LOW", extra={}) for k in keys)
    session.flush()


def test_next_id_follows_the_highest_number_in_use(session: Session) -> None:
    assert ids.next_id(session, Task.id, "WS-TASK-", 3) == "WS-TASK-001"
    _tasks(session, "WS-TASK-002", "WS-TASK-009", "WS-TASK-abc", "OTHER-500")
    assert ids.next_id(session, Task.id, "WS-TASK-", 3) == "WS-TASK-010"
    _tasks(session, "WS-TASK-0050")  # a given id with more zeros than the width
    assert ids.next_id(session, Task.id, "WS-TASK-", 3) == "WS-TASK-051"
    _tasks(session, "WS-TASK-999")
    assert ids.next_id(session, Task.id, "WS-TASK-", 3) == "WS-TASK-1000"
    _tasks(session, "WS-TASK-1000")
    assert ids.next_id(session, Task.id, "WS-TASK-", 3) == "WS-TASK-1001"


def test_next_id_is_not_hidden_by_many_longer_given_ids(session: Session) -> None:
    tasks.add_task(session, "numbered")
    for n in range(25):
        tasks.add_task(session, "imported", task_id=f"WS-TASK-legacy-{n:02d}")
    assert ids.next_id(session, Task.id, "WS-TASK-", 3) == "WS-TASK-002"
    assert tasks.add_task(session, "next")["id"] == "WS-TASK-002"


def test_an_underscore_in_the_prefix_is_literal(session: Session) -> None:
    _tasks(session, "AB7", "A_3")
    assert ids.next_id(session, Task.id, "A_", 3) == "A_004"


def test_insert_given_refuses_an_existing_id(session: Session) -> None:
    def build(key: str) -> Task:
        return Task(id=key, title="t", status="pending", priority="LOW", extra={})

    assert ids.insert_given(session, Task, "T-1", build) == "T-1"
    session.flush()
    with pytest.raises(ConflictError, match="T-1 already exists: choose another id"):
        ids.insert_given(session, Task, "T-1", build)
    with pytest.raises(UsageError, match="invalid id"):
        ids.insert_given(session, Task, "T 2", build)


def test_insert_new_gives_up_when_every_id_is_taken(session: Session) -> None:
    _tasks(session, "TAKEN")

    def always_taken(_key: str) -> Task:
        return Task(id="TAKEN", title="t", status="pending", priority="LOW", extra={})

    with pytest.raises(ConflictError, match="could not allocate a new WS-TASK-NNN id"):
        ids.insert_new(session, Task.id, "WS-TASK-", 3, always_taken)
    # The failed attempts were rolled back to their savepoints: the session still works.
    assert tasks.add_task(session, "after")["id"] == "WS-TASK-001"


@pytest.mark.parametrize("key", ["ADR-001", "a", "WS-TASK-007", "v1.2_rc-3", "9lives", "x" * 64])
def test_check_id_accepts(key: str) -> None:
    assert ids.check_id(key) == key


@pytest.mark.parametrize(
    "key", ["", "-lead", ".hidden", "_x", "has space", "a/b", "é", "x" * 65, "a\n"]
)
def test_check_id_refuses(key: str) -> None:
    with pytest.raises(UsageError, match="invalid id") as refused:
        ids.check_id(key)
    assert "letters, digits, '.', '_' and '-' (at most 64)" in refused.value.message
    assert refused.value.exit_code == 2
