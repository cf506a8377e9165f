"""wsguard.tracker.sessions: one open session per user, its activities, logged commits."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from wsguard.errors import ConflictError, NotFoundError, UsageError
from wsguard.git import Commit
from wsguard.store.models.sessions import WorkSession
from wsguard.tracker import sessions


def test_start_opens_one_session_per_user(session: Session) -> None:
    ada = sessions.start_session(session, "ada", "claude")
    assert ada["session_id"].startswith("SESSION-") and ada["session_id"].endswith("-001")
    assert (ada["status"], ada["user"], ada["ai_assistant"]) == ("active", "ada", "claude")
    assert ada["end_time"] is None and ada["activities"] == []
    with pytest.raises(ConflictError, match=f"ada already has an open session {ada['session_id']}"):
        sessions.start_session(session, "ada")
    bob = sessions.start_session(session, "bob", session_id="S-bob")
    assert bob["session_id"] == "S-bob"
    sessions.end_session(session, ada["session_id"])
    again = sessions.start_session(session, "ada")
    assert again["session_id"].endswith("-002")
    with pytest.raises(ConflictError, match="S-bob already exists"):
        sessions.start_session(session, "carol", session_id="S-bob")


def test_start_defaults_to_who_runs_wsguard(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WSGUARD_USER", "grace")
    assert sessions.start_session(session)["user"] == "grace"


def test_log_records_files_by_role(session: Session) -> None:
    sid = sessions.start_session(session, "ada")["session_id"]
    sessions.log_activity(session, sid, "first")
    record = sessions.log_activity(
        session,
        sid,
        "moved the engine",
        activity_type="refactor",
        files=["src/b.py", "src/a.py", "src/b.py"],
        files_created=["src/new.py"],
        outcome="done",
    )
    first, second = record["activities"]
    assert (first["type"], first["description"]) == ("note", "first")
    assert first["files_created"] == first["files_modified"] == []
    assert (second["type"], second["outcome"]) == ("refactor", "done")
    assert second["files_created"] == ["src/new.py"]
    assert sorted(second["files_modified"]) == ["src/a.py", "src/b.py"]
    assert second["timestamp"] is not None


def test_log_refusals(session: Session) -> None:
    sid = sessions.start_session(session, "ada")["session_id"]
    with pytest.raises(UsageError, match="an activity needs a description"):
        sessions.log_activity(session, sid, "  ")
    with pytest.raises(NotFoundError, match="no session 'S-404'"):
        sessions.log_activity(session, "S-404", "x")
    sessions.end_session(session, sid)
    with pytest.raises(ConflictError, match=f"session {sid} is completed: start a new one"):
        sessions.log_activity(session, sid, "too late")
    assert sessions.get_session(session, sid)["activities"] == []


def test_end_keeps_the_handoff_and_refuses_twice(session: Session) -> None:
    sid = sessions.start_session(session, "ada")["session_id"]
    ended = sessions.end_session(session, sid, "next: T-002")
    assert ended["status"] == "completed" and ended["end_time"] is not None
    assert ended["handoff_notes"] == "next: T-002"
    with pytest.raises(ConflictError, match=f"session {sid} is already completed"):
        sessions.end_session(session, sid)
    with pytest.raises(NotFoundError, match="no session 'S-404'"):
        sessions.end_session(session, "S-404")
    with pytest.raises(NotFoundError, match="no session 'S-404'"):
        sessions.get_session(session, "S-404")


def _started(session: Session, session_id: str, user: str, when: datetime) -> None:
    sessions.start_session(session, user, session_id=session_id)
    row = session.get(WorkSession, session_id)
    assert row is not None
    row.started_at = when
    session.flush()


def test_list_newest_first_by_status(session: Session) -> None:
    _started(session, "S-1", "ada", datetime(2025, 3, 1))
    _started(session, "S-3", "bob", datetime(2025, 3, 3))
    _started(session, "S-2", "carol", datetime(2025, 3, 2))
    sessions.end_session(session, "S-2")

    def ids(status: str | None = None) -> list[str]:
        return [s["session_id"] for s in sessions.list_sessions(session, status)]

    assert ids() == ["S-3", "S-2", "S-1"]
    assert ids("active") == ["S-3", "S-1"]
    assert ids("Completed") == ["S-2"]
    assert ids("abandoned") == []
    with pytest.raises(UsageError, match="invalid status 'open'"):
        ids("open")


def test_active_session_is_the_users_else_the_only_one(session: Session) -> None:
    assert sessions.active_session_id(session, "ada") is None
    with pytest.raises(ConflictError, match="no open work session for ada: start one"):
        sessions.require_active(session, "ada")
    _started(session, "S-ada", "ada", datetime(2025, 3, 1))
    assert sessions.active_session_id(session, "ada") == "S-ada"
    assert sessions.active_session_id(session, "bob") == "S-ada"  # the only one open
    assert sessions.active_session_id(session) == "S-ada"
    _started(session, "S-bob", "bob", datetime(2025, 3, 2))
    assert sessions.require_active(session, "bob") == "S-bob"
    assert sessions.active_session_id(session, "carol") is None  # two open, neither hers
    with pytest.raises(ConflictError, match="no open work session: start one"):
        sessions.require_active(session)


def test_log_commit_goes_to_the_open_session(session: Session) -> None:
    commit = Commit("0123456789abcdef", "Move engine", "Ada <ada@example.com>", ("src/a.py",))
    assert sessions.log_commit(session, commit, "meridian-core", "ada") is None
    sid = sessions.start_session(session, "ada")["session_id"]
    assert sessions.log_commit(session, commit, "meridian-core", "ada") == sid
    (activity,) = sessions.get_session(session, sid)["activities"]
    assert activity["type"] == "commit"
    assert activity["description"] == "meridian-core@0123456789: Move engine"
    assert activity["files_modified"] == ["src/a.py"]
    assert (activity["repo"], activity["commit"]) == ("meridian-core", "0123456789abcdef")
    assert activity["author"] == "Ada <ada@example.com>"
