"""wsguard.tracker.tasks: adding, listing, updating, transitions and the atomic claim."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from wsguard.errors import ConflictError, NotFoundError, UsageError
from wsguard.store.db import Database
from wsguard.store.models import Task
from wsguard.tracker import tasks
from wsguard.vocabulary import PRIORITIES, TASK_STATUSES, choice


def test_add_allocates_ids_or_takes_the_given_one(session: Session) -> None:
    first = tasks.add_task(session, "Move the engine")
    assert first["id"] == "WS-TASK-001"
    assert first["status"] == "pending" and first["priority"] == "MEDIUM"
    assert first["created"] == first["updated"]
    assert tasks.add_task(session, "given", task_id="TASK-007")["id"] == "TASK-007"
    # A given id does not disturb the allocated sequence.
    assert tasks.add_task(session, "second")["id"] == "WS-TASK-002"
    with pytest.raises(ConflictError, match="TASK-007 already exists"):
        tasks.add_task(session, "again", task_id="TASK-007")
    with pytest.raises(UsageError, match="invalid id"):
        tasks.add_task(session, "bad", task_id="has space")


def test_add_stores_links_sorted_and_once(session: Session) -> None:
    tasks.add_task(session, "dep B", task_id="B")
    tasks.add_task(session, "dep A", task_id="A")
    record = tasks.add_task(
        session,
        "linked",
        repos=["meridian-trading", "meridian-core", "meridian-core"],
        files=["src/b.py", "src/a.py"],
        depends_on=["B", "A", "B"],
        assign="ada",
        notes="n",
        description="d",
        status="Blocked",
    )
    assert record["repos_affected"] == ["meridian-core", "meridian-trading"]
    assert record["related_files"] == ["src/a.py", "src/b.py"]
    assert record["dependencies"] == ["A", "B"]
    assert (record["assigned_to"], record["notes"], record["description"]) == ("ada", "n", "d")
    assert record["status"] == "blocked"


@pytest.mark.parametrize(
    ("given", "stored"),
    [("high", "HIGH"), ("HIGH", "HIGH"), (" Critical ", "CRITICAL"), ("low", "LOW")],
)
def test_priority_levels_match_case_insensitively(given: str, stored: str) -> None:
    assert choice("priority", given, PRIORITIES) == stored


def test_add_refuses_bad_input_and_writes_nothing(session: Session) -> None:
    assert tasks.add_task(session, "x", priority="high")["priority"] == "HIGH"
    with pytest.raises(UsageError, match="invalid priority 'urgent': use one of CRITICAL, HIGH"):
        tasks.add_task(session, "x", priority="urgent")
    with pytest.raises(UsageError, match="invalid status 'done'"):
        tasks.add_task(session, "x", status="done")
    with pytest.raises(UsageError, match="needs a title"):
        tasks.add_task(session, "  ")
    with pytest.raises(NotFoundError, match="no task 'T-404'"):
        tasks.add_task(session, "x", depends_on=["T-404"])
    assert [t["id"] for t in tasks.list_tasks(session)] == ["WS-TASK-001"]


def test_get_task_refuses_an_unknown_id(session: Session) -> None:
    with pytest.raises(NotFoundError, match="no task 'T-404'") as refused:
        tasks.get_task(session, "T-404")
    assert refused.value.exit_code == 1


def _age(session: Session, task_id: str, created: datetime) -> None:
    row = session.get(Task, task_id)
    assert row is not None
    row.created_at = created
    session.flush()


def test_list_filters_oldest_first(session: Session) -> None:
    tasks.add_task(session, "new", task_id="N", priority="HIGH", repos=["core"], assign="ada")
    tasks.add_task(session, "old", task_id="O", priority="LOW", repos=["core", "trading"])
    tasks.add_task(session, "done", task_id="D", status="completed", repos=["trading"])
    _age(session, "O", datetime(2025, 1, 1))
    _age(session, "D", datetime(2025, 1, 2))

    def ids(**filters: object) -> list[str]:
        return [t["id"] for t in tasks.list_tasks(session, **filters)]  # type: ignore[arg-type]

    assert ids() == ["O", "D", "N"]
    assert ids(status="pending") == ["O", "N"]
    assert ids(status="COMPLETED") == ["D"]
    assert ids(repo="core") == ["O", "N"]
    assert ids(repo="trading", status="pending") == ["O"]
    assert ids(priority="high") == ["N"]
    assert ids(assignee="ada") == ["N"]
    assert ids(limit=2) == ["O", "D"]
    assert ids(repo="nowhere") == []
    with pytest.raises(UsageError, match="invalid status"):
        tasks.list_tasks(session, status="done")
    with pytest.raises(UsageError, match="invalid priority"):
        tasks.list_tasks(session, priority="urgent")


def test_update_changes_only_what_is_given(session: Session) -> None:
    tasks.add_task(session, "A", task_id="A", repos=["core"], files=["a.py"], assign="ada")
    tasks.transition(session, "A", "block", "waiting on review")
    record = tasks.update_task(
        session,
        "A",
        title="A2",
        priority="critical",
        status="in_progress",
        notes="n",
        add_repos=["core", "trading"],
        add_files=["a.py", "b.py"],
    )
    assert record["title"] == "A2" and record["priority"] == "CRITICAL"
    assert record["status"] == "in_progress" and record["blocked_reason"] is None
    assert record["repos_affected"] == ["core", "trading"]
    assert record["related_files"] == ["a.py", "b.py"]
    assert record["assigned_to"] == "ada" and record["notes"] == "n"
    # An empty assignee unassigns.
    assert tasks.update_task(session, "A", assign="")["assigned_to"] is None
    with pytest.raises(UsageError, match="invalid priority"):
        tasks.update_task(session, "A", priority="urgent")
    with pytest.raises(UsageError, match="invalid status"):
        tasks.update_task(session, "A", status="done")
    with pytest.raises(NotFoundError):
        tasks.update_task(session, "T-404", title="x")


def test_transitions_move_between_statuses(session: Session) -> None:
    tasks.add_task(session, "A", task_id="A")
    assert tasks.transition(session, "A", "start")["status"] == "in_progress"
    blocked = tasks.transition(session, "A", "block", "needs a decision")
    assert (blocked["status"], blocked["blocked_reason"]) == ("blocked", "needs a decision")
    reopened = tasks.transition(session, "A", "reopen")
    assert (reopened["status"], reopened["blocked_reason"]) == ("pending", None)
    assert tasks.transition(session, "A", "done")["status"] == "completed"
    assert tasks.transition(session, "A", "reopen")["status"] == "pending"


def test_transitions_refuse_every_source_they_do_not_start_from(session: Session) -> None:
    for action, (_target, sources) in tasks.TRANSITIONS.items():
        for status in TASK_STATUSES:
            task_id = f"{action}-{status}"
            tasks.add_task(session, task_id, task_id=task_id, status=status)
            if status in sources:
                tasks.transition(session, task_id, action, "because")
                continue
            with pytest.raises(ConflictError, match=f"cannot {action} {task_id}: it is {status}"):
                tasks.transition(session, task_id, action, "because")
            assert tasks.get_task(session, task_id)["status"] == status


def test_start_waits_for_unfinished_dependencies(session: Session) -> None:
    tasks.add_task(session, "dep", task_id="A")
    tasks.add_task(session, "dep", task_id="B", status="completed")
    tasks.add_task(session, "C", task_id="C", depends_on=["A", "B"])
    assert tasks.unfinished_dependencies(session, "C") == ["A"]
    with pytest.raises(ConflictError, match="cannot start C: waiting for A"):
        tasks.transition(session, "C", "start")
    tasks.transition(session, "A", "done")
    assert tasks.unfinished_dependencies(session, "C") == []
    assert tasks.transition(session, "C", "start")["status"] == "in_progress"


def test_block_needs_a_reason(session: Session) -> None:
    tasks.add_task(session, "A", task_id="A")
    for reason in (None, "", "   "):
        with pytest.raises(UsageError, match="needs --reason"):
            tasks.transition(session, "A", "block", reason)
    assert tasks.get_task(session, "A")["status"] == "pending"
    with pytest.raises(NotFoundError):
        tasks.transition(session, "T-404", "start")


def test_claim_assigns_once(session: Session) -> None:
    tasks.add_task(session, "A", task_id="A")
    assert tasks.claim_task(session, "A", "ada")["assigned_to"] == "ada"
    with pytest.raises(ConflictError, match="A is already claimed by ada"):
        tasks.claim_task(session, "A", "bob")
    with pytest.raises(UsageError, match="claim needs --as WHO"):
        tasks.claim_task(session, "A", " ")
    with pytest.raises(NotFoundError, match="no task 'T-404'"):
        tasks.claim_task(session, "T-404", "bob")


def test_a_completed_task_cannot_be_claimed(session: Session) -> None:
    tasks.add_task(session, "A", task_id="A", status="completed")
    with pytest.raises(ConflictError, match="cannot claim A: it is completed"):
        tasks.claim_task(session, "A", "ada")
    assert tasks.get_task(session, "A")["assigned_to"] is None


def test_of_two_concurrent_claimers_exactly_one_wins(db: Database) -> None:
    with db.session_scope() as session:
        tasks.add_task(session, "contested", task_id="A")
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def claim(who: str) -> None:
        start.wait()
        try:
            with db.session_scope() as session:
                outcomes[who] = tasks.claim_task(session, "A", who)["assigned_to"]
        except ConflictError as exc:
            outcomes[who] = exc

    threads = [threading.Thread(target=claim, args=(who,)) for who in ("ada", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    winners = [who for who, got in outcomes.items() if got == who]
    assert len(winners) == 1, outcomes
    (loser,) = {"ada", "bob"} - set(winners)
    assert isinstance(outcomes[loser], ConflictError)
    assert f"already claimed by {winners[0]}" in str(outcomes[loser])
    with db.session_scope() as session:
        assert tasks.get_task(session, "A")["assigned_to"] == winners[0]
