"""The words the tracker stores: statuses, levels, roles. Pure constants and one check.

The ORM models, the CLI's choices, the Python API and the importers all take
their vocabulary from here, so a value accepted by one entry is accepted by
every other, and stored in one form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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
# The seeds' decision statuses (implemented, in_progress, maintained) are first-class:
# a decision carried out, being carried out, or kept up.
DECISION_STATUSES = (
    "proposed",
    "accepted",
    "in_progress",
    "implemented",
    "maintained",
    "superseded",
    "deprecated",
    "rejected",
)
SESSION_STATUSES = ("active", "completed", "abandoned")
# Other words for a stored value. The seeds call an open session ``in_progress``;
# wsguard stores ``active`` and export writes back the word the user wrote.
SESSION_SYNONYMS = {"in_progress": "active"}
FILE_ROLES = ("created", "modified")
# ``blocked``: found only in a commit attempt the guard stopped; not open drift.
DETECTION_STATUSES = ("open", "resolved", "waived", "baselined", "blocked")
# Detections the repositories do not contain (gone, or only ever in a blocked attempt):
# found again, they are new.
NOT_IN_HISTORY = ("resolved", "blocked")


def choice(
    what: str, value: str, valid: Sequence[str], synonyms: Mapping[str, str] | None = None
) -> str:
    """``value`` as stored (matched case-insensitively, a synonym mapped onto its stored
    word), or a UsageError listing ``valid``."""
    folded = value.strip().casefold() if isinstance(value, str) else value
    for word, stored in (synonyms or {}).items():
        if word.casefold() == folded:
            return stored
    for candidate in valid:
        if candidate.casefold() == folded:
            return candidate
    words = [*valid, *(synonyms or {})]
    raise UsageError(f"invalid {what} {value!r}: use one of {', '.join(words)}")
