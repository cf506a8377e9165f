"""``check --format json``: DESIGN.md's envelope, findings in the one order, plus a summary.

``{"schema_version": 1, "data": {"findings": [...], "files_scanned": N, "summary": {...}}}``
"""

from __future__ import annotations

from typing import Any

from wsguard.output.shared import dump_json, non_blocking_reason, ordered
from wsguard.values import CheckResult, Reported, envelope


def render(result: CheckResult) -> str:
    return dump_json(envelope(data(result)))


def data(result: CheckResult) -> dict[str, Any]:
    reported = ordered(result)
    blocking = sum(1 for r in reported if r.blocking)
    return {
        "findings": [_finding(r) for r in reported],
        "files_scanned": result.files_scanned,
        "summary": {
            "repo": result.repo,
            "blocking": blocking,
            "non_blocking": len(reported) - blocking,
            "waived": sum(1 for r in reported if non_blocking_reason(r) == "waived"),
            "baselined": sum(1 for r in reported if non_blocking_reason(r) == "baselined"),
            "new": result.new,
            "fixed": result.fixed,
            "notes": list(result.notes),
            "exit_code": result.exit_code,
        },
    }


def _finding(reported: Reported) -> dict[str, Any]:
    """DESIGN.md's finding, plus its ``detection_id`` once recorded (what ``waive`` takes)."""
    data = reported.finding.to_json(reported.blocking)
    if reported.detection_id is not None:
        data["detection_id"] = reported.detection_id
    return data
