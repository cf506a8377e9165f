"""Rows the tracker reads but does not write itself (the guard records detections)."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from wsguard.store.models.drift import DriftDetection

_serial = itertools.count(1)


def add_detection(session: Session, rule_id: str = "no-pandas-in-core", **fields: Any) -> int:
    """Record a detection as the guard would; its id."""
    n = next(_serial)
    values: dict[str, Any] = {
        "rule_id": rule_id,
        "repo": "meridian-core",
        "path": f"src/core/m{n}.py",
        "line": n,
        "col": 1,
        "fingerprint": f"{n:032x}",
        "message": "pandas in core",
        "severity": "error",
        "status": "open",
        "first_seen": datetime(2025, 3, 1, 9, 0),
        "extra": {},
    }
    values.update(fields)
    row = DriftDetection(**values)
    session.add(row)
    session.flush()
    return row.id
