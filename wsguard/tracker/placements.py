"""Where components belong (placements, enforced as guard rules) and where they are (states)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wsguard.clock import now
from wsguard.errors import UsageError
from wsguard.rules.components import placement_rule
from wsguard.rules.config import Rule
from wsguard.store import queries
from wsguard.store.models.drift import ArchitectureState, ComponentPlacement
from wsguard.store.sql import session_executor
from wsguard.tracker.decisions import require_decision
from wsguard.values import Record


def _placement(row: ComponentPlacement) -> Record:
    return {"component": row.component, "repo": row.repo, "path_pattern": row.path_pattern,
            "decision": row.decision}  # fmt: skip


def set_placement(
    session: Session,
    component: str,
    repo: str,
    path_pattern: str | None = None,
    decision: str | None = None,
) -> Record:
    """``component`` belongs in ``repo`` (replacing any earlier placement)."""
    if not component.strip() or not repo.strip():
        raise UsageError("a placement needs a component and --repo")
    if decision is not None:
        require_decision(session, decision)
    row = session.get(ComponentPlacement, component)
    if row is None:
        row = ComponentPlacement(component=component, repo=repo, extra={})
        session.add(row)
    row.repo, row.path_pattern, row.decision = repo, path_pattern, decision
    session.flush()
    return _placement(row)


def list_placements(session: Session) -> list[Record]:
    rows = session.scalars(select(ComponentPlacement).order_by(ComponentPlacement.component))
    return [_placement(r) for r in rows]


def placement_rules(session: Session) -> list[Rule]:
    """Each placement as a ``placement`` rule: the component may be defined only in its repo."""
    return [placement_rule(*row) for row in queries.placements(session_executor(session))]


def _state(row: ArchitectureState) -> Record:
    return {
        "component": row.component,
        "current_repo": row.current_repo,
        "target_repo": row.target_repo,
        "at_target": row.current_repo == row.target_repo,
        "recorded_at": row.recorded_at.isoformat() if row.recorded_at else None,
    }


def set_state(session: Session, component: str, current: str, target: str) -> Record:
    row = session.get(ArchitectureState, component)
    if row is None:
        row = ArchitectureState(component=component, extra={})
        session.add(row)
    row.current_repo, row.target_repo, row.recorded_at = current, target, now()
    session.flush()
    return _state(row)


def list_states(session: Session) -> dict[str, Any]:
    """Every component's state, and how many are where they are meant to be."""
    rows = session.scalars(select(ArchitectureState).order_by(ArchitectureState.component))
    states = [_state(r) for r in rows]
    return {
        "states": states,
        "at_target": sum(1 for s in states if s["at_target"]),
        "total": len(states),
    }
