from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import git
from wsguard import git as wgit
from wsguard import plumbing
from wsguard.errors import UsageError


def _write(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _blob(repo: Path, sha: str) -> bytes | None:
    with wgit.BlobReader(repo) as reader:
        return reader.read(sha)


def test_first_commit_has_no_head_and_lists_added_files(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo("r")
    _write(repo, "src/a.py", "import os\n")
    git(repo, "add", "-A")
    (entry,) = wgit.staged_changes(repo)
    assert entry.path == "src/a.py" and entry.status == "A"
    assert _blob(repo, entry.sha) == b"import os\n"


def test_staged_bytes_not_working_tree(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo("r")
    _write(repo, "a.py", "staged\n")
    git(repo, "add", "a.py")
    _write(repo, "a.py", "working tree\n")
    (entry,) = wgit.staged_changes(repo)
    assert _blob(repo, entry.sha) == b"staged\n"


def test_rename_delete_and_modify(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo("r")
    _write(repo, "trading/engine.py", "x = 1\n" * 20)
    _write(repo, "gone.py", "y = 2\n")
    _write(repo, "kept.py", "z = 3\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "init")
    git(repo, "mv", "trading/engine.py", "engine.py")
    git(repo, "rm", "-q", "gone.py")
    _write(repo, "kept.py", "z = 4\n")
    git(repo, "add", "kept.py")
    by_path = {e.path: e for e in wgit.staged_changes(repo)}
    assert by_path["engine.py"].status == "R"
    assert by_path["engine.py"].old_path == "trading/engine.py"
    assert by_path["gone.py"].deleted
    assert by_path["kept.py"].status == "M"


def test_odd_paths_survive(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo("r")
    names = ["with space.py", "naïve.py", "new\nline.py", "-leading-dash.py"]
    for name in names:
        _write(repo, name, "pass\n")
    git(repo, "add", "--", *names)
    assert sorted(e.path for e in wgit.staged_changes(repo)) == sorted(names)
    assert sorted(e.path for e in wgit.index_entries(repo, ["with space.py"])) == ["with space.py"]


def test_git_index_file_is_honoured(make_repo, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo("r")
    _write(repo, "a.py", "a\n")
    git(repo, "add", "a.py")
    git(repo, "commit", "-qm", "init")
    alt_index = repo / ".git" / "alt-index"
    env = {**os.environ, "GIT_INDEX_FILE": str(alt_index)}
    import subprocess

    subprocess.run(["git", "read-tree", "HEAD"], cwd=repo, env=env, check=True)
    _write(repo, "b.py", "b\n")
    subprocess.run(["git", "add", "b.py"], cwd=repo, env=env, check=True)
    assert wgit.staged_changes(repo) == []
    monkeypatch.setenv("GIT_INDEX_FILE", str(alt_index))
    assert [e.path for e in wgit.staged_changes(repo)] == ["b.py"]


def test_range_changes_use_the_merge_base(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo("r")
    _write(repo, "base.py", "0\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "feature")
    _write(repo, "feature.py", "1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "feature")
    git(repo, "checkout", "-q", "main")
    _write(repo, "main_only.py", "2\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "main moves on")
    changes = wgit.range_changes(repo, "main", "feature")
    assert [e.path for e in changes] == ["feature.py"]


def test_range_with_unknown_ref_is_a_usage_error(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo("r")
    _write(repo, "a.py", "a\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "init")
    with pytest.raises(UsageError, match="nope"):
        wgit.range_changes(repo, "nope", "HEAD")


def test_symlinks_and_submodules_have_their_modes(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo("r")
    (repo / "link.py").symlink_to("/etc/passwd")
    git(repo, "add", "link.py")
    (entry,) = wgit.staged_changes(repo)
    assert entry.mode == wgit.MODE_SYMLINK and not entry.is_regular


def test_not_a_repository(tmp_path: Path, processes: str) -> None:
    with pytest.raises(UsageError, match="not inside a git repository"):
        wgit.toplevel(tmp_path)


@pytest.fixture(params=["posix_spawn", "subprocess"])
def processes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """git started as this machine starts it, and through the fallback (no posix_spawn,
    no memory files: Windows)."""
    if request.param == "subprocess":
        monkeypatch.setattr(plumbing, "AVAILABLE", False)
        monkeypatch.setattr(plumbing, "CAPTURES", False)
    return str(request.param)


def test_blob_reader_reads_many_and_missing(make_repo, processes: str) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo("r")
    payload = bytes(range(256)) * 1000
    (repo / "bin.dat").write_bytes(payload)
    _write(repo, "t.py", "t\n")
    git(repo, "add", "-A")
    shas = {e.path: e.sha for e in wgit.staged_changes(repo)}
    with wgit.BlobReader(repo) as reader:
        assert reader.read(shas["bin.dat"]) == payload
        assert reader.read(shas["t.py"]) == b"t\n"
        assert reader.read("1" * 40) is None


def test_read_blobs_at_once_and_from_the_work_tree(make_repo, processes: str) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo("r")
    _write(repo, "same.py", "import os\n")
    _write(repo, "edited.py", "staged\n")
    _write(repo, "gone.py", "deleted from the work tree\n")
    os.symlink("same.py", repo / "link.py")
    git(repo, "add", "-A")
    _write(repo, "edited.py", "working tree\n")
    (repo / "gone.py").unlink()
    entries = {e.path: e for e in wgit.staged_changes(repo)}
    shas = sorted({e.sha for e in entries.values()})
    everything = wgit.read_blobs(repo, [*shas, "0" * 40])
    assert everything["0" * 40] is None
    assert {p: everything[e.sha] for p, e in entries.items()} == {
        "same.py": b"import os\n",
        "edited.py": b"staged\n",
        "gone.py": b"deleted from the work tree\n",
        "link.py": b"same.py",
    }
    # only a file still holding the blob's exact bytes is read from the work tree
    assert wgit.worktree_blobs(repo, entries.values()) == {entries["same.py"].sha: b"import os\n"}
