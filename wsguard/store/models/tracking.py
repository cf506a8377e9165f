"""Work tracking: tasks, cross-repo issues and architecture decisions.

Many-valued fields (repos affected, related files, dependencies, links) are
real tables with an index on the value, so "all tasks touching meridian-core"
is an indexed query and never JSON parsing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wsguard.store.models.base import (
    ID,
    NAME,
    PATH,
    Base,
    extra_column,
    owner,
    reference,
    soft_reference,
)


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), index=True)
    priority: Mapped[str] = mapped_column(String(10), index=True)
    created_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]
    session_created: Mapped[str | None] = soft_reference()
    assigned_to: Mapped[str | None] = mapped_column(NAME, index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    blocked_reason: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = extra_column()


class TaskRepo(Base):
    __tablename__ = "task_repos"

    task_id: Mapped[str] = owner("tasks.id")
    repo: Mapped[str] = mapped_column(NAME, primary_key=True, index=True)


class TaskFile(Base):
    __tablename__ = "task_files"

    task_id: Mapped[str] = owner("tasks.id")
    path: Mapped[str] = mapped_column(PATH, primary_key=True, index=True)


class TaskDependency(Base):
    """``task_id`` cannot start before ``depends_on`` is completed."""

    __tablename__ = "task_dependencies"

    task_id: Mapped[str] = owner("tasks.id")
    depends_on: Mapped[str] = mapped_column(
        ID, ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Issue(Base):
    """A cross-repo issue: entered by hand, or grouping the detections of one rule."""

    __tablename__ = "issues"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    issue_type: Mapped[str] = mapped_column(String(50), index=True)
    severity: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), index=True)
    detected_at: Mapped[datetime | None]
    detected_by: Mapped[str | None] = mapped_column(NAME)
    action_required: Mapped[str | None] = mapped_column(Text)
    assigned_to: Mapped[str | None] = mapped_column(NAME, index=True)
    related_task_id: Mapped[str | None] = reference("tasks.id")
    resolved_at: Mapped[datetime | None]
    # The rule whose detections this issue groups; at most one issue per rule.
    rule_id: Mapped[str | None] = mapped_column(NAME, unique=True)
    extra: Mapped[dict[str, Any]] = extra_column()


class IssueRepo(Base):
    __tablename__ = "issue_repos"

    issue_id: Mapped[str] = owner("issues.id")
    repo: Mapped[str] = mapped_column(NAME, primary_key=True, index=True)


class Decision(Base):
    """An architecture decision record (ADR-NNN)."""

    __tablename__ = "decisions"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    date: Mapped[date | None] = mapped_column(Date)
    session_id: Mapped[str | None] = soft_reference()
    title: Mapped[str] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(Text)
    rationale: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), index=True)
    impact: Mapped[str | None] = mapped_column(String(10))
    supersedes: Mapped[str | None] = reference("decisions.id")
    superseded_by: Mapped[str | None] = reference("decisions.id")
    extra: Mapped[dict[str, Any]] = extra_column()


class DecisionRepo(Base):
    __tablename__ = "decision_repos"

    decision_id: Mapped[str] = owner("decisions.id")
    repo: Mapped[str] = mapped_column(NAME, primary_key=True, index=True)


class DecisionFile(Base):
    __tablename__ = "decision_files"

    decision_id: Mapped[str] = owner("decisions.id")
    path: Mapped[str] = mapped_column(PATH, primary_key=True, index=True)


class DecisionDoc(Base):
    """A documentation link (URL or workspace path) of a decision."""

    __tablename__ = "decision_docs"

    decision_id: Mapped[str] = owner("decisions.id")
    link: Mapped[str] = mapped_column(PATH, primary_key=True)


class DecisionTask(Base):
    """A task affected by (or implementing) a decision."""

    __tablename__ = "decision_tasks"

    decision_id: Mapped[str] = owner("decisions.id")
    task_id: Mapped[str] = mapped_column(
        ID, ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True, index=True
    )


Index("ix_tasks_status_priority", Task.status, Task.priority)
