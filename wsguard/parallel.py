"""Checking many files on every core: full scans of large trees.

Parsing Python dominates a cold full scan (every file that may import a banned
module is parsed). Above :data:`MIN_FILES` files (:data:`MIN_FAST_BYTES` of code when
imports are read without a full parse), the batch is split in shares, one per
core: this process checks one, and a forked child checks each other share with
the same pure :func:`wsguard.rules.engine.check_files`. A child inherits the
validated rules and its files' bytes with the fork (nothing is pickled or sent
to it) and hands its findings back through a pipe, as ``marshal`` data. Files a
sibling-reading kind accepts (manifests with ``-r`` includes) stay in this
process, which alone can read the rest of the repository. A child that fails
has its share checked here; where ``fork`` is unavailable, everything runs here.

No ``multiprocessing`` pool: its imports and its feeder threads cost a full scan
~20 ms, a tenth of what the second core saves on 250 files.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable, Collection, Sequence

from wsguard.rules.config import Config
from wsguard.rules.engine import FileInput, check_files, preload, reads_siblings
from wsguard.values import Finding

MIN_FILES = 200  # below this, starting workers costs more than it saves
# When imports are read without a full parse (~30 ms a MB of code, ~10× less), what pays
# for starting a worker is the amount of code: half of it must take longer.
MIN_FAST_BYTES = 4 << 20
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with(parent: int) -> None:
    """In a child: die with the process that forked it.

    A child left behind by a ``kill -9`` or a SIGTERM of its parent would finish a
    share nobody waits for. On Linux the kernel kills it (``PR_SET_PDEATHSIG``);
    elsewhere a thread watches for the parent to go.
    """
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):
        import threading

        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def _watch(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


class _Child:
    """A forked process running ``job``; :meth:`result` is what it returned, or None if
    it failed."""

    def __init__(self, job: Callable[[], list[Finding]]) -> None:
        parent = os.getpid()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child; coverage does not follow a fork
            code = 1
            try:
                os.close(read)
                _die_with(parent)
                data = marshal.dumps([tuple(f) for f in job()])
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)  # never back into the parent's code, never its atexit
        os.close(write)
        self.pid = pid
        self._read = read

    def result(self) -> list[Finding] | None:
        with os.fdopen(self._read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if os.waitstatus_to_exitcode(status) != 0:
            return None
        return [Finding(*values) for values in marshal.loads(data)]

    def stop(self) -> None:
        """Kill the child if it is still running (this process is leaving early)."""
        if self.pid:
            import signal

            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self._read)


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_many(
    config: Config,
    repo: str,
    inputs: Sequence[FileInput],
    all_paths: Collection[str] | None,
    read_other: Callable[[str], bytes | None] | None,
    fast: bool = False,
) -> list[Finding]:
    """``check_files`` over ``inputs``, on every core when the batch is large."""
    count = workers()
    small = sum(len(f.data) for f in inputs) < MIN_FAST_BYTES if fast else len(inputs) < MIN_FILES
    if small or count < 2 or not hasattr(os, "fork"):
        return check_files(config, repo, inputs, all_paths, read_other, fast)
    local = [f for f in inputs if reads_siblings(config, f.path)]
    rest = [f for f in inputs if not reads_siblings(config, f.path)]
    # Interleave by size so each share parses about as much code.
    rest.sort(key=lambda f: len(f.data), reverse=True)
    shares = [rest[i::count] for i in range(count)]
    preload(config, fast)  # what checking loads on first use comes with the fork

    def share_job(share: list[FileInput]) -> Callable[[], list[Finding]]:
        return lambda: check_files(config, repo, share, all_paths, fast=fast)

    children = [(_Child(share_job(share)), share) for share in shares[1:]]
    try:
        found = check_files(config, repo, shares[0] + local, all_paths, read_other, fast)
        for child, share in children:
            theirs = child.result()
            found += share_job(share)() if theirs is None else theirs
    finally:
        for child, _share in children:
            child.stop()
    return found
