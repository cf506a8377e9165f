"""wsguard.tracker.decisions: recording, accepting, superseding, and whether they are kept."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.tracker.helpers import add_detection
from wsguard.errors import ConflictError, NotFoundError, UsageError
from wsguard.rules.config import Rule
from wsguard.store.models import Decision, DecisionTask
from wsguard.store.models.sessions import SessionDecision
from wsguard.tracker import decisions, sessions, tasks


def test_add_records_a_proposed_decision(session: Session) -> None:
    first = decisions.add_decision(
        session, "Polars in core", "speed", impact="high", repos=["trading", "core", "core"]
    )
    assert first["id"] == "ADR-001"
    assert (first["status"], first["impact"], first["rationale"]) == ("proposed", "HIGH", "speed")
    assert first["repos_affected"] == ["core", "trading"]
    assert first["date"] is not None and first["session"] is None
    given = decisions.add_decision(
        session, "t", "r", decision_id="ADR-100", decision="We use polars"
    )
    assert (given["id"], given["decision"], given["impact"]) == ("ADR-100", "We use polars", None)
    # The next allocated number follows the highest in use.
    assert decisions.add_decision(session, "t", "r")["id"] == "ADR-101"
    with pytest.raises(ConflictError, match="ADR-100 already exists"):
        decisions.add_decision(session, "t", "r", decision_id="ADR-100")


def test_add_refuses_bad_input(session: Session) -> None:
    with pytest.raises(UsageError, match="invalid impact 'huge'"):
        decisions.add_decision(session, "t", "r", impact="huge")
    with pytest.raises(UsageError, match="needs a title and a --rationale"):
        decisions.add_decision(session, "t", "  ")
    with pytest.raises(UsageError, match="needs a title and a --rationale"):
        decisions.add_decision(session, "", "r")
    assert decisions.list_decisions(session) == []
    with pytest.raises(NotFoundError, match="no decision 'ADR-404'"):
        decisions.get_decision(session, "ADR-404")


def test_accept(session: Session) -> None:
    decisions.add_decision(session, "t", "r", decision_id="A")
    assert decisions.accept(session, "A")["status"] == "accepted"
    assert decisions.accept(session, "A")["status"] == "accepted"  # accepting twice is harmless
    for refused in ("superseded", "deprecated", "rejected"):
        row = session.get(Decision, "A")
        assert row is not None
        row.status = refused
        with pytest.raises(ConflictError, match=f"A is {refused}: it cannot be accepted"):
            decisions.accept(session, "A")
    with pytest.raises(NotFoundError):
        decisions.accept(session, "ADR-404")


def test_supersede_links_both_ways(session: Session) -> None:
    for key in ("OLD", "NEW", "NEWER"):
        decisions.add_decision(session, key, "r", decision_id=key)
    old = decisions.supersede(session, "OLD", "NEW")
    assert (old["status"], old["superseded_by"]) == ("superseded", "NEW")
    assert decisions.get_decision(session, "NEW")["supersedes"] == "OLD"
    # Saying it again is harmless; another successor is refused.
    assert decisions.supersede(session, "OLD", "NEW")["superseded_by"] == "NEW"
    with pytest.raises(ConflictError, match="OLD is superseded by NEW already"):
        decisions.supersede(session, "OLD", "NEWER")
    with pytest.raises(ConflictError, match="NEW cannot supersede itself"):
        decisions.supersede(session, "NEW", "NEW")
    with pytest.raises(NotFoundError, match="no decision 'ADR-404'"):
        decisions.supersede(session, "NEW", "ADR-404")
    with pytest.raises(ConflictError, match="OLD is superseded: it cannot be accepted"):
        decisions.accept(session, "OLD")


def test_list_by_status(session: Session) -> None:
    for key in ("A", "B", "C"):
        decisions.add_decision(session, key, "r", decision_id=key)
    decisions.accept(session, "B")
    decisions.supersede(session, "C", "B")

    def ids(status: str | None = None) -> list[str]:
        return [d["id"] for d in decisions.list_decisions(session, status)]

    assert ids() == ["A", "B", "C"]
    assert ids("proposed") == ["A"]
    assert ids("Accepted") == ["B"]
    assert ids("superseded") == ["C"]
    assert ids("rejected") == []
    with pytest.raises(UsageError, match="invalid status 'done'"):
        ids("done")


def test_tasks_of_decision(session: Session) -> None:
    decisions.add_decision(session, "t", "r", decision_id="A")
    decisions.add_decision(session, "t", "r", decision_id="B")
    for key in ("T2", "T1"):
        tasks.add_task(session, key, task_id=key)
        session.add(DecisionTask(decision_id="A", task_id=key))
    session.flush()
    assert [t["id"] for t in decisions.tasks_of_decision(session, "A")] == ["T1", "T2"]
    assert decisions.tasks_of_decision(session, "B") == []
    assert decisions.get_decision(session, "A")["related_tasks"] == ["T1", "T2"]


def test_decisions_of_session_made_in_it_or_linked(session: Session) -> None:
    first = sessions.start_session(session, "ada")["session_id"]
    second = sessions.start_session(session, "bob")["session_id"]
    made = decisions.add_decision(session, "made", "r", decision_id="MADE", session_id=first)
    assert made["session"] == first
    decisions.add_decision(session, "elsewhere", "r", decision_id="ELSE", session_id=second)
    decisions.add_decision(session, "linked", "r", decision_id="LINKED")
    session.add(SessionDecision(session_id=first, decision_id="LINKED"))
    session.flush()
    assert [d["id"] for d in decisions.decisions_of_session(session, first)] == [
        "LINKED",
        "MADE",
    ]
    assert [d["id"] for d in decisions.decisions_of_session(session, second)] == ["ELSE"]
    assert sessions.get_session(session, first)["decisions"] == ["LINKED", "MADE"]


def test_show_names_the_rules_citing_it_and_whether_it_is_kept(session: Session) -> None:
    decisions.add_decision(session, "no pandas", "r", decision_id="ADR-001")
    citing = Rule(id="no-pandas", kind="forbidden_import", message="no pandas", decision="ADR-001")
    other = Rule(id="other", kind="forbidden_import", message="m", decision="ADR-002")
    kept = decisions.show_decision(session, "ADR-001", [citing, other])
    assert kept["kept"] is True and kept["open_detections"] == 0
    assert kept["rules"] == [
        {
            "id": "no-pandas",
            "kind": "forbidden_import",
            "message": "no pandas",
            "detections": [],
        }
    ]

    broken = add_detection(session, "no-pandas", path="src/x.py", line=3)
    add_detection(session, "no-pandas", status="resolved")
    waived = add_detection(session, "no-pandas", status="waived")
    stamped = add_detection(session, "renamed-rule", decision="ADR-001")
    add_detection(session, "other")
    shown = decisions.show_decision(session, "ADR-001", [citing, other])
    assert shown["kept"] is False
    # A detection stamped with the decision counts, whichever rule found it.
    assert shown["open_detections"] == 2
    # The rule's detections in history: open, and the waived one marked as accepted.
    listed = sorted(shown["rules"][0]["detections"], key=lambda d: d["id"])
    assert listed[0] == {"repo": "meridian-core", "path": "src/x.py", "line": 3,
                         "message": "pandas in core", "id": broken, "status": "open"}  # fmt: skip
    assert [(d["id"], d["status"]) for d in listed] == [(broken, "open"), (waived, "waived")]
    assert shown["accepted_detections"] == 1
    found = decisions.open_detections(session, "ADR-001", ["no-pandas"])
    assert sorted(d.id for d in found) == sorted([broken, waived, stamped])
    with pytest.raises(NotFoundError):
        decisions.show_decision(session, "ADR-404")
