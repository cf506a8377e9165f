"""``WorkspaceDB``: the Python API for scripts and other tools, a thin facade.

Each method is one transaction that calls the tracker (``wsguard.tracker``: the
same functions the CLI calls, so both validate alike) or the store's export and
import. It returns ``Item`` records (``task.title``, ``task["title"]``,
``task.to_dict()``) shaped exactly like the exported JSON, never live ORM
objects. Method and keyword names are the seeds' (../shared/seeds/)::

    from wsguard import WorkspaceDB
    db = WorkspaceDB(workspace_root=Path("~/data-projects").expanduser())
    db.add_task(task_id="WS-TASK-001", title="Move the engine", repos_affected=["meridian-core"])
    db.get_tasks(repo="meridian-core", status="pending")
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from wsguard.api.item import Item, item, items
from wsguard.errors import UsageError
from wsguard.store.db import Database
from wsguard.store.entities import BY_FILE, BY_NAME, ENTITIES
from wsguard.store.export import export_records
from wsguard.store.legacy import LegacyReport, import_documents, import_legacy_files
from wsguard.store.transfer import export_folder
from wsguard.tracker import context, decisions, drift, graph, issues, placements, sessions, tasks
from wsguard.workspace import Options, resolve_db_url


class WorkspaceDB:
    """The workspace database: ``url`` (a URL or a SQLite path) wins; else ``$WSGUARD_DB``;
    else the workspace's default (``<workspace_root>/workspace.db``)."""

    def __init__(self, workspace_root: Path | str | None = None, url: str | None = None) -> None:
        self.workspace_root = Path(workspace_root or Path.cwd()).expanduser().resolve()
        self.database = Database(resolve_db_url(Options(db=url), self.workspace_root))

    def close(self) -> None:
        self.database.dispose()

    def __enter__(self) -> WorkspaceDB:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # tasks
    def add_task(
        self,
        task_id: str | None = None,
        title: str = "",
        *,
        status: str = "pending",
        priority: str = "MEDIUM",
        repos_affected: Iterable[str] = (),
        related_files: Iterable[str] = (),
        dependencies: Iterable[str] = (),
        description: str | None = None,
        session_created: str | None = None,
        assigned_to: str | None = None,
        notes: str | None = None,
    ) -> Item:
        """Add a task; ``session_created`` may name a session that is not there yet."""
        with self.database.session_scope() as session:
            return item(
                tasks.add_task(
                    session,
                    title,
                    task_id=task_id,
                    status=status,
                    priority=priority,
                    repos=repos_affected,
                    files=related_files,
                    depends_on=dependencies,
                    description=description,
                    session_id=session_created,
                    assign=assigned_to,
                    notes=notes,
                )
            )

    def get_task(self, task_id: str) -> Item:
        with self.database.session_scope() as session:
            return item(tasks.get_task(session, task_id))

    def get_tasks(
        self,
        status: str | None = None,
        repo: str | None = None,
        priority: str | None = None,
        limit: int | None = None,
        assigned_to: str | None = None,
    ) -> list[Item]:
        with self.database.session_scope() as session:
            return items(
                tasks.list_tasks(
                    session,
                    status=status,
                    repo=repo,
                    priority=priority,
                    assignee=assigned_to,
                    limit=limit,
                )
            )

    def get_active_tasks(self, repo: str | None = None) -> list[Item]:
        """Tasks not completed yet (pending, in progress or blocked), oldest first."""
        with self.database.session_scope() as session:
            return items(tasks.list_tasks(session, repo=repo, open_only=True))

    def get_all_tasks(self) -> list[Item]:
        return self.get_tasks()

    def update_task(self, task_id: str, **changes: Any) -> Item:
        """Change ``title``, ``description``, ``priority``, ``status``, ``notes`` or
        ``assigned_to`` (as ``task update`` does)."""
        if "assigned_to" in changes:
            changes["assign"] = changes.pop("assigned_to")
        with self.database.session_scope() as session:
            return item(tasks.update_task(session, task_id, **changes))

    def tasks_of_decision(self, decision_id: str) -> list[Item]:
        with self.database.session_scope() as session:
            return items(decisions.tasks_of_decision(session, decision_id))

    def ready_tasks(self, repo: str | None = None, limit: int | None = None) -> list[Item]:
        """Pending tasks whose dependencies are all completed, by priority then age."""
        with self.database.session_scope() as session:
            return items(graph.ready_tasks(session, repo, limit))

    def add_dependency(self, task_id: str, depends_on: str) -> Item:
        """``task_id`` waits for ``depends_on``; ConflictError (naming the cycle) if it would
        close one."""
        with self.database.session_scope() as session:
            return item(graph.add_dependency(session, task_id, depends_on))

    def claim_task(self, task_id: str, who: str) -> Item:
        """Assign an unassigned task to ``who``; ConflictError if someone else has it."""
        with self.database.session_scope() as session:
            return item(tasks.claim_task(session, task_id, who))

    # issues
    def add_issue(
        self,
        issue_id: str | None = None,
        issue_type: str = "",
        severity: str = "",
        title: str | None = None,
        *,
        description: str | None = None,
        repos_affected: Iterable[str] = (),
        detected_by: str | None = None,
        action_required: str | None = None,
        status: str = "open",
        related_task_id: str | None = None,
    ) -> Item:
        """Open an issue; without a title, the first line of its description is its title."""
        if not (title or "").strip() and description and description.strip():
            title = description.strip().splitlines()[0][:120]
        with self.database.session_scope() as session:
            return item(
                issues.add_issue(
                    session,
                    title or "",
                    issue_type,
                    severity,
                    issue_id=issue_id,
                    description=description,
                    repos=repos_affected,
                    detected_by=detected_by,
                    action_required=action_required,
                    status=status,
                    related_task_id=related_task_id,
                )
            )

    def get_issue(self, issue_id: str) -> Item:
        with self.database.session_scope() as session:
            return item(issues.get_issue(session, issue_id))

    def get_issues(
        self,
        status: str | None = None,
        repo: str | None = None,
        severity: str | None = None,
        issue_type: str | None = None,
    ) -> list[Item]:
        with self.database.session_scope() as session:
            return items(
                issues.list_issues(
                    session, status=status, repo=repo, severity=severity, issue_type=issue_type
                )
            )

    def get_all_issues(self) -> list[Item]:
        return self.get_issues()

    def issues_of_task(self, task_id: str) -> list[Item]:
        with self.database.session_scope() as session:
            return items(issues.issues_of_task(session, task_id))

    # decisions
    def add_decision(
        self,
        decision_id: str | None = None,
        decision: str | None = None,
        rationale: str = "",
        *,
        title: str | None = None,
        status: str = "proposed",
        impact: str | None = None,
        repos_affected: Iterable[str] = (),
        related_files: Iterable[str] = (),
        documentation: Iterable[str] = (),
        session: str | None = None,
    ) -> Item:
        """Record a decision; without a title, the first line of ``decision`` is its title."""
        with self.database.session_scope() as db_session:
            return item(
                decisions.add_decision(
                    db_session,
                    title,
                    rationale,
                    impact=impact,
                    repos=repos_affected,
                    decision_id=decision_id,
                    decision=decision,
                    session_id=session,
                    status=status,
                    files=related_files,
                    docs=documentation,
                )
            )

    def get_decision(self, decision_id: str) -> Item:
        with self.database.session_scope() as session:
            return item(decisions.get_decision(session, decision_id))

    def get_decisions(self, status: str | None = None) -> list[Item]:
        with self.database.session_scope() as session:
            return items(decisions.list_decisions(session, status))

    def get_all_decisions(self) -> list[Item]:
        return self.get_decisions()

    def decisions_of_session(self, session_id: str) -> list[Item]:
        with self.database.session_scope() as session:
            return items(decisions.decisions_of_session(session, session_id))

    # sessions
    def add_session(
        self,
        session_id: str | None = None,
        user: str | None = None,
        ai_assistant: str | None = None,
    ) -> Item:
        """Start a session (``session.id`` is its id); one open session per user."""
        with self.database.session_scope() as session:
            return item(sessions.start_session(session, user, ai_assistant, session_id=session_id))

    def add_session_activity(
        self,
        session_id: str,
        activity_type: str = "note",
        description: str = "",
        files_created: Iterable[str] = (),
        files_modified: Iterable[str] = (),
        outcome: str | None = None,
    ) -> Item:
        """Log an activity of an open session; returns the session."""
        with self.database.session_scope() as session:
            return item(
                sessions.log_activity(
                    session,
                    session_id,
                    description,
                    activity_type=activity_type,
                    files=files_modified,
                    files_created=files_created,
                    outcome=outcome,
                )
            )

    def end_session(self, session_id: str, handoff_notes: str | None = None) -> Item:
        with self.database.session_scope() as session:
            return item(sessions.end_session(session, session_id, handoff_notes))

    def get_session(self, session_id: str) -> Item:
        with self.database.session_scope() as session:
            return item(sessions.get_session(session, session_id))

    def get_sessions(self, status: str | None = None) -> list[Item]:
        """Sessions, newest first (``in_progress`` finds the open ones, as ``active``)."""
        with self.database.session_scope() as session:
            return items(sessions.list_sessions(session, status))

    def get_all_sessions(self) -> list[Item]:
        return self.get_sessions()

    # context, placements, states, drift
    def get_context_switches(self, session_id: str | None = None) -> list[Item]:
        """Repo context switches, oldest first (of one session when given)."""
        with self.database.session_scope() as session:
            return items(context.context_history(session, session_id))

    def get_placements(self) -> list[Item]:
        with self.database.session_scope() as session:
            return items(placements.list_placements(session))

    def get_states(self) -> list[Item]:
        """Each component's current and target repo."""
        with self.database.session_scope() as session:
            return items(placements.list_states(session)["states"])

    def get_drift_detections(
        self, status: str | None = None, repo: str | None = None, rule_id: str | None = None
    ) -> list[Item]:
        with self.database.session_scope() as session:
            return items(drift.list_detections(session, status=status, repo=repo, rule_id=rule_id))

    # export / import
    def export_to_json(self) -> dict[str, list[Item]]:
        """Every entity's records, keyed by export file name (``WORKSPACE-TASKS.json`` …)."""
        with self.database.session_scope() as session:
            return {name: items(records) for name, records in export_records(session).items()}

    def export_to_json_files(self, folder: Path | str | None = None) -> list[Path]:
        """Write the export files (default: into the workspace root)."""
        return export_folder(self.database, Path(folder) if folder else self.workspace_root)

    def import_from_json_files(
        self, paths: Sequence[Path | str], *, dry_run: bool = False
    ) -> LegacyReport:
        """Import files named as export names them (the seeds' four files or any export
        file), in any order, in one transaction: all of them or nothing."""
        return import_legacy_files(self.database, [self._path(p) for p in paths], dry_run=dry_run)

    def import_from_json(
        self, data: Mapping[str, Any], *, dry_run: bool = False, force: bool = False
    ) -> LegacyReport:
        """Import what ``export_to_json`` returns, or the seeds' ``{"tasks": [...],
        "issues": [...], ...}``: keys are export file names or entity names, values a
        list of records or a whole file's object."""
        documents = {}
        for key, value in data.items():
            entity = BY_FILE.get(key) or BY_NAME.get(key)
            entity = entity or next((e for e in ENTITIES if e.wrapper == key), None)
            if entity is None:
                names = ", ".join(e.name for e in ENTITIES)
                raise UsageError(f"{key!r}: not an export file or entity name (one of {names})")
            documents[entity.name] = (key, value)
        return import_documents(self.database, documents, dry_run=dry_run, force=force)

    def _path(self, given: Path | str) -> Path:
        path = Path(given).expanduser()
        if path.is_absolute() or path.exists():
            return path
        return self.workspace_root / path

    def to_json_text(self) -> str:
        """The whole export as one JSON document (handy for debugging and diffs)."""
        return json.dumps(self.export_to_json(), indent=2, sort_keys=True, ensure_ascii=False)
