"""Reading the drift detections the guard recorded (the guard writes them: store.recorder)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from wsguard.store.entities import DETECTIONS
from wsguard.store.export import entity_records
from wsguard.store.models import DriftDetection
from wsguard.values import Record
from wsguard.vocabulary import DETECTION_STATUSES, choice


def list_detections(
    session: Session,
    *,
    status: str | None = None,
    repo: str | None = None,
    rule_id: str | None = None,
) -> list[Record]:
    """Detections matching every filter given, by id (as exported)."""
    query = select(DriftDetection.id).order_by(DriftDetection.id)
    if status is not None:
        query = query.where(DriftDetection.status == choice("status", status, DETECTION_STATUSES))
    if repo is not None:
        query = query.where(DriftDetection.repo == repo)
    if rule_id is not None:
        query = query.where(DriftDetection.rule_id == rule_id)
    return entity_records(session, DETECTIONS, list(session.scalars(query)))
