"""The words the tracker stores: statuses, levels, roles. Pure constants and one check.

The ORM models, the CLI's choices, the Python API and the importers all take
their vocabulary from here, so a value accepted by one entry is accepted by
every other, and stored in one form.
"""

from __future__ import annotations

from collections.abc import Sequence

from wsguard.errors import UsageError

# One scale for a task's priority, an issue's severity and a decision's impact.
LEVELS = ("CRITICAL", "HIGH", "MEDIUM", "LOW")
PRIORITIES = LEVELS
ISSUE_SEVERITIES = LEVELS
IMPACTS = LEVELS
# A rule's severity (rules.yaml) and the severity of the issue it files.
RULE_SEVERITY_LEVEL = {"error": "HIGH", "warning": "MEDIUM", "info": "LOW"}

TASK_STATUSES = ("pending", "in_progress", "completed", "blocked")
ISSUE_STATUSES = ("open", "resolved", "closed")
DECISION_STATUSES = ("proposed", "accepted", "superseded", "deprecated", "rejected")
SESSION_STATUSES = ("active", "completed", "abandoned")
FILE_ROLES = ("created", "modified")
# ``blocked``: found only in a commit attempt the guard stopped; not open drift.
DETECTION_STATUSES = ("open", "resolved", "waived", "baselined", "blocked")


def choice(what: str, value: str, valid: Sequence[str]) -> str:
    """``value`` as stored (matched case-insensitively), or a UsageError listing ``valid``."""
    folded = value.strip().casefold() if isinstance(value, str) else value
    for candidate in valid:
        if candidate.casefold() == folded:
            return candidate
    raise UsageError(f"invalid {what} {value!r}: use one of {', '.join(valid)}")
