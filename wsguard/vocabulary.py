"""The words the tracker stores: statuses, priorities, roles. Pure constants, no imports.

The ORM models, the CLI's choices and the importers all take their vocabulary
from here, so a value accepted by one entry is accepted by every other.
"""

from __future__ import annotations

TASK_STATUSES = ("pending", "in_progress", "completed", "blocked")
PRIORITIES = ("HIGH", "MEDIUM", "LOW")
ISSUE_STATUSES = ("open", "resolved", "closed")
DECISION_STATUSES = ("proposed", "accepted", "superseded", "deprecated", "rejected")
IMPACTS = ("HIGH", "MEDIUM", "LOW")
SESSION_STATUSES = ("active", "completed", "abandoned")
FILE_ROLES = ("created", "modified")
DETECTION_STATUSES = ("open", "resolved", "waived", "baselined")
