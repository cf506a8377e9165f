"""Checking many files on every core: full scans of large trees.

Parsing Python dominates a cold full scan (every file that may import a banned
module is parsed). Above :data:`MIN_FILES` files (:data:`MIN_FAST_BYTES` of code when
imports are read without a full parse), the batch is split across
forked worker processes: they inherit the validated rules by ``fork`` (nothing
to pickle but file bytes and findings) and run the same pure
:func:`wsguard.rules.engine.check_files`. Files a sibling-reading kind accepts
(manifests with ``-r`` includes) stay in this process, which alone can read
the rest of the repository. Where ``fork`` is unavailable, everything runs here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Sequence

from wsguard.rules.config import Config
from wsguard.rules.engine import FileInput, check_files, reads_siblings
from wsguard.values import Finding

MIN_FILES = 200  # below this, starting workers costs more than it saves
# When imports are read without a full parse (~30 ms a MB of code, ~10× less), what pays
# for starting a worker (~50 ms) is the amount of code: half of it must take longer.
MIN_FAST_BYTES = 4 << 20
_PR_SET_PDEATHSIG = 1  # linux/prctl.h

# What the forked workers check against: set before the pool forks, read-only after.
_JOB: tuple[Config, str, Collection[str] | None, bool] | None = None


def _die_with(parent: int) -> None:
    """Each worker's initializer: it dies with the process that forked it.

    A worker left behind by a ``kill -9`` or a SIGTERM of its parent waits on the
    pool's pipe forever (its siblings hold the other end open). On Linux the kernel
    kills it (``PR_SET_PDEATHSIG``); elsewhere a thread watches for the parent to go.
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


def _work(batch: list[FileInput]) -> list[Finding]:
    assert _JOB is not None
    config, repo, all_paths, fast = _JOB
    return check_files(config, repo, batch, all_paths, fast=fast)


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
    global _JOB
    _JOB = (config, repo, all_paths, fast)
    # Imported here: ~20 ms of modules (threading, pickle, socket…) a commit never needs.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            count - 1, mp_context=context, initializer=_die_with, initargs=(os.getpid(),)
        ) as pool:
            futures = [pool.submit(_work, share) for share in shares[1:]]
            own = check_files(config, repo, shares[0] + local, all_paths, read_other, fast)
            found = [f for future in futures for f in future.result()]
    finally:
        _JOB = None
    return own + found
