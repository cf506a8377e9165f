"""Who is working, and in which open session: pure logic, no database driver.

Kept apart from ``sessions.py`` so the hook's fast path can use it without
importing SQLAlchemy.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from wsguard import git
from wsguard.errors import WsguardError

USER_ENV = "WSGUARD_USER"


def current_user(cwd: Path | None = None) -> str | None:
    """``$WSGUARD_USER``, else git's ``user.name`` where we are, else None."""
    user = os.environ.get(USER_ENV, "").strip()
    if user:
        return user
    try:
        return git.config_value(cwd or Path.cwd(), "user.name")
    except (WsguardError, OSError):
        return None


def pick_session(active: Sequence[tuple[str, str | None]], user: str | None) -> str | None:
    """Of the open sessions (id, user), oldest first: the user's newest, else the only one."""
    mine = [sid for sid, who in active if user is not None and who == user]
    if mine:
        return str(mine[-1])
    return str(active[0][0]) if len(active) == 1 else None
