"""The one module that talks to git.

Everything is read through git's plumbing commands, never by parsing
``.git/index`` ourselves: that way ``GIT_INDEX_FILE`` (set by ``git commit
<path>``) and every other git environment variable are honoured for free. All
output is read NUL-separated, so paths with spaces, newlines or non-ASCII
characters come through intact.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, NamedTuple

from wsguard import plumbing
from wsguard.errors import UsageError, WsguardError

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
NULL_SHA = "0" * 40
MODE_SYMLINK = "120000"
MODE_GITLINK = plumbing.MODE_GITLINK


class GitError(WsguardError):
    """A git command failed in a way the user has to look at."""


class Entry(NamedTuple):
    """A file as git holds it: path, mode and blob id (NULL_SHA when deleted)."""

    path: str
    mode: str
    sha: str
    status: str = "M"  # A added, M modified, D deleted, R renamed, C copied, T type change
    old_path: str | None = None

    @property
    def is_regular(self) -> bool:
        return self.mode.startswith("100")

    @property
    def deleted(self) -> bool:
        return self.status == "D"


def _decode(raw: bytes) -> str:
    # A filesystem path: surrogateescape keeps a non-UTF-8 name round-trippable for open().
    return raw.decode("utf-8", "surrogateescape")


_name = plumbing.name  # a path inside the repository, as findings carry it


_env = plumbing.git_env  # reading must never take index.lock


def run(cwd: Path, *args: str, check: bool = True, stdin: bytes | None = None) -> bytes:
    """Run ``git -C cwd args…`` and return its stdout bytes."""
    if not cwd.is_dir():
        raise UsageError(f"no such folder: {cwd}")
    try:
        if plumbing.CAPTURES:  # posix_spawn: no subprocess module (~5 ms of imports)
            code, out, err = plumbing.run(str(cwd), args, stdin)
        else:
            code, out, err = _subprocess_run(cwd, args, stdin)
    except FileNotFoundError:
        raise UsageError("git is not installed or not on PATH") from None
    if check and code != 0:
        message = err.decode("utf-8", "replace").strip() or f"exit {code}"
        raise GitError(f"git {' '.join(args[:2])} failed in {cwd}: {message}")
    return out


def _subprocess_run(
    cwd: Path, args: Sequence[str], stdin: bytes | None
) -> tuple[int, bytes, bytes]:
    import subprocess

    argv = ["git", "-c", "core.quotepath=off", *args]
    proc = subprocess.run(argv, cwd=cwd, input=stdin, capture_output=True, env=_env())
    return proc.returncode, proc.stdout, proc.stderr


def toplevel(start: Path) -> Path:
    """The work tree root of the repository containing ``start``."""
    here = plumbing.work_tree_here(str(start))
    if here is not None:  # where hooks run: no need to ask git
        return Path(here)
    try:
        out = run(start, "rev-parse", "--show-toplevel")
    except GitError:
        raise UsageError(
            f"{start} is not inside a git repository: run wsguard check inside one of the "
            "workspace's repositories (cd into it first), or wsguard scan [--repo NAME] "
            "to check the whole workspace from anywhere in it."
        ) from None
    return Path(_decode(out.rstrip(b"\n")))


def is_repo(path: Path) -> bool:
    return (path / ".git").exists()


def resolve(root: Path, ref: str) -> str | None:
    """The commit id ``ref`` names, or None (e.g. HEAD of a repository with no commit yet)."""
    out = run(root, *plumbing.resolve_args(ref), check=False)
    return out.decode().strip() or None


def git_path(root: Path, name: str) -> Path:
    """``git rev-parse --git-path NAME``: honours core.hooksPath, worktrees, GIT_DIR."""
    out = _decode(run(root, "rev-parse", "--git-path", name).rstrip(b"\n"))
    path = Path(out)
    return path if path.is_absolute() else root / path


def _parse_raw(out: bytes) -> list[Entry]:
    """Parse ``--raw -z`` diff output: ``:old new oldsha newsha status\\0path[\\0path2]\\0``."""
    return [Entry(*entry) for entry in plumbing.parse_raw(out)]


def staged_changes(root: Path) -> list[Entry]:
    """What the next commit changes: index against HEAD (or the empty tree before the first commit).

    Blob ids come from the index, so the content checked is exactly what is
    staged, not what is in the working tree (partial staging, ``git add -p``).
    """
    args = plumbing.STAGED_ARGS
    try:
        out = run(root, *args, "HEAD")  # one git call in the common case
    except GitError:
        if resolve(root, "HEAD") is not None:
            raise
        out = run(root, *args, EMPTY_TREE)  # the first commit of the repository
    return _parse_raw(out)


def range_changes(root: Path, from_ref: str, to_ref: str) -> list[Entry]:
    """Files changed on ``to_ref`` since it left ``from_ref`` (merge-base semantics, like a PR)."""
    to_commit = resolve(root, to_ref)
    if to_commit is None:
        raise UsageError(f"--to-ref {to_ref!r} is not a commit in {root}")
    if from_ref == EMPTY_TREE or set(from_ref) == {"0"}:
        base = EMPTY_TREE
    else:
        from_commit = resolve(root, from_ref)
        if from_commit is None:
            raise UsageError(f"--from-ref {from_ref!r} is not a commit in {root}")
        merge_base = run(root, "merge-base", from_commit, to_commit, check=False).decode().strip()
        base = merge_base or from_commit
    out = run(root, "diff-tree", "-r", "--raw", "-z", "-M", "--no-ext-diff", base, to_commit)
    return _parse_raw(out)


def index_listing(root: Path, paths: Sequence[str] = ()) -> bytes:
    """``git ls-files --stage`` of every file of the index, or only those under ``paths``."""
    args = list(plumbing.INDEX_ARGS)
    if paths:
        args += ["--", *(f":(literal){p}" for p in paths)]
    return run(root, *args)


def parse_index(out: bytes) -> list[Entry]:
    """The files of an :func:`index_listing` (stage 0; one stage of an unmerged file)."""
    entries: dict[str, Entry] = {}
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, sha, stage = meta.decode().split(" ")
        name = _name(path)
        if stage == "0" or name not in entries:  # unmerged: keep one stage
            entries[name] = Entry(name, mode, sha, "M")
    return list(entries.values())


def index_entries(root: Path, paths: Sequence[str] = ()) -> list[Entry]:
    """Every file of the index (stage 0), or only those under ``paths``."""
    return parse_index(index_listing(root, paths))


def grep_index(root: Path, words: Sequence[str], pathspecs: Sequence[str]) -> list[str]:
    """Indexed files matching ``pathspecs`` that hold any of ``words`` as a whole word.

    ``git grep --cached`` searches the blobs natively, so a full scan learns which
    files may import another repo's packages without reading every blob itself.
    """
    if not words:
        return []
    args = ["grep", "--cached", "-l", "-z", "-w", "-F"]
    for word in words:
        args += ["-e", word]
    out = run(root, *args, "--", *pathspecs, check=False)  # exit 1: no match
    return [_name(raw) for raw in out.split(b"\0") if raw]


def tree_entries(root: Path, ref: str) -> list[Entry]:
    """Every file of the tree at ``ref``."""
    out = run(root, "ls-tree", "-r", "-z", "--full-tree", ref)
    entries = []
    for record in out.split(b"\0"):
        if record:
            meta, _, path = record.partition(b"\t")
            mode, _type, sha = meta.decode().split(" ")
            entries.append(Entry(_name(path), mode, sha, "M"))
    return entries


def head_author(root: Path) -> str | None:
    """``Name <email>`` of whoever is committing now (git's configured identity)."""
    return plumbing.author(run(root, *plumbing.AUTHOR_ARGS, check=False))


def worktree_blobs(root: Path, entries: Iterable[Entry]) -> dict[str, bytes]:
    """The blobs of ``entries`` that their files in the work tree still hold, by id.

    A file is used only when its bytes hash to the entry's blob id, so what is
    returned is exactly what git holds; reading and hashing is several times
    cheaper than git unpacking the object. Files that differ (edited, converted
    line endings, filters) or are no regular file are left to :func:`read_blobs`.
    """
    import hashlib
    import stat

    found: dict[str, bytes] = {}
    for entry in entries:
        if not entry.is_regular or entry.sha in found:
            continue
        path = os.path.join(root, entry.path)
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                continue
            with open(path, "rb") as file:
                data = file.read()
        except (OSError, ValueError):
            continue
        digest = hashlib.sha1 if len(entry.sha) == 40 else hashlib.sha256
        if digest(b"blob %d\0" % len(data) + data).hexdigest() == entry.sha:
            found[entry.sha] = data
    return found


def read_blobs(root: Path, shas: Sequence[str]) -> dict[str, bytes | None]:
    """Many blobs at once: one ``git cat-file --batch`` given every id up front,
    no round trip per blob. None for an id git does not have."""
    if not shas:
        return {}
    out = run(root, "cat-file", "--batch", stdin="".join(f"{s}\n" for s in shas).encode())
    found: dict[str, bytes | None] = {}
    pos = 0
    for sha in shas:
        eol = out.find(b"\n", pos)
        if eol < 0:
            raise GitError(f"git cat-file --batch in {root}: output ends early")
        header = out[pos:eol].split()
        pos = eol + 1
        if len(header) < 3 or header[1] in (b"missing", b"ambiguous"):
            found[sha] = None
            continue
        size = int(header[2])
        found[sha] = out[pos : pos + size]
        pos += size + 1  # the newline after each object
    return found


class _Batch(NamedTuple):
    """A running ``git cat-file --batch``: how to write to it, its stdout, how to end it."""

    write: Callable[[bytes], object]
    out: IO[bytes]
    close: Callable[[], object]


class BlobReader:
    """Reads many blobs through one ``git cat-file --batch`` process, a blob per request."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._batch: _Batch | None = None

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _start(self) -> _Batch:
        if self._batch is not None:
            return self._batch
        if plumbing.AVAILABLE:
            git = plumbing.Git(str(self._root), ("cat-file", "--batch"), stdin=plumbing.PIPE)
            # A request is 41 bytes or so: one write takes it whole.
            self._batch = _Batch(lambda data: os.write(git.stdin, data), git.stdout, git.wait)
            return self._batch
        import subprocess

        proc = subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=self._root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=_env(),
        )
        pipe, out = proc.stdin, proc.stdout
        assert pipe is not None and out is not None

        def write(data: bytes) -> None:
            pipe.write(data)
            pipe.flush()

        def close() -> None:
            pipe.close()
            proc.wait()
            out.close()

        self._batch = _Batch(write, out, close)
        return self._batch

    def read(self, sha: str) -> bytes | None:
        """The blob's bytes, or None if git does not have it."""
        batch = self._start()
        return plumbing.batch_read(batch.write, batch.out, sha)

    def read_many(self, shas: Iterable[str]) -> Iterator[tuple[str, bytes | None]]:
        for sha in shas:
            yield sha, self.read(sha)

    def close(self) -> None:
        if self._batch is not None:
            self._batch.close()
            self._batch = None


class Commit(NamedTuple):
    """One commit as the work log records it."""

    sha: str
    subject: str
    author: str
    files: tuple[str, ...]


def config_value(root: Path, key: str) -> str | None:
    """``git config --get KEY`` in ``root``, or None when unset (or not a repository)."""
    out = run(root, "config", "--get", key, check=False)
    return out.decode("utf-8", "replace").strip() or None


def head_commit(root: Path) -> Commit | None:
    """HEAD's sha, subject, author and changed files, or None before the first commit."""
    sha = resolve(root, "HEAD")
    if sha is None:
        return None
    meta = (
        run(root, "log", "-1", "--format=%s%x00%an <%ae>", sha)
        .decode("utf-8", "replace")
        .rstrip("\n")
    )
    subject, _, author = meta.partition("\0")
    out = run(root, "diff-tree", "--root", "--no-commit-id", "-r", "--name-only", "-z", sha)
    files = tuple(_name(p) for p in out.split(b"\0") if p)
    return Commit(sha, subject, author, files)
