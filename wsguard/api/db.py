"""``WorkspaceDB``: the Python API for scripts and other tools, a thin facade.

Each method is one transaction that calls the tracker (``wsguard.tracker``: the
same functions the CLI calls, so both validate alike) or the store's export and
import, and returns plain values: dicts shaped exactly like
the exported JSON records, never live ORM objects::

    from wsguard import WorkspaceDB
    db = WorkspaceDB(workspace_root=Path("~/data-projects").expanduser())
    db.add_task(task_id="TASK-007", title="Move the engine", repos_affected=["meridian-core"])
    db.get_tasks(repo="meridian-core", status="pending")
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from wsguard.errors import UsageError
from wsguard.store.db import Database
from wsguard.store.entities import BY_FILE
from wsguard.store.export import export_records
from wsguard.store.importer import ImportPlan, Source, read_json, records_of
from wsguard.store.transfer import export_folder, import_sources
from wsguard.tracker import decisions, graph, issues, sessions, tasks
from wsguard.values import Record
from wsguard.workspace import Options, resolve_db_url


class WorkspaceDB:
    """The workspace database. ``url`` wins; else ``$WSGUARD_DB``; else ``<root>/workspace.db``."""

    def __init__(self, workspace_root: Path | None = None, url: str | None = None) -> None:
        self.workspace_root = (workspace_root or Path.cwd()).resolve()
        self.database = Database(url or resolve_db_url(Options(), self.workspace_root))

    def close(self) -> None:
        self.database.dispose()

    def __enter__(self) -> WorkspaceDB:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # tasks
    def add_task(
        self,
        task_id: str,
        title: str,
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
    ) -> Record:
        with self.database.session_scope() as session:
            return tasks.add_task(
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

    def get_task(self, task_id: str) -> Record:
        with self.database.session_scope() as session:
            return tasks.get_task(session, task_id)

    def get_tasks(
        self,
        status: str | None = None,
        repo: str | None = None,
        priority: str | None = None,
        limit: int | None = None,
        assigned_to: str | None = None,
    ) -> list[Record]:
        with self.database.session_scope() as session:
            return tasks.list_tasks(
                session,
                status=status,
                repo=repo,
                priority=priority,
                assignee=assigned_to,
                limit=limit,
            )

    def tasks_of_decision(self, decision_id: str) -> list[Record]:
        with self.database.session_scope() as session:
            return decisions.tasks_of_decision(session, decision_id)

    def ready_tasks(self, repo: str | None = None, limit: int | None = None) -> list[Record]:
        """Pending tasks whose dependencies are all completed, by priority then age."""
        with self.database.session_scope() as session:
            return graph.ready_tasks(session, repo, limit)

    def add_dependency(self, task_id: str, depends_on: str) -> Record:
        """``task_id`` waits for ``depends_on``; ConflictError (naming the cycle) if it would
        close one."""
        with self.database.session_scope() as session:
            return graph.add_dependency(session, task_id, depends_on)

    def claim_task(self, task_id: str, who: str) -> Record:
        """Assign an unassigned task to ``who``; ConflictError if someone else has it."""
        with self.database.session_scope() as session:
            return tasks.claim_task(session, task_id, who)

    # issues
    def add_issue(
        self,
        issue_id: str,
        issue_type: str,
        severity: str,
        title: str,
        *,
        description: str | None = None,
        repos_affected: Iterable[str] = (),
        detected_by: str | None = None,
        action_required: str | None = None,
        status: str = "open",
        related_task_id: str | None = None,
    ) -> Record:
        with self.database.session_scope() as session:
            return issues.add_issue(
                session,
                title,
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

    def issues_of_task(self, task_id: str) -> list[Record]:
        with self.database.session_scope() as session:
            return issues.issues_of_task(session, task_id)

    # sessions
    def add_session(
        self,
        session_id: str | None = None,
        user: str | None = None,
        ai_assistant: str | None = None,
    ) -> Record:
        with self.database.session_scope() as session:
            return sessions.start_session(session, user, ai_assistant, session_id=session_id)

    def add_session_activity(
        self,
        session_id: str,
        activity_type: str,
        description: str,
        files_created: Iterable[str] = (),
        files_modified: Iterable[str] = (),
        outcome: str | None = None,
    ) -> Record:
        with self.database.session_scope() as session:
            return sessions.log_activity(
                session,
                session_id,
                description,
                activity_type=activity_type,
                files=files_modified,
                files_created=files_created,
                outcome=outcome,
            )

    def end_session(self, session_id: str, handoff_notes: str | None = None) -> Record:
        with self.database.session_scope() as session:
            return sessions.end_session(session, session_id, handoff_notes)

    def get_session(self, session_id: str) -> Record:
        with self.database.session_scope() as session:
            return sessions.get_session(session, session_id)

    def decisions_of_session(self, session_id: str) -> list[Record]:
        with self.database.session_scope() as session:
            return decisions.decisions_of_session(session, session_id)

    # export / import
    def export_to_json(self) -> dict[str, list[Record]]:
        """Every entity's records, keyed by export file name."""
        with self.database.session_scope() as session:
            return export_records(session)

    def export_to_json_files(self, folder: Path | None = None) -> list[Path]:
        """Write the export files (default: into the workspace root)."""
        return export_folder(self.database, folder or self.workspace_root)

    def import_from_json_files(
        self,
        paths: Sequence[Path | str],
        *,
        dry_run: bool = False,
        prune: bool = False,
        force: bool = False,
    ) -> ImportPlan:
        """Import the given export files (named as export names them) in one transaction."""
        sources: dict[str, Source] = {}
        for given in paths:
            path = Path(given)
            entity = BY_FILE.get(path.name)
            if entity is None:
                raise UsageError(
                    f"{path.name}: not an export file name (one of {', '.join(sorted(BY_FILE))})"
                )
            sources[entity.name] = Source(
                path.name, records_of(path.name, read_json(path), entity.wrapper)
            )
        return import_sources(self.database, sources, dry_run=dry_run, prune=prune, force=force)

    def to_json_text(self) -> str:
        """The whole export as one JSON document (handy for debugging and diffs)."""
        return json.dumps(self.export_to_json(), indent=2, sort_keys=True, ensure_ascii=False)
