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


def test_repo_name_is_the_name_discover_repos_gives(tmp_path: Path) -> None:
    """places.repo_name answers from one stat per listed repository; it must name every
    repository as the whole discovery does, whatever the layout."""
    from wsguard import places

    root = tmp_path / "ws"
    for folder in ("alpha", "beta", "gamma", "nested/delta", "outside"):
        (root / folder / ".git").mkdir(parents=True)
    (root / "rules.yaml").write_text("")
    (root / "zeta").symlink_to(root / "beta")  # another name for beta
    (root / "aa").symlink_to(root / "gamma")  # sorts before it
    layouts: list[dict[str, object] | None] = [
        None,
        {"core": "alpha"},  # a mapped name replaces the folder's
        {"delta": "nested/delta", "d2": "nested/delta"},  # the last one listed wins
        {"missing": "nowhere", "beta": None},
        {"alpha": "beta", "other": "alpha"},  # a name moved to another path
    ]
    repos = [root / f for f in ("alpha", "beta", "gamma", "nested/delta", "outside")]
    for configured in layouts:
        found = places.discover_repos(str(root), configured)
        for repo in repos:
            real = places.resolved(str(repo))
            expected = next((n for n, p in found.items() if p == real), repo.name)
            assert places.repo_name(str(root), configured, real) == expected, (configured, repo)


def test_discover_repos_maps_every_path_once(tmp_path: Path) -> None:
    from wsguard import places

    root = tmp_path / "ws"
    for folder in ("alpha", "beta"):
        (root / folder / ".git").mkdir(parents=True)
    (root / "link").symlink_to(root / "alpha")
    found = places.discover_repos(str(root), {"core": "alpha", "alpha": "beta"})
    assert found == {"core": str(root / "alpha"), "alpha": str(root / "beta")}
