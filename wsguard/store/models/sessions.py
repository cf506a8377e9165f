"""Work sessions, what happened in them, and the repo context switches between them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from wsguard.store.models.base import ID, NAME, PATH, Base, extra_column, owner, reference


class WorkSession(Base):
    __tablename__ = "work_sessions"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    started_at: Mapped[datetime | None] = mapped_column(index=True)
    ended_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), index=True)
    user: Mapped[str | None] = mapped_column(NAME)
    ai_assistant: Mapped[str | None] = mapped_column(NAME)
    handoff_notes: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = extra_column()


# One open session per user, held by the database (two ``session start`` at once).
_ACTIVE = text("status = 'active'")
Index(
    "uq_work_sessions_active_user",
    WorkSession.user,
    unique=True,
    sqlite_where=_ACTIVE,
    postgresql_where=_ACTIVE,
)


class SessionActivity(Base):
    # Not ``session_activities``: that name is the seeds' read-only view (files_created
    # as a JSON array, ``type``, ``time``), see migration 0006.
    __tablename__ = "work_activities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(
        ID, ForeignKey("work_sessions.id", ondelete="CASCADE"), index=True
    )
    activity_type: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    occurred_at: Mapped[datetime | None]
    extra: Mapped[dict[str, Any]] = extra_column()


class ActivityFile(Base):
    __tablename__ = "activity_files"

    activity_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("work_activities.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(10), primary_key=True)
    path: Mapped[str] = mapped_column(PATH, primary_key=True, index=True)


class SessionDecision(Base):
    __tablename__ = "session_decisions"

    session_id: Mapped[str] = owner("work_sessions.id")
    decision_id: Mapped[str] = mapped_column(
        ID, ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class SessionIssue(Base):
    """An issue found during a session."""

    __tablename__ = "session_issues"

    session_id: Mapped[str] = owner("work_sessions.id")
    issue_id: Mapped[str] = mapped_column(
        ID, ForeignKey("issues.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ContextSwitch(Base):
    __tablename__ = "context_switches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str | None] = reference("work_sessions.id")
    from_repo: Mapped[str | None] = mapped_column(NAME)
    to_repo: Mapped[str] = mapped_column(NAME, index=True)
    switched_at: Mapped[datetime] = mapped_column(index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = extra_column()
