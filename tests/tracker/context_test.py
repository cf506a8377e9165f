"""wsguard.tracker.context: context switches and the repo currently in context."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from wsguard.errors import UsageError
from wsguard.tracker import context, sessions


def test_switch_show_and_history_within_a_session(session: Session) -> None:
    sid = sessions.start_session(session, "ada")["session_id"]
    assert context.show_context(session, sid) == {"repo": None, "switch": None}
    first = context.switch_context(session, "meridian-core", "start here", session_id=sid)
    assert (first["from_repo"], first["to_repo"], first["reason"]) == (
        None,
        "meridian-core",
        "start here",
    )
    second = context.switch_context(session, "meridian-trading", session_id=sid)
    assert (second["from_repo"], second["to_repo"]) == ("meridian-core", "meridian-trading")
    assert second["session_id"] == sid and second["time"] is not None
    assert context.current_context(session, sid) == "meridian-trading"
    assert context.show_context(session, sid) == {"repo": "meridian-trading", "switch": second}
    assert context.context_history(session, sid) == [first, second]
    assert context.context_history(session, sid, limit=1) == [second]


def test_the_context_ends_with_its_session(session: Session) -> None:
    sid = sessions.start_session(session, "ada")["session_id"]
    context.switch_context(session, "meridian-core", session_id=sid)
    sessions.end_session(session, sid)
    assert context.current_context(session, sid) is None
    assert context.current_context(session) is None
    assert context.show_context(session) == {"repo": None, "switch": None}
    # The history stays.
    assert [c["to_repo"] for c in context.context_history(session, sid)] == ["meridian-core"]


def test_a_switch_outside_any_session_holds_until_the_next(session: Session) -> None:
    context.switch_context(session, "meridian-core")
    assert context.current_context(session) == "meridian-core"
    moved = context.switch_context(session, "meridian-data")
    assert moved["from_repo"] == "meridian-core" and moved["session_id"] is None
    assert context.current_context(session) == "meridian-data"


def test_sessions_keep_their_own_context(session: Session) -> None:
    ada = sessions.start_session(session, "ada")["session_id"]
    bob = sessions.start_session(session, "bob")["session_id"]
    context.switch_context(session, "meridian-core", session_id=ada)
    context.switch_context(session, "meridian-trading", session_id=bob)
    # A session's first switch starts from nothing, not from another session's repo.
    assert context.context_history(session, bob)[0]["from_repo"] is None
    assert context.current_context(session, ada) == "meridian-core"
    assert context.current_context(session, bob) == "meridian-trading"
    assert len(context.context_history(session)) == 2


def test_a_switch_needs_a_repo(session: Session) -> None:
    with pytest.raises(UsageError, match="context switch needs a repo name"):
        context.switch_context(session, "  ")
    assert context.context_history(session) == []
