"""Timing whole processes, side by side.

A :class:`Command` is one process to time, with what to do before each run
(untimed: staging new content, copying a fresh database). :func:`measure`
interleaves the runs of several commands (a, b, c, a, b, c…) so a machine that
slows down mid-run slows every column alike.
"""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple


class BenchError(Exception):
    """A benchmarked command failed: the case is reported as an error, the suite goes on."""


def _nothing(run: int) -> None:
    pass


@dataclass(frozen=True)
class Command:
    argv: Sequence[str]
    cwd: Path
    env: Mapping[str, str]
    before: Callable[[int], None] = _nothing  # untimed, called with the run number
    ok: frozenset[int] = field(default_factory=lambda: frozenset({0}))
    warmups: int = 1


class Samples(NamedTuple):
    seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def low(self) -> float:
        return min(self.seconds)

    @property
    def high(self) -> float:
        return max(self.seconds)


def run_once(cmd: Command, run: int) -> float:
    """Seconds the process took, from spawn to exit; raises BenchError on a bad exit code."""
    cmd.before(run)
    start = time.perf_counter()
    done = subprocess.run(
        list(cmd.argv), cwd=cmd.cwd, env=dict(cmd.env), stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    if done.returncode not in cmd.ok:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise BenchError(f"{cmd.argv[0]} exited {done.returncode}: {' / '.join(tail)}")
    return elapsed


def measure(commands: Mapping[str, Command], runs: int) -> dict[str, Samples | BenchError]:
    """Time each command ``runs`` times, interleaved, after its warm-up runs.

    A command that fails is dropped from the rotation and reported as its error.
    """
    results: dict[str, list[float]] = {name: [] for name in commands}
    failed: dict[str, BenchError] = {}
    for name, cmd in commands.items():
        try:
            for w in range(cmd.warmups):
                run_once(cmd, -1 - w)
        except BenchError as exc:
            failed[name] = exc
    for run in range(runs):
        for name, cmd in commands.items():
            if name in failed:
                continue
            try:
                results[name].append(run_once(cmd, run))
            except BenchError as exc:
                failed[name] = exc
    return {
        name: failed[name] if name in failed else Samples(tuple(results[name])) for name in commands
    }


def time_call(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start
