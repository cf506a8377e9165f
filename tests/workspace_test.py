from __future__ import annotations

from pathlib import Path

import pytest

from wsguard.errors import UsageError
from wsguard.workspace import (
    Options,
    default_db_path,
    discover_repos,
    find_rules_file,
    resolve_db_url,
    workspace_root,
)


def test_nearest_rules_file_above_the_repo(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "rules.yaml").write_text("version: 1\n")
    repo = make_repo("meridian-core")
    (repo / "src").mkdir()
    assert find_rules_file(Options(), repo / "src") == tmp_path / "rules.yaml"
    assert workspace_root(Options(), repo / "src") == tmp_path


def test_explicit_rules_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("version: 1\n")
    monkeypatch.setenv("WSGUARD_RULES", str(other))
    assert find_rules_file(Options()) == other
    with pytest.raises(UsageError, match="rules file not found"):
        find_rules_file(Options(rules=str(tmp_path / "missing.yaml")))


def test_db_url_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_db_url(Options(), tmp_path) == f"sqlite:///{tmp_path / 'workspace.db'}"
    assert resolve_db_url(Options(db="postgresql+psycopg://u@h/d"), tmp_path).startswith("postgres")
    monkeypatch.setenv("WSGUARD_DB", str(tmp_path / "env.db"))
    assert resolve_db_url(Options(), tmp_path) == f"sqlite:///{tmp_path / 'env.db'}"
    assert resolve_db_url(Options(db="x.db"), tmp_path).endswith("/x.db")


def test_default_db_never_inside_a_work_tree(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo("single")
    assert default_db_path(repo) == repo / ".git" / "wsguard" / "workspace.db"
    assert default_db_path(tmp_path) == tmp_path / "workspace.db"


def test_discover_repos(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    core = make_repo("meridian-core")
    make_repo("meridian-trading")
    (tmp_path / "not-a-repo").mkdir()
    extra = make_repo("elsewhere/research-code")
    repos = discover_repos(tmp_path, {"meridian-research": "elsewhere/research-code"})
    assert repos == {
        "meridian-core": core.resolve(),
        "meridian-trading": (tmp_path / "meridian-trading").resolve(),
        "meridian-research": extra.resolve(),
    }
