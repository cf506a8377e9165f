"""MCP cases: ``wsguard mcp`` as an assistant meets it, through the SDK's own stdio client.

- mcp-start: from spawning ``python -m wsguard --db DB mcp`` to the answer of
  ``initialize``: what an assistant waits for before it can list the tools. The first
  ``ready`` call of the same process (it opens the database) is reported beside it.
- mcp-ready: one ``ready`` round trip on a connected server whose database is open,
  over the 10,000 tasks and 20,000 dependencies of the ``tasks`` case (the same
  answer as ``task ready --json``, so the difference is the process start-up).

The client runs in this process; its share of each round trip is in the numbers.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.dbfiles import cached_db
from benchmarks.table import Row
from benchmarks.timing import BenchError, Samples
from benchmarks.tools import Tools

ROUND_TRIPS_PER_RUN = 10
START = "mcp: start to initialized"
READY = "mcp: ready round trip, 10,000 tasks"


def _params(tools: Tools, db: Path, cwd: Path) -> Any:
    from mcp import StdioServerParameters

    argv = tools.wsguard("--db", f"sqlite:///{db}", "mcp")
    return StdioServerParameters(command=argv[0], args=argv[1:], env=dict(tools.env), cwd=cwd)


async def _one_server(params: Any, round_trips: int) -> tuple[float, float, list[float]]:
    """(spawn → initialized, the first ``ready``, then each further ``ready``) in seconds."""
    from mcp import ClientSession, stdio_client

    started = time.perf_counter()
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        initialized = time.perf_counter() - started

        async def ready() -> float:
            begin = time.perf_counter()
            result = await session.call_tool("ready", {})
            if result.is_error:
                raise BenchError(f"ready: {result.content}")
            return time.perf_counter() - begin

        first = await ready()
        return initialized, first, [await ready() for _ in range(round_trips)]


def mcp_rows(
    work: Path, tools: Tools, runs: int, cache_dir: Path, wanted: Callable[[str], bool]
) -> list[Row]:
    if importlib.util.find_spec("mcp") is None:
        missing = "mcp not installed (pip install -e '.[dev]')"
        return [Row(START, missing), Row(READY, missing)]
    import anyio

    params = _params(tools, cached_db(tools, cache_dir, "tasks", []), work)
    starts: list[float] = []
    firsts: list[float] = []
    trips: list[float] = []
    try:
        anyio.run(_one_server, params, 1)  # warm-up: caches, .pyc files, the database file
        for _ in range(runs):
            initialized, first, more = anyio.run(_one_server, params, ROUND_TRIPS_PER_RUN)
            starts.append(initialized)
            firsts.append(first)
            trips.extend(more)
    except (BenchError, OSError) as exc:
        error = exc if isinstance(exc, BenchError) else BenchError(str(exc))
        return [Row(START, error), Row(READY, error)]
    rows = []
    if wanted("mcp-start"):
        first = Samples(tuple(firsts)).median * 1000
        rows.append(
            Row(
                START,
                Samples(tuple(starts)),
                note=f"no target; the first ready (opens the database): {first:.0f} ms",
            )
        )
    if wanted("mcp-ready"):
        rows.append(
            Row(
                READY,
                Samples(tuple(trips)),
                note=f"no target; {len(trips)} calls on {runs} servers, database open",
            )
        )
    return rows
