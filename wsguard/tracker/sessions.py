"""Work sessions: one open session per user, its activities, and commits logged by the hook."""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wsguard import git
from wsguard.clock import now
from wsguard.errors import ConflictError, NotFoundError, UsageError
from wsguard.identity import current_user, pick_session
from wsguard.store.entities import SESSIONS
from wsguard.store.export import entity_records
from wsguard.store.models.sessions import ActivityFile, SessionActivity, WorkSession
from wsguard.store.sql import serialise, session_executor
from wsguard.tracker.ids import insert_given, insert_new
from wsguard.values import Record
from wsguard.vocabulary import SESSION_STATUSES, SESSION_SYNONYMS, choice


def default_user(cwd: Path | None = None) -> str:
    return current_user(cwd) or getpass.getuser()


def active_session_id(session: Session, user: str | None = None) -> str | None:
    """The user's open session, else the only open session, else None."""
    query = select(WorkSession.id, WorkSession.user).where(WorkSession.status == "active")
    active = session.execute(query.order_by(WorkSession.started_at, WorkSession.id)).all()
    return pick_session([(sid, who) for sid, who in active], user)


def current_session_id(session: Session) -> str | None:
    """The open session of whoever runs wsguard (``$WSGUARD_USER`` or git ``user.name``)."""
    return active_session_id(session, current_user())


def require_active(session: Session, user: str | None = None) -> str:
    sid = active_session_id(session, user)
    if sid is None:
        raise ConflictError(
            "no open work session"
            + (f" for {user}" if user else "")
            + ": start one with wsguard session start"
        )
    return sid


def get_session(session: Session, session_id: str) -> Record:
    found = entity_records(session, SESSIONS, [session_id])
    if not found:
        raise NotFoundError(f"no session {session_id!r} (see: wsguard session list)")
    return found[0]


def start_session(
    session: Session,
    user: str | None = None,
    assistant: str | None = None,
    *,
    session_id: str | None = None,
) -> Record:
    """Open a session for ``user`` (default: who runs wsguard); refused while that user has
    one open. Its id is ``SESSION-<date>-NNN`` unless given.

    Two starts at once for one user take turns, so the second sees the first's session;
    the partial unique index ``uq_work_sessions_active_user`` holds the rule for every
    other writer too."""
    user = user or default_user()
    serialise(session_executor(session), f"work-sessions/{user}")
    _refuse_second(session, user)
    stamp = now()

    def build(key: str) -> WorkSession:
        return WorkSession(
            id=key, started_at=stamp, status="active", user=user, ai_assistant=assistant, extra={}
        )

    try:
        if session_id is not None:
            key = insert_given(session, WorkSession, session_id, build)
        else:
            key = insert_new(session, WorkSession.id, f"SESSION-{stamp:%Y-%m-%d}-", 3, build)
        session.flush()
    except IntegrityError:
        raise ConflictError(
            f"{user} already has an open session (started at the same moment): end it first"
        ) from None
    return get_session(session, key)


def _refuse_second(session: Session, user: str) -> None:
    open_ = session.scalars(
        select(WorkSession.id).where(WorkSession.status == "active", WorkSession.user == user)
    ).first()
    if open_ is not None:
        raise ConflictError(f"{user} already has an open session {open_}: end it first")


def log_activity(
    session: Session,
    session_id: str,
    description: str,
    *,
    activity_type: str = "note",
    files: Iterable[str] = (),
    files_created: Iterable[str] = (),
    outcome: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Record:
    """Add an activity to an open session: ``files`` modified, ``files_created`` created."""
    work = session.get(WorkSession, session_id)
    if work is None:
        raise NotFoundError(f"no session {session_id!r}")
    if work.status != "active":
        raise ConflictError(f"session {session_id} is {work.status}: start a new one")
    if not isinstance(description, str) or not description.strip():
        raise UsageError("an activity needs a description")
    activity = SessionActivity(
        session_id=session_id,
        activity_type=activity_type,
        description=description,
        outcome=outcome,
        occurred_at=now(),
        extra=dict(extra or {}),
    )
    session.add(activity)
    session.flush()
    roles = [("created", p) for p in dict.fromkeys(files_created)]
    roles += [("modified", p) for p in dict.fromkeys(files)]
    session.add_all(ActivityFile(activity_id=activity.id, role=r, path=p) for r, p in roles)
    session.flush()
    return get_session(session, session_id)


def end_session(session: Session, session_id: str, handoff: str | None = None) -> Record:
    work = session.get(WorkSession, session_id)
    if work is None:
        raise NotFoundError(f"no session {session_id!r}")
    if work.status != "active":
        raise ConflictError(f"session {session_id} is already {work.status}")
    work.status, work.ended_at = "completed", now()
    if handoff is not None:
        work.handoff_notes = handoff
    session.flush()
    return get_session(session, session_id)


def list_sessions(session: Session, status: str | None = None) -> list[Record]:
    """Sessions, newest first."""
    query = select(WorkSession.id).order_by(WorkSession.started_at.desc(), WorkSession.id.desc())
    if status is not None:
        word = choice("status", status, SESSION_STATUSES, SESSION_SYNONYMS)
        query = query.where(WorkSession.status == word)
    ids = list(session.scalars(query))
    by_id = {r["session_id"]: r for r in entity_records(session, SESSIONS, ids)}
    return [by_id[i] for i in ids]


def _listed(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value or []]


def activity_files(activity: Mapping[str, Any]) -> list[str]:
    """An activity's files as shown: created ones marked ``+``, then the modified ones."""
    created = [f"+{p}" for p in _listed(activity.get("files_created"))]
    return created + _listed(activity.get("files_modified"))


def activity_time(activity: Mapping[str, Any]) -> Any:
    """When it happened, under the key the record uses (the seeds' ``time``)."""
    return activity.get("timestamp") or activity.get("time")


def log_commit(session: Session, commit: git.Commit, repo: str, user: str | None) -> str | None:
    """Log ``commit`` as a ``commit`` activity of the open session; its id, or None."""
    sid = active_session_id(session, user)
    if sid is None:
        return None
    log_activity(
        session,
        sid,
        f"{repo}@{commit.sha[:10]}: {commit.subject}",
        activity_type="commit",
        files=commit.files,
        extra={"repo": repo, "commit": commit.sha, "author": commit.author},
    )
    return sid
