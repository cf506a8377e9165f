"""Read-only views of a repository's files for workspace-level rules.

The repository being committed is seen as it will be after the commit (its
index, or the tree at the checked ref); the other repositories of the
workspace as they are on disk. Views are lazy: a check whose rules never look
at other repositories never lists them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from wsguard import git, places

MAX_READ = 4 * 1024 * 1024  # manifests and synced files are small; never slurp a huge blob


class GitView:
    """A repository as git holds it: its index (``ref=None``) or the tree at ``ref``."""

    def __init__(
        self,
        name: str,
        root: Path,
        reader: git.BlobReader,
        ref: str | None = None,
        listing: list[git.Entry] | None = None,
    ):
        """``listing``: the files of that index or tree, when the caller has them already."""
        self.name = name
        self._root = root
        self._reader = reader
        self._ref = ref
        self._entries: dict[str, git.Entry] | None = None
        if listing is not None:
            self._entries = {e.path: e for e in listing if e.mode != git.MODE_GITLINK}

    def _index(self) -> dict[str, git.Entry]:
        if self._entries is None:
            listing = (
                git.index_entries(self._root)
                if self._ref is None
                else git.tree_entries(self._root, self._ref)
            )
            self._entries = {e.path: e for e in listing if e.mode != git.MODE_GITLINK}
        return self._entries

    def paths(self) -> Iterable[str]:
        return self._index().keys()

    def read(self, path: str) -> bytes | None:
        entry = self._index().get(path)
        if entry is None or not entry.is_regular:
            return None
        data = self._reader.read(entry.sha)
        return data if data is None or len(data) <= MAX_READ else None


class DiskView:
    """Another repository of the workspace as it is: tracked paths, bytes from disk.

    It notes what it consulted (:attr:`consulted`: each file's :func:`places.stamp`, the
    git index for the list of paths), so a result drawn from it can tell later whether
    it still holds (:mod:`wsguard.warm`); :attr:`stampable` is false where the index is
    not ``.git/index`` (a linked work tree, a submodule)."""

    def __init__(self, name: str, root: Path):
        self.name = name
        self._root = root
        self._paths: list[str] | None = None
        self.consulted: dict[str, tuple[int, int] | None] = {}
        self.stampable = True

    def _note(self, path: str) -> None:
        self.consulted[path] = places.stamp(path)

    def paths(self) -> Iterable[str]:
        if self._paths is None:
            git_dir = os.path.join(self._root, ".git")
            self.stampable = os.path.isdir(git_dir)
            self._note(os.path.join(git_dir, "index"))
            self._paths = [
                e.path for e in git.index_entries(self._root) if e.mode != git.MODE_GITLINK
            ]
        return self._paths

    def read(self, path: str) -> bytes | None:
        """The file's bytes; None when missing, too large, or (through ``..``, an absolute
        path or a symlink) outside the repository."""
        target = self._root / path
        self._note(str(target))
        try:
            if not target.resolve().is_relative_to(self._root.resolve()):
                return None
            if not target.is_file() or target.stat().st_size > MAX_READ:
                return None
            return target.read_bytes()
        except OSError:
            return None
