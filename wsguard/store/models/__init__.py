"""The ORM models of every table, in one metadata.

``base`` holds the declarative base and column helpers; ``tracking`` the tasks,
issues and decisions; ``sessions`` the work sessions and context switches;
``drift`` what the guard records. Importing this package registers them all.
"""

from __future__ import annotations

from sqlalchemy import MetaData

from wsguard.store.models.base import Base
from wsguard.store.models.drift import (
    ArchitectureState,
    ComponentPlacement,
    DriftDetection,
    ScanCache,
    ScanRun,
)
from wsguard.store.models.headers import FileHeader
from wsguard.store.models.sessions import (
    ActivityFile,
    ContextSwitch,
    SessionActivity,
    SessionDecision,
    SessionIssue,
    WorkSession,
)
from wsguard.store.models.tracking import (
    Decision,
    DecisionDoc,
    DecisionFile,
    DecisionRepo,
    DecisionTask,
    Issue,
    IssueRepo,
    Task,
    TaskDependency,
    TaskFile,
    TaskRepo,
)
from wsguard.vocabulary import (
    DECISION_STATUSES,
    DETECTION_STATUSES,
    FILE_ROLES,
    IMPACTS,
    ISSUE_STATUSES,
    PRIORITIES,
    SESSION_STATUSES,
    TASK_STATUSES,
)

metadata: MetaData = Base.metadata

__all__ = [
    "DECISION_STATUSES",
    "DETECTION_STATUSES",
    "FILE_ROLES",
    "IMPACTS",
    "ISSUE_STATUSES",
    "PRIORITIES",
    "SESSION_STATUSES",
    "TASK_STATUSES",
    "ActivityFile",
    "ArchitectureState",
    "Base",
    "ComponentPlacement",
    "ContextSwitch",
    "Decision",
    "DecisionDoc",
    "DecisionFile",
    "DecisionRepo",
    "DecisionTask",
    "DriftDetection",
    "FileHeader",
    "Issue",
    "IssueRepo",
    "ScanCache",
    "ScanRun",
    "SessionActivity",
    "SessionDecision",
    "SessionIssue",
    "Task",
    "TaskDependency",
    "TaskFile",
    "TaskRepo",
    "WorkSession",
    "metadata",
]
