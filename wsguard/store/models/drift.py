"""What the guard records: placements, architecture states, detections, scan runs, a cache."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Float, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from wsguard.store.models.base import ID, NAME, PATH, Base, extra_column, reference


class ComponentPlacement(Base):
    """Where a component belongs: its repo, and optionally a path pattern inside it."""

    __tablename__ = "component_placements"

    component: Mapped[str] = mapped_column(NAME, primary_key=True)
    repo: Mapped[str] = mapped_column(NAME, index=True)
    path_pattern: Mapped[str | None] = mapped_column(PATH)
    decision: Mapped[str | None] = mapped_column(ID)
    extra: Mapped[dict[str, Any]] = extra_column()


class ArchitectureState(Base):
    """Where a component is now and where it is meant to end up."""

    __tablename__ = "architecture_states"

    component: Mapped[str] = mapped_column(NAME, primary_key=True)
    current_repo: Mapped[str | None] = mapped_column(NAME, index=True)
    current_state: Mapped[str | None] = mapped_column(Text)
    target_repo: Mapped[str | None] = mapped_column(NAME, index=True)
    target_state: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime | None]
    extra: Mapped[dict[str, Any]] = extra_column()


class DriftDetection(Base):
    """A finding as stored: identified by its line-insensitive fingerprint."""

    __tablename__ = "drift_detections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rule_id: Mapped[str] = mapped_column(NAME, index=True)
    repo: Mapped[str] = mapped_column(NAME)
    path: Mapped[str] = mapped_column(PATH)
    line: Mapped[int | None]
    col: Mapped[int | None]
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    message: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(20))
    # No index of its own: every index below that starts with status serves it.
    status: Mapped[str] = mapped_column(String(20))
    first_seen: Mapped[datetime | None]
    last_seen: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    commit: Mapped[str | None] = mapped_column(String(64))
    decision: Mapped[str | None] = mapped_column(ID)
    author: Mapped[str | None] = mapped_column(NAME)
    issue_id: Mapped[str | None] = reference("issues.id")
    session_id: Mapped[str | None] = reference("work_sessions.id")
    waiver_reason: Mapped[str | None] = mapped_column(Text)
    waiver_owner: Mapped[str | None] = mapped_column(NAME)
    waiver_expires: Mapped[date | None] = mapped_column(Date)
    extra: Mapped[dict[str, Any]] = extra_column()


Index("ix_drift_detections_repo_status", DriftDetection.repo, DriftDetection.status)
# Covering indexes for ``wsguard report``: every aggregate it runs is an index-only
# scan of one status, so the report stays interactive over a million detections.
Index(
    "ix_drift_detections_status_rule",
    DriftDetection.status,
    DriftDetection.repo,
    DriftDetection.rule_id,
    DriftDetection.severity,
    DriftDetection.decision,
)
Index(
    "ix_drift_detections_status_first_seen",
    DriftDetection.status,
    DriftDetection.first_seen,
    DriftDetection.repo,
)
# The report counts ranges of first_seen and of resolved_at per status and repo
# (wsguard/report/ranges.py); the other timestamp is there for the count's filter.
Index(
    "ix_drift_detections_status_repo_first_seen",
    DriftDetection.status,
    DriftDetection.repo,
    DriftDetection.first_seen,
    DriftDetection.resolved_at,
)
Index(
    "ix_drift_detections_status_repo_resolved_at",
    DriftDetection.status,
    DriftDetection.repo,
    DriftDetection.resolved_at,
    DriftDetection.first_seen,
)


class ScanRun(Base):
    __tablename__ = "scan_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    repo: Mapped[str | None] = mapped_column(NAME, index=True)
    mode: Mapped[str] = mapped_column(String(20))
    ref: Mapped[str | None] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(index=True)
    duration_s: Mapped[float | None] = mapped_column(Float)
    files_scanned: Mapped[int] = mapped_column(Integer, default=0)
    findings: Mapped[int] = mapped_column(Integer, default=0)
    # A commit attempt the guard stopped: its findings never entered history.
    blocked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    session_id: Mapped[str | None] = reference("work_sessions.id")
    # The spool file this run was replayed from: recorded once, however many runs flush it.
    spool_key: Mapped[str | None] = mapped_column(String(64))
    extra: Mapped[dict[str, Any]] = extra_column()


Index("uq_scan_runs_spool_key", ScanRun.spool_key, unique=True)


class RepoDependency(Base):
    """What a repo's committed code uses of another workspace repo, as its last full scan saw
    it: imports of the other repo's packages (``kind`` ``import``) or a dependency its
    manifests declare on it (``declared``). The architecture map draws these."""

    __tablename__ = "repo_dependencies"

    repo: Mapped[str] = mapped_column(NAME, primary_key=True)
    target: Mapped[str] = mapped_column(NAME, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    total: Mapped[int] = mapped_column(Integer, default=0)  # import statements, or declarations
    files: Mapped[int] = mapped_column(Integer, default=0)  # files holding them
    commit: Mapped[str | None] = mapped_column(String(64))
    recorded_at: Mapped[datetime | None]


class ScanCache(Base):
    """Findings of one blob under one rules digest, so unchanged blobs are not re-checked."""

    __tablename__ = "scan_cache"

    blob_sha: Mapped[str] = mapped_column(String(64), primary_key=True)
    rules_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    findings: Mapped[str] = mapped_column(Text)
