"""Baselines and waivers: accepting known drift without hiding new drift.

A baselined detection stops blocking until it disappears (then it is resolved,
and blocks again if it comes back). A waiver makes one detection non-blocking
until its expiry date, with a reason and an owner; an expired waiver blocks.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from wsguard.errors import NotFoundError, UsageError
from wsguard.store.models.drift import DriftDetection


def baseline(session: Session, repos: tuple[str, ...] = ()) -> int:
    """Mark every open detection (of ``repos``, default all) as baselined; return how many."""
    query = update(DriftDetection).where(DriftDetection.status == "open")
    if repos:
        query = query.where(DriftDetection.repo.in_(repos))
    result = session.execute(query.values(status="baselined"))
    return int(getattr(result, "rowcount", 0) or 0)


MAX_ID = 2**63 - 1  # the widest integer either database stores


def find_detection(session: Session, ref: str) -> DriftDetection:
    """A detection by id, by fingerprint (or a unique 8+ character prefix), or by
    ``path:line`` / ``repo:path:line`` of an unresolved detection."""
    if ref.isascii() and ref.isdigit():
        if int(ref) > MAX_ID:
            raise UsageError(f"no detection id is that large: {ref[:20]}… (see wsguard report)")
        found = session.get(DriftDetection, int(ref))
        if found is not None:
            return found
    at = _by_location(session, ref)
    if at is not None:
        return at
    if len(ref) >= 8:
        rows = session.scalars(
            select(DriftDetection).where(DriftDetection.fingerprint.startswith(ref)).limit(2)
        ).all()
        if len(rows) == 1:
            return rows[0]
        if len(rows) > 1:
            raise UsageError(f"detection {ref!r} is ambiguous: give more of the fingerprint")
    raise NotFoundError(
        f"no detection {ref!r} (give its id, fingerprint or path:line; see wsguard report)"
    )


def _by_location(session: Session, ref: str) -> DriftDetection | None:
    where, sep, line = ref.rpartition(":")
    if not sep or not (line.isascii() and line.isdigit()) or not where or int(line) > MAX_ID:
        return None
    candidates: list[tuple[str | None, str]] = [(None, where)]
    repo, sep, path = where.partition(":")
    if sep and path:
        candidates.append((repo, path))
    for repo_name, path in candidates:
        query = select(DriftDetection).where(
            DriftDetection.path == path,
            DriftDetection.line == int(line),
            DriftDetection.status != "resolved",
        )
        if repo_name is not None:
            query = query.where(DriftDetection.repo == repo_name)
        rows = session.scalars(query.order_by(DriftDetection.id).limit(10)).all()
        if len(rows) == 1:
            return rows[0]
        if len(rows) > 1:
            ids = ", ".join(str(r.id) for r in rows)
            raise UsageError(f"{ref!r} matches detections {ids}: give one id, or repo:path:line")
    return None


def waive(session: Session, ref: str, *, reason: str, owner: str, expires: date) -> dict[str, Any]:
    if expires < date.today():
        raise UsageError(f"--expires {expires.isoformat()} is in the past")
    if not reason.strip() or not owner.strip():
        raise UsageError("a waiver needs a --reason and an --owner")
    detection = find_detection(session, ref)
    if detection.status == "resolved":
        raise UsageError(f"detection {detection.id} is resolved: there is nothing to waive")
    detection.status = "waived"
    detection.waiver_reason, detection.waiver_owner = reason.strip(), owner.strip()
    detection.waiver_expires = expires
    return describe(detection)


def waivers(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(DriftDetection)
        .where(DriftDetection.status == "waived")
        .order_by(DriftDetection.waiver_expires, DriftDetection.id)
    )
    return [describe(d) for d in rows]


def describe(d: DriftDetection) -> dict[str, Any]:
    expires = d.waiver_expires
    return {
        "id": d.id,
        "fingerprint": d.fingerprint,
        "rule": d.rule_id,
        "repo": d.repo,
        "path": d.path,
        "line": d.line,
        "status": d.status,
        "waiver_reason": d.waiver_reason,
        "waiver_owner": d.waiver_owner,
        "waiver_expires": expires.isoformat() if expires else None,
        "expired": bool(expires and expires < date.today()),
    }
