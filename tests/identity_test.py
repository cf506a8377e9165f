"""wsguard.identity: who is working, and which open session is theirs (no database)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import git
from wsguard.identity import USER_ENV, current_user, pick_session


def test_the_environment_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(USER_ENV, "  grace  ")
    assert current_user(tmp_path) == "grace"


def test_else_git_user_name_where_we_are(
    monkeypatch: pytest.MonkeyPatch, make_repo: Callable[[str], Path], tmp_path: Path
) -> None:
    monkeypatch.setenv(USER_ENV, "   ")  # blank counts as unset
    repo = make_repo("meridian-core")
    git(repo, "config", "user.name", "Ada Lovelace")
    assert current_user(repo) == "Ada Lovelace"
    # Outside a repository, with no user.name configured anywhere: nobody.
    outside = tmp_path / "plain"
    outside.mkdir()
    assert current_user(outside) is None


def test_a_missing_folder_is_nobody(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(USER_ENV, raising=False)
    assert current_user(tmp_path / "gone") is None


ACTIVE = [("S-1", "ada"), ("S-2", "bob"), ("S-3", "ada")]


@pytest.mark.parametrize(
    ("active", "user", "picked"),
    [
        (ACTIVE, "ada", "S-3"),  # the user's newest
        (ACTIVE, "bob", "S-2"),
        (ACTIVE, "carol", None),  # several open, none hers
        (ACTIVE, None, None),
        ([("S-1", "ada")], "carol", "S-1"),  # the only one open
        ([("S-1", None)], None, "S-1"),
        ([("S-1", None), ("S-2", None)], None, None),
        ([], "ada", None),
    ],
)
def test_pick_session(
    active: list[tuple[str, str | None]], user: str | None, picked: str | None
) -> None:
    assert pick_session(active, user) == picked
