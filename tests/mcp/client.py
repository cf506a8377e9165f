"""The SDK's own stdio client, driven from synchronous tests: real server processes.

Sessions live in a blocking portal (an event loop on a thread) for as long as the
``with`` block, so a module can keep one server for all its tests.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, NamedTuple, TextIO

import anyio
from anyio.from_thread import BlockingPortal, start_blocking_portal
from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.types import CallToolResult, TextContent


class Answer(NamedTuple):
    error: bool
    text: str

    @property
    def data(self) -> Any:
        assert not self.error, self.text
        document = json.loads(self.text)
        assert document["schema_version"] == 1
        return document["data"]


def answer(result: CallToolResult) -> Answer:
    (content,) = result.content
    assert isinstance(content, TextContent)
    return Answer(bool(result.is_error), content.text)


def server_params(cwd: Path, env: Mapping[str, str], *global_options: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "wsguard", *global_options, "mcp"],
        env=dict(env),
        cwd=cwd,
    )


@asynccontextmanager
async def connect(params: StdioServerParameters, errlog: TextIO) -> AsyncIterator[ClientSession]:
    async with (
        stdio_client(params, errlog=errlog) as (read, write),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        yield session


class Client:
    """One connected session, called synchronously."""

    def __init__(self, portal: BlockingPortal, session: ClientSession) -> None:
        self.portal = portal
        self.session = session

    def call(self, tool: str, **arguments: Any) -> Answer:
        return answer(self.portal.call(self.session.call_tool, tool, arguments))

    def run(self, fn: Any, *args: Any) -> Any:
        return self.portal.call(fn, *args)


@contextmanager
def clients(params: Sequence[StdioServerParameters], errlog: TextIO) -> Iterator[list[Client]]:
    """One server process and one client per entry of ``params``."""
    with start_blocking_portal() as portal:

        @asynccontextmanager
        async def all_sessions() -> AsyncIterator[list[ClientSession]]:
            async with AsyncExitStack() as stack:
                yield [await stack.enter_async_context(connect(p, errlog)) for p in params]

        with portal.wrap_async_context_manager(all_sessions()) as sessions:
            yield [Client(portal, s) for s in sessions]


async def race(calls: Sequence[tuple[ClientSession, str, dict[str, Any]]]) -> list[Answer]:
    """The calls sent at the same moment; their answers in order."""
    results: list[Answer | None] = [None] * len(calls)

    async def one(i: int) -> None:
        session, tool, arguments = calls[i]
        results[i] = answer(await session.call_tool(tool, arguments))

    async with anyio.create_task_group() as group:
        for i in range(len(calls)):
            group.start_soon(one, i)
    return [r for r in results if r is not None]
