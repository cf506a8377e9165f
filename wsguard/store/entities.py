"""The exported entities: file names, JSON keys and where each key is stored.

The four files the workspace kept before the database keep their names and
field names (``WORKSPACE-TASKS.json`` …), so old tools can still read exports.
Entities are listed in the order their rows can be inserted.
"""

from __future__ import annotations

from wsguard.store.fields import Child, Entity, Field, ListField
from wsguard.vocabulary import (
    DECISION_STATUSES,
    DETECTION_STATUSES,
    IMPACTS,
    ISSUE_SEVERITIES,
    ISSUE_STATUSES,
    PRIORITIES,
    RULE_SEVERITY_LEVEL,
    SESSION_STATUSES,
    SESSION_SYNONYMS,
    TASK_STATUSES,
)

SESSIONS = Entity(
    name="sessions",
    file="SESSION-LOG.json",
    wrapper="sessions",
    table="work_sessions",
    id_key="session_id",
    fields=(
        Field("start_time", "started_at", "datetime"),
        Field("end_time", "ended_at", "datetime"),
        Field(
            "status",
            "status",
            default="active",
            choices=SESSION_STATUSES,
            synonyms=tuple(SESSION_SYNONYMS.items()),
        ),
        Field("user", "user"),
        Field("ai_assistant", "ai_assistant"),
        Field("handoff_notes", "handoff_notes"),
    ),
    lists=(
        ListField("decisions", "session_decisions", "session_id", "decision_id", "decisions"),
        ListField("issues_found", "session_issues", "session_id", "issue_id", "issues"),
    ),
    children=(
        Child(
            key="activities",
            table="work_activities",
            owner="session_id",
            fields=(
                Field("type", "activity_type", default="note", aliases=("activity_type",)),
                Field("description", "description", required=True),
                Field("outcome", "outcome"),
                # The seeds' activities say ``time``.
                Field("timestamp", "occurred_at", "datetime", aliases=("time",)),
            ),
            lists=(
                ListField(
                    "files_created",
                    "activity_files",
                    "activity_id",
                    "path",
                    role=("role", "created"),
                ),
                ListField(
                    "files_modified",
                    "activity_files",
                    "activity_id",
                    "path",
                    role=("role", "modified"),
                ),
            ),
        ),
    ),
)

DECISIONS = Entity(
    name="decisions",
    file="ARCHITECTURE-DECISIONS.json",
    wrapper="decisions",
    table="decisions",
    id_key="id",
    fields=(
        Field("date", "date", "date"),
        Field("session", "session_id", ref="sessions", soft=True),
        Field("title", "title", required=True),
        Field("decision", "decision"),
        Field("rationale", "rationale"),
        Field("status", "status", default="accepted", choices=DECISION_STATUSES),
        Field("impact", "impact", choices=IMPACTS),
        Field("supersedes", "supersedes", ref="decisions", late=True),
        Field("superseded_by", "superseded_by", ref="decisions", late=True),
    ),
    lists=(
        ListField("repos_affected", "decision_repos", "decision_id", "repo"),
        ListField("related_files", "decision_files", "decision_id", "path"),
        ListField("documentation", "decision_docs", "decision_id", "link"),
        ListField("related_tasks", "decision_tasks", "decision_id", "task_id", "tasks"),
    ),
)

TASKS = Entity(
    name="tasks",
    file="WORKSPACE-TASKS.json",
    wrapper="tasks",
    table="tasks",
    id_key="id",
    fields=(
        Field("title", "title", required=True),
        Field("description", "description"),
        Field("status", "status", default="pending", choices=TASK_STATUSES),
        Field("priority", "priority", default="MEDIUM", choices=PRIORITIES),
        Field("created", "created_at", "datetime"),
        Field("updated", "updated_at", "datetime"),
        Field("session_created", "session_created", ref="sessions", soft=True),
        Field("assigned_to", "assigned_to"),
        Field("notes", "notes"),
        Field("blocked_reason", "blocked_reason"),
    ),
    lists=(
        ListField("repos_affected", "task_repos", "task_id", "repo"),
        ListField("related_files", "task_files", "task_id", "path"),
        ListField("dependencies", "task_dependencies", "task_id", "depends_on", "tasks"),
    ),
)

ISSUES = Entity(
    name="issues",
    file="CROSS-REPO-ISSUES.json",
    wrapper="issues",
    table="issues",
    id_key="id",
    fields=(
        Field("type", "issue_type", required=True),
        # An older export has the guard's issues under the rule's severity (error, …).
        Field(
            "severity",
            "severity",
            required=True,
            choices=ISSUE_SEVERITIES,
            mapped=tuple(RULE_SEVERITY_LEVEL.items()),
        ),
        Field("title", "title", required=True),
        Field("description", "description"),
        Field("status", "status", default="open", choices=ISSUE_STATUSES),
        Field("detected", "detected_at", "datetime"),
        Field("detected_by", "detected_by"),
        Field("action_required", "action_required"),
        Field("assigned_to", "assigned_to"),
        Field("related_task_id", "related_task_id", ref="tasks"),
        Field("resolved", "resolved_at", "datetime"),
        Field("rule_id", "rule_id"),
    ),
    lists=(ListField("repos_affected", "issue_repos", "issue_id", "repo"),),
)

DETECTIONS = Entity(
    name="detections",
    file="DRIFT-DETECTIONS.json",
    wrapper="detections",
    table="drift_detections",
    id_key="id",
    id_kind="int",
    natural_key="fingerprint",
    fields=(
        Field("rule_id", "rule_id", required=True),
        Field("repo", "repo", required=True),
        Field("path", "path", required=True),
        Field("line", "line", "int"),
        Field("col", "col", "int"),
        Field("fingerprint", "fingerprint", required=True),
        Field("message", "message", required=True),
        Field("severity", "severity", required=True),
        Field("status", "status", default="open", choices=DETECTION_STATUSES),
        Field("first_seen", "first_seen", "datetime"),
        Field("last_seen", "last_seen", "datetime"),
        Field("resolved_at", "resolved_at", "datetime"),
        Field("commit", "commit"),
        Field("decision", "decision"),
        Field("author", "author"),
        Field("issue_id", "issue_id", ref="issues"),
        Field("session_id", "session_id", ref="sessions"),
        Field("waiver_reason", "waiver_reason"),
        Field("waiver_owner", "waiver_owner"),
        Field("waiver_expires", "waiver_expires", "date"),
    ),
)

CONTEXT_SWITCHES = Entity(
    name="context_switches",
    file="CONTEXT-SWITCHES.json",
    wrapper="context_switches",
    table="context_switches",
    id_key="id",
    id_kind="int",
    fields=(
        Field("session_id", "session_id", ref="sessions"),
        Field("from_repo", "from_repo"),
        Field("to_repo", "to_repo", required=True),
        Field("time", "switched_at", "datetime", required=True),
        Field("reason", "reason"),
    ),
)

PLACEMENTS = Entity(
    name="placements",
    file="COMPONENT-PLACEMENTS.json",
    wrapper="placements",
    table="component_placements",
    id_key="component",
    id_column="component",
    fields=(
        Field("repo", "repo", required=True),
        Field("path_pattern", "path_pattern"),
        Field("decision", "decision"),
    ),
)

STATES = Entity(
    name="states",
    file="ARCHITECTURE-STATES.json",
    wrapper="states",
    table="architecture_states",
    id_key="component",
    id_column="component",
    fields=(
        Field("current_repo", "current_repo"),
        Field("current_state", "current_state"),
        Field("target_repo", "target_repo"),
        Field("target_state", "target_state"),
        Field("recorded_at", "recorded_at", "datetime"),
    ),
)

SCAN_RUNS = Entity(
    name="scan_runs",
    file="SCAN-RUNS.json",
    wrapper="scan_runs",
    table="scan_runs",
    id_key="id",
    id_kind="int",
    fields=(
        Field("repo", "repo"),
        Field("mode", "mode", required=True),
        Field("ref", "ref"),
        Field("started_at", "started_at", "datetime", required=True),
        Field("duration_s", "duration_s", "float"),
        Field("files_scanned", "files_scanned", "int", default=0),
        Field("findings", "findings", "int", default=0),
        Field("session_id", "session_id", ref="sessions"),
    ),
)

# Insert order: every reference points at an entity listed earlier, or is ``late``
# (or a list, inserted after all rows).
ENTITIES: tuple[Entity, ...] = (
    SESSIONS,
    DECISIONS,
    TASKS,
    ISSUES,
    DETECTIONS,
    CONTEXT_SWITCHES,
    PLACEMENTS,
    STATES,
    SCAN_RUNS,
)
BY_NAME = {e.name: e for e in ENTITIES}
BY_FILE = {e.file: e for e in ENTITIES}
