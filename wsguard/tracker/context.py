"""The repo a person is working in: context switches and the current context.

The current context is the target of the latest switch, as long as the session
it was made in is still open (a switch made outside any session holds until the next).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wsguard.clock import now
from wsguard.errors import UsageError
from wsguard.store.models.sessions import ContextSwitch, WorkSession
from wsguard.values import Record


def _record(row: ContextSwitch) -> Record:
    return {
        "id": row.id,
        "session_id": row.session_id,
        "from_repo": row.from_repo,
        "to_repo": row.to_repo,
        "time": row.switched_at.isoformat(),
        "reason": row.reason,
    }


def _latest(session: Session, session_id: str | None = None) -> ContextSwitch | None:
    query = select(ContextSwitch).order_by(
        ContextSwitch.switched_at.desc(), ContextSwitch.id.desc()
    )
    if session_id is not None:
        query = query.where(ContextSwitch.session_id == session_id)
    return session.scalars(query.limit(1)).first()


def current_context(session: Session, session_id: str | None = None) -> str | None:
    """The repo in context: the latest switch of ``session_id`` (or overall), if still live."""
    row = _latest(session, session_id)
    if row is None:
        return None
    if row.session_id is not None:
        work = session.get(WorkSession, row.session_id)
        if work is None or work.status != "active":
            return None
    return row.to_repo


def switch_context(
    session: Session, repo: str, reason: str | None = None, session_id: str | None = None
) -> Record:
    """Record a switch to ``repo`` (in ``session_id``, the open session, when there is one)."""
    if not repo.strip():
        raise UsageError("context switch needs a repo name")
    row = ContextSwitch(
        session_id=session_id,
        from_repo=current_context(session, session_id),
        to_repo=repo,
        switched_at=now(),
        reason=reason,
        extra={},
    )
    session.add(row)
    session.flush()
    return _record(row)


def show_context(session: Session, session_id: str | None = None) -> dict[str, Any]:
    row = _latest(session, session_id)
    repo = current_context(session, session_id)
    return {"repo": repo, "switch": _record(row) if row is not None and repo else None}


def context_history(
    session: Session, session_id: str | None = None, limit: int | None = None
) -> list[Record]:
    """Switches, oldest first (of one session when given)."""
    query = select(ContextSwitch).order_by(ContextSwitch.switched_at, ContextSwitch.id)
    if session_id is not None:
        query = query.where(ContextSwitch.session_id == session_id)
    rows = list(session.scalars(query))
    return [_record(r) for r in (rows[-limit:] if limit else rows)]
