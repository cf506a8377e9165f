"""The tracker's tools: tasks, issues, decisions, sessions and the hand-off.

Each method is one MCP tool (its docstring the description, its parameters the input
schema) and one transaction; the work is done by :mod:`wsguard.tracker`, the same
functions the CLI and the Python API call.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from wsguard.errors import UsageError
from wsguard.identity import current_user
from wsguard.mcp.workspace import Workspace
from wsguard.tracker import decisions, graph, issues, sessions, tasks
from wsguard.tracker import handoff as handoffs
from wsguard.tracker.sessions import current_session_id
from wsguard.values import Record
from wsguard.vocabulary import IMPACTS, LEVELS, TASK_STATUSES

_LEVELS = ", ".join(LEVELS)

TaskId = Annotated[str, Field(description="A task id, e.g. WS-TASK-001.")]
Repos = Annotated[tuple[str, ...], Field(description="Repo names of the workspace (folder names).")]
Files = Annotated[tuple[str, ...], Field(description="File paths, relative to their repo.")]
SessionId = Annotated[
    str | None,
    Field(description="A session id (default: the caller's open session)."),
]


def _text(description: str) -> Any:
    return Field(description=description)


class TrackerTools:
    """The tools that read and change the tracker; ``ws`` is the workspace served."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def ready(
        self,
        repo: Annotated[str | None, _text("Only tasks touching this repo.")] = None,
        limit: Annotated[int | None, Field(ge=1, description="At most this many.")] = None,
    ) -> list[Record]:
        """Tasks ready to start: pending, every dependency completed; by priority, then age.

        Claim one with `claim` before working on it."""
        with self.ws.transaction() as s:
            return graph.ready_tasks(s, repo, limit)

    def claim(
        self,
        task_id: TaskId,
        who: Annotated[
            str | None,
            Field(
                alias="as", description="Who takes it (default: $WSGUARD_USER or git user.name)."
            ),
        ] = None,
    ) -> Record:
        """Take an unassigned task for yourself. Atomic: of concurrent claimers exactly one wins;
        claiming a task someone holds is an error naming the holder."""
        who = who or current_user()
        if not who:
            raise UsageError("claim needs a claimer: pass `as`, or set $WSGUARD_USER")
        with self.ws.transaction() as s:
            return tasks.claim_task(s, task_id, who)

    def add_task(
        self,
        title: Annotated[str, _text("What is to be done, in one line.")],
        task_id: Annotated[
            str | None, _text("Use this id instead of the next WS-TASK-NNN.")
        ] = None,
        priority: Annotated[str, _text(f"One of {_LEVELS} (any case).")] = "MEDIUM",
        repos: Repos = (),
        depends_on: Annotated[
            tuple[str, ...], _text("Ids of tasks to complete first (a cycle is refused).")
        ] = (),
        assign: Annotated[str | None, _text("Who does it.")] = None,
        notes: str | None = None,
        files: Files = (),
        description: str | None = None,
    ) -> Record:
        """Add a task (linked to your open session, if any); returns it with its new id."""
        with self.ws.transaction() as s:
            return tasks.add_task(
                s,
                title,
                task_id=task_id,
                priority=priority,
                repos=repos,
                depends_on=depends_on,
                assign=assign,
                notes=notes,
                files=files,
                description=description,
                session_id=current_session_id(s),
            )

    def update_task(
        self,
        task_id: TaskId,
        title: str | None = None,
        description: str | None = None,
        priority: Annotated[str | None, _text(f"One of {_LEVELS}.")] = None,
        status: Annotated[str | None, _text(f"One of {', '.join(TASK_STATUSES)}.")] = None,
        assign: Annotated[str | None, _text("Assign to this person ('' to unassign).")] = None,
        notes: str | None = None,
        add_repos: Repos = (),
        add_files: Files = (),
        add_depends_on: Annotated[
            tuple[str, ...], _text("Ids of tasks this one now waits for (a cycle is refused).")
        ] = (),
    ) -> Record:
        """Change a task's fields and add dependencies; only what is given changes, all or
        nothing. Returns the task."""
        with self.ws.transaction() as s:
            for depends_on in add_depends_on:
                graph.add_dependency(s, task_id, depends_on)
            return tasks.update_task(
                s,
                task_id,
                title=title,
                description=description,
                priority=priority,
                status=status,
                assign=assign,
                notes=notes,
                add_repos=add_repos,
                add_files=add_files,
            )

    def add_issue(
        self,
        title: str,
        type: Annotated[str, _text("code_creep, governance, missing_component, config_drift, …")],
        severity: Annotated[str, _text(f"One of {_LEVELS} (any case).")],
        repos: Repos = (),
        description: str | None = None,
        issue_id: Annotated[
            str | None, _text("Use this id instead of the next WS-ISSUE-NNN.")
        ] = None,
    ) -> Record:
        """Open a cross-repo issue (a problem spanning repos), linked to your open session."""
        with self.ws.transaction() as s:
            return issues.add_issue(
                s,
                title,
                type,
                severity,
                repos=repos,
                description=description,
                detected_by=current_user(),
                issue_id=issue_id,
                session_id=current_session_id(s),
            )

    def add_decision(
        self,
        title: str,
        rationale: Annotated[str, _text("Why: the context and the forces.")],
        decision: Annotated[str | None, _text("What was decided (default: the title).")] = None,
        impact: Annotated[str | None, _text(f"One of {', '.join(IMPACTS)}.")] = None,
        repos: Repos = (),
        decision_id: Annotated[
            str | None, _text("Use this id instead of the next ADR-NNN.")
        ] = None,
    ) -> Record:
        """Record a proposed architecture decision (ADR), linked to your open session."""
        with self.ws.transaction() as s:
            return decisions.add_decision(
                s,
                title,
                rationale,
                impact=impact,
                repos=repos,
                decision_id=decision_id,
                decision=decision,
                session_id=current_session_id(s),
            )

    def start_session(
        self,
        user: Annotated[
            str | None, _text("Who works (default: $WSGUARD_USER or git user.name).")
        ] = None,
        assistant: Annotated[
            str | None, _text("The AI assistant pairing, e.g. claude-code.")
        ] = None,
    ) -> Record:
        """Open a work session (one open session per user). Start here: what you log, the
        tasks, issues and decisions you add are linked to it, and `handoff` summarises it."""
        with self.ws.transaction() as s:
            return sessions.start_session(s, user or sessions.default_user(), assistant)

    def log_activity(
        self,
        description: Annotated[str, _text("What was done, in one line.")],
        type: Annotated[str, _text("e.g. note, implementation, refactor, investigation.")] = "note",
        files: Annotated[tuple[str, ...], _text("Files touched.")] = (),
        session_id: SessionId = None,
    ) -> Record:
        """Log an activity in the open session; the next session's hand-off lists it."""
        with self.ws.transaction() as s:
            sid = session_id or sessions.require_active(s, current_user())
            return sessions.log_activity(s, sid, description, activity_type=type, files=files)

    def end_session(
        self,
        handoff: Annotated[str | None, _text("Notes for whoever picks up next.")] = None,
        session_id: SessionId = None,
    ) -> Record:
        """End the open session, leaving hand-off notes for the next one."""
        with self.ws.transaction() as s:
            sid = session_id or sessions.require_active(s, current_user())
            return sessions.end_session(s, sid, handoff)

    def handoff(self, session_id: SessionId = None) -> dict[str, Any]:
        """What a session did and left: activities, commits, drift introduced and resolved,
        decisions, issues, tasks touched, what is ready next. Default: your open session,
        else the last ended one. `text` is the Markdown hand-off, `details` the same as data."""
        with self.ws.transaction() as s:
            sid = session_id or sessions.active_session_id(s, current_user())
            if sid is None:
                ended = sessions.list_sessions(s, "completed")
                sid = str(ended[0]["session_id"]) if ended else sessions.require_active(s)
            data = handoffs.handoff_data(s, sid)
        return {"session_id": sid, "text": handoffs.render_handoff(data), "details": data}
