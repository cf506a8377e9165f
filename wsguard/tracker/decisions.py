"""Architecture decisions (``ADR-NNN``): recording, accepting, superseding, and whether
the rules citing a decision are being kept."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from wsguard.clock import now
from wsguard.errors import ConflictError, NotFoundError, UsageError
from wsguard.rules.config import Rule
from wsguard.store.entities import DECISIONS, TASKS
from wsguard.store.export import entity_records
from wsguard.store.models import (
    Decision,
    DecisionDoc,
    DecisionFile,
    DecisionRepo,
    DecisionTask,
    WorkSession,
)
from wsguard.store.models.drift import DriftDetection
from wsguard.store.models.sessions import SessionDecision
from wsguard.tracker.ids import insert_given, insert_new
from wsguard.values import Record
from wsguard.vocabulary import DECISION_STATUSES, IMPACTS, choice

PREFIX = "ADR-"


def require_decision(session: Session, decision_id: str) -> Decision:
    found = session.get(Decision, decision_id)
    if found is None:
        raise NotFoundError(f"no decision {decision_id!r} (see: wsguard decision list)")
    return found


def get_decision(session: Session, decision_id: str) -> Record:
    require_decision(session, decision_id)
    return entity_records(session, DECISIONS, [decision_id])[0]


def add_decision(
    session: Session,
    title: str | None,
    rationale: str,
    *,
    impact: str | None = None,
    repos: Iterable[str] = (),
    decision_id: str | None = None,
    decision: str | None = None,
    session_id: str | None = None,
    status: str = "proposed",
    files: Iterable[str] = (),
    docs: Iterable[str] = (),
) -> Record:
    """Record a decision (proposed unless told; ``ADR-NNN`` unless given), linked to the
    session. Without a title, the first line of the decision's text is its title."""
    if impact is not None:
        impact = choice("impact", impact, IMPACTS)
    status = choice("status", status, DECISION_STATUSES)
    if not (title or "").strip() and decision and decision.strip():
        title = decision.strip().splitlines()[0][:120]
    if not (title or "").strip() or not (rationale or "").strip():
        raise UsageError("a decision needs a title and a --rationale")

    def build(key: str) -> Decision:
        return Decision(
            id=key,
            date=now().date(),
            session_id=session_id,
            title=title,
            decision=decision,
            rationale=rationale,
            status=status,
            impact=impact,
            extra={},
        )

    if decision_id is not None:
        key = insert_given(session, Decision, decision_id, build)
    else:
        key = insert_new(session, Decision.id, PREFIX, 3, build)
    session.add_all(DecisionRepo(decision_id=key, repo=r) for r in sorted(set(repos)))
    session.add_all(DecisionFile(decision_id=key, path=p) for p in sorted(set(files)))
    session.add_all(DecisionDoc(decision_id=key, link=d) for d in sorted(set(docs)))
    if session_id is not None and session.get(WorkSession, session_id) is not None:
        session.add(SessionDecision(session_id=session_id, decision_id=key))
    session.flush()
    return get_decision(session, key)


def list_decisions(session: Session, status: str | None = None) -> list[Record]:
    found = entity_records(session, DECISIONS)
    wanted = None if status is None else choice("status", status, DECISION_STATUSES)
    return [r for r in found if wanted is None or r["status"] == wanted]


def accept(session: Session, decision_id: str) -> Record:
    found = require_decision(session, decision_id)
    if found.status not in ("proposed", "accepted"):
        raise ConflictError(f"{decision_id} is {found.status}: it cannot be accepted")
    found.status = "accepted"
    found.date = found.date or date.today()
    session.flush()
    return get_decision(session, decision_id)


def supersede(session: Session, old_id: str, new_id: str) -> Record:
    """``new_id`` replaces ``old_id``: linked both ways, the old one becomes superseded."""
    old, new = require_decision(session, old_id), require_decision(session, new_id)
    if old_id == new_id:
        raise ConflictError(f"{old_id} cannot supersede itself")
    if old.status == "superseded" and old.superseded_by != new_id:
        raise ConflictError(f"{old_id} is superseded by {old.superseded_by} already")
    old.status, old.superseded_by = "superseded", new_id
    new.supersedes = old_id
    session.flush()
    return get_decision(session, old_id)


# What the repositories contain against a decision: open drift, and the drift a team
# accepted (baselined or waived), which is still there and shown, marked as accepted.
IN_HISTORY = ("open", "waived", "baselined")


def open_detections(session: Session, decision_id: str, rule_ids: Sequence[str]) -> list[Any]:
    """Open, waived and baselined detections of the rules citing the decision (or stamped
    with it); a blocked attempt never entered history and is not among them."""
    cites = [DriftDetection.decision == decision_id]
    if rule_ids:
        cites.append(DriftDetection.rule_id.in_(rule_ids))
    query = (
        select(DriftDetection)
        .where(DriftDetection.status.in_(IN_HISTORY), or_(*cites))
        .order_by(DriftDetection.rule_id, DriftDetection.repo, DriftDetection.path)
    )
    return list(session.scalars(query))


def show_decision(session: Session, decision_id: str, rules: Sequence[Rule] = ()) -> Record:
    """The decision, the rules citing it with their open detections, and ``kept``."""
    record = get_decision(session, decision_id)
    citing = [r for r in rules if r.decision == decision_id]
    detections = open_detections(session, decision_id, [r.id for r in citing])
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for d in detections:
        by_rule.setdefault(d.rule_id, []).append(
            {"repo": d.repo, "path": d.path, "line": d.line, "message": d.message, "id": d.id,
             "status": d.status}
        )  # fmt: skip
    record["rules"] = [
        {"id": r.id, "kind": r.kind, "message": r.message, "detections": by_rule.get(r.id, [])}
        for r in citing
    ]
    found = [d for v in by_rule.values() for d in v]
    record["open_detections"] = sum(1 for d in found if d["status"] == "open")
    record["accepted_detections"] = len(found) - record["open_detections"]
    record["kept"] = record["open_detections"] == 0
    return record


def tasks_of_decision(session: Session, decision_id: str) -> list[Record]:
    """The tasks that carry out ``decision_id``."""
    ids = session.scalars(
        select(DecisionTask.task_id)
        .where(DecisionTask.decision_id == decision_id)
        .order_by(DecisionTask.task_id)
    )
    return entity_records(session, TASKS, list(ids))


def decisions_of_session(session: Session, session_id: str) -> list[Record]:
    """The decisions made in, or linked to, work session ``session_id``."""
    linked = select(SessionDecision.decision_id).where(SessionDecision.session_id == session_id)
    made = select(Decision.id).where(Decision.session_id == session_id)
    ids = set(session.scalars(linked)) | set(session.scalars(made))
    return entity_records(session, DECISIONS, sorted(ids))
