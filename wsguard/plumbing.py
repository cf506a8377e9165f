"""git's plumbing for the hook's light path: processes started with ``posix_spawn``.

The clean-commit gate (:mod:`wsguard.gate`) asks git two things on every commit:
what is staged (``diff-index``) and the staged bytes (``cat-file --batch``).
``subprocess`` would add ~5 ms of imports (``signal``, ``threading``,
``selectors``…) to a process whose whole budget is ~30 ms, so these two run
through ``os.posix_spawnp`` and pipes. Every other git call goes through
:mod:`wsguard.git`, which parses ``diff-index`` output with :func:`parse_raw` and
asks with :data:`STAGED_ARGS`, so both paths read the same staged change; it
starts its processes here too (:func:`run`, with stdin and stderr in memory
files where :data:`CAPTURES`; :class:`Git` for ``cat-file --batch``), so the full
check does not import ``subprocess`` either.

Where ``posix_spawnp`` is missing (Windows), :data:`AVAILABLE` is false: the
gate leaves the commit to the full check, and :mod:`wsguard.git` uses
``subprocess``.
"""

from __future__ import annotations

import os

from wsguard.digest import sha256

AVAILABLE = hasattr(os, "posix_spawnp")
MODE_GITLINK = "160000"  # a submodule: never read
# ``git diff-index`` of the index against a tree: what the next commit changes.
STAGED_ARGS = ("diff-index", "--cached", "--raw", "-z", "-M", "--no-ext-diff")
# ``git ls-files`` of every file in the index, with its mode, blob id and stage.
INDEX_ARGS = ("ls-files", "--stage", "-z", "--full-name")
# Who is committing now: ``Name <email> timestamp zone``.
AUTHOR_ARGS = ("var", "GIT_AUTHOR_IDENT")

TYPE_CHECKING = False
if TYPE_CHECKING:  # the annotations only; typing is not imported at run time
    from collections.abc import Callable, Iterable, Iterator
    from typing import IO

    # path, mode, blob id, status letter (A M D R C T), path before a rename or copy
    RawEntry = tuple[str, str, str, str, "str | None"]


def name(raw: bytes) -> str:
    """A path inside the repository, as findings, the database and output carry it.

    A name that is not UTF-8 keeps its odd bytes as ``\\xNN`` escapes (``caf\\xe9.py``):
    printable, storable, stable across runs. A surrogate-escaped str would crash
    every UTF-8 sink on the way (SQLite, JSON, the terminal).
    """
    return raw.decode("utf-8", "backslashreplace")


def parse_raw(out: bytes) -> list[RawEntry]:
    """Parse ``--raw -z`` diff output: ``:old new oldsha newsha status\\0path[\\0path2]\\0``."""
    parts = out.split(b"\0")
    entries: list[RawEntry] = []
    i = 0
    while i < len(parts) and parts[i]:
        meta = parts[i].decode().lstrip(":").split(" ")
        _old_mode, new_mode, _old_sha, new_sha, status = meta[:5]
        kind = status[0]
        if kind in "RC":
            entries.append((name(parts[i + 2]), new_mode, new_sha, kind, name(parts[i + 1])))
            i += 3
        else:
            entries.append((name(parts[i + 1]), new_mode, new_sha, kind, None))
            i += 2
    return entries


def resolve_args(ref: str) -> tuple[str, ...]:
    """``git rev-parse`` of the commit ``ref`` names: its sha, or nothing (exit 1)."""
    return ("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")


def listing_digest(out: bytes) -> str:
    """What identifies an index listing (``INDEX_ARGS``' output): its SHA-256."""
    return sha256(out).hexdigest()


def author(out: bytes) -> str | None:
    """``Name <email>`` from ``git var GIT_AUTHOR_IDENT``'s output, or None."""
    name, sep, _rest = out.decode("utf-8", "replace").strip().partition(">")
    return name + sep if sep else None


def work_tree_here(cwd: str) -> str | None:
    """``cwd`` resolved, when it is the top of a work tree git describes by itself (where
    git runs hooks); None when only git can tell (``GIT_DIR``/``GIT_WORK_TREE`` set, or a
    folder below the top)."""
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return None
    return os.path.realpath(cwd) if os.path.exists(os.path.join(cwd, ".git")) else None


def git_env() -> dict[str, str]:
    """The environment git runs in: ours, and reading never takes ``index.lock``."""
    env = dict(os.environ)
    env.setdefault("GIT_OPTIONAL_LOCKS", "0")
    return env


PIPE = -2  # Git(stdin=PIPE): write to the process through Git.stdin


class Git:
    """One git process, its stdout on a pipe. Its stdin: nothing (None), a pipe
    (:data:`PIPE`, written through :attr:`stdin`) or a file descriptor; its stderr: a
    file descriptor, or discarded (None)."""

    def __init__(
        self,
        root: str,
        args: Iterable[str],
        stdin: int | None = None,
        stderr: int | None = None,
    ) -> None:
        argv = ["git", "-C", root, "-c", "core.quotepath=off", *args]
        out_r, out_w = os.pipe()
        in_r, in_w = os.pipe() if stdin == PIPE else (-1, -1)
        actions: list[tuple[int, ...] | tuple[int, int, str, int, int]] = [
            (os.POSIX_SPAWN_DUP2, out_w, 1),
            (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)
            if stderr is None
            else (os.POSIX_SPAWN_DUP2, stderr, 2),
        ]
        if stdin is not None:
            actions.append((os.POSIX_SPAWN_DUP2, in_r if stdin == PIPE else stdin, 0))
        try:
            self.pid = os.posix_spawnp("git", argv, git_env(), file_actions=actions)
        finally:
            os.close(out_w)
            if in_r >= 0:
                os.close(in_r)
        self.stdin = in_w
        self.stdout = os.fdopen(out_r, "rb")

    def wait(self) -> int:
        """Close our ends and return git's exit code."""
        if self.stdin >= 0:
            os.close(self.stdin)
            self.stdin = -1
        self.stdout.close()
        return os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])


# Where git's stdin and stderr can be memory files: run() then needs no thread or poll.
CAPTURES = AVAILABLE and hasattr(os, "memfd_create")


def _memory_file(name: str, data: bytes = b"") -> int:
    fd = os.memfd_create(name)  # Linux only: see CAPTURES
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def run(root: str, args: Iterable[str], stdin: bytes | None = None) -> tuple[int, bytes, bytes]:
    """``git -C root args…``: its exit code, stdout and stderr (where :data:`CAPTURES`).
    Its stdin and stderr are memory files, so however much either holds, neither side
    waits on the other. Raises OSError when git cannot be started."""
    err = _memory_file("git-stderr")
    given = _memory_file("git-stdin", stdin) if stdin is not None else None
    try:
        git = Git(root, args, stdin=given, stderr=err)
        out = git.stdout.read()
        code = git.wait()
        os.lseek(err, 0, os.SEEK_SET)
        with os.fdopen(os.dup(err), "rb") as errors:
            message = errors.read()
    finally:
        os.close(err)
        if given is not None:
            os.close(given)
    return code, out, message


def output(root: str, *args: str) -> bytes | None:
    """``git -C root args…``'s stdout, or None if it failed (or git cannot be run)."""
    try:
        git = Git(root, args)
    except OSError:
        return None
    out = git.stdout.read()
    return out if git.wait() == 0 else None


def staged(root: str, base: str = "HEAD") -> list[RawEntry] | None:
    """What the next commit changes against ``base``, or None if git could not tell
    (no ``base`` yet: the repository's first commit)."""
    out = output(root, *STAGED_ARGS, base)
    return None if out is None else parse_raw(out)


def batch_read(write: Callable[[bytes], object], out: IO[bytes], sha: str) -> bytes | None:
    """One request to a ``git cat-file --batch``: ``sha`` written through ``write``, the
    blob's bytes read back from its stdout ``out`` (None for one git does not have)."""
    write(sha.encode() + b"\n")
    header = out.readline().split()
    if len(header) < 3 or header[1] == b"missing":
        return None
    data = out.read(int(header[2]))  # a buffered reader reads until it has all of them
    out.read(1)  # the newline after each object
    return data


def blobs(root: str, shas: Iterable[str]) -> Iterator[bytes | None]:
    """The bytes of each blob, in order (None for one git does not have), through one
    ``git cat-file --batch``: each request is answered before the next is written, so
    neither pipe can fill up and block the other side."""
    git = Git(root, ("cat-file", "--batch"), stdin=PIPE)
    try:
        for sha in shas:
            yield batch_read(lambda data: os.write(git.stdin, data), git.stdout, sha)
    finally:
        git.wait()
