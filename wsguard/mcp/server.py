"""The MCP server: the tools and resources registered on the SDK's ``MCPServer``, run on stdio.

Results are the CLI's ``--json`` envelope as text. A wsguard error becomes the SDK's
``ToolError`` (or ``ResourceError``) with wsguard's own message; any other exception is
logged to stderr with its traceback and answered as an internal error. Either way the
server keeps answering.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ToolError

from wsguard.errors import WsguardError
from wsguard.mcp.guard import GuardTools
from wsguard.mcp.tools import TrackerTools
from wsguard.mcp.workspace import Workspace
from wsguard.values import envelope
from wsguard.version import __version__
from wsguard.workspace import Options

log = logging.getLogger("wsguard.mcp")

TOOLS = (
    "ready",
    "claim",
    "add_task",
    "update_task",
    "add_issue",
    "add_decision",
    "start_session",
    "log_activity",
    "end_session",
    "handoff",
    "check",
    "report",
)

# A parameter whose name is a Python keyword: the schema's name → the method's.
_ALIASES = {"as": "who"}

INSTRUCTIONS = """\
wsguard guards the architecture of this workspace of git repositories and tracks the work on it.
Start a work session (start_session), look at what is ready (ready), claim a task before working
on it (claim), log what you do (log_activity), run check on a repo before committing, and end the
session with hand-off notes (end_session). handoff shows what the last session left.
Read wsguard://rules for what the guard enforces and why."""


def _dump(data: Any) -> str:
    return json.dumps(envelope(data), indent=2, sort_keys=True, default=str)


def _internal(name: str, exc: Exception) -> str:
    log.error("wsguard mcp: %s failed", name, exc_info=exc)
    return f"internal error: {type(exc).__name__}: {exc} (the server's log has the traceback)"


def tool(method: Callable[..., Any]) -> Callable[..., str]:
    """``method`` as a tool: JSON envelope out, wsguard's message in a ``ToolError``."""

    @functools.wraps(method)
    def call(**kwargs: Any) -> str:
        for alias, name in _ALIASES.items():
            if alias in kwargs:
                kwargs[name] = kwargs.pop(alias)
        try:
            return _dump(method(**kwargs))
        except WsguardError as exc:
            raise ToolError(exc.message) from None
        except Exception as exc:
            raise ToolError(_internal(method.__name__, exc)) from None

    return call


def resource(name: str, read: Callable[[], Any]) -> Callable[[], str]:
    def call() -> str:
        try:
            return _dump(read())
        except WsguardError as exc:
            raise ResourceError(exc.message) from None
        except Exception as exc:
            raise ResourceError(_internal(name, exc)) from None

    return call


def build_server(opts: Options) -> tuple[MCPServer[Any], Workspace]:
    ws = Workspace(opts)
    tracker, guard = TrackerTools(ws), GuardTools(opts)
    server: MCPServer[Any] = MCPServer(
        "wsguard", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING"
    )
    for name in TOOLS:
        method = getattr(tracker, name, None) or getattr(guard, name)
        server.add_tool(tool(method), name=name, structured_output=False)
    server.resource(
        "wsguard://rules",
        name="rules",
        description="The rules of rules.yaml: what each forbids where, the decision (ADR) it "
        "enforces, its remediation, whether it blocks commits.",
        mime_type="application/json",
    )(resource("wsguard://rules", guard.rules))
    server.resource(
        "wsguard://report",
        name="report",
        description="The workspace report as JSON: drift, decisions, issues, tasks, sessions.",
        mime_type="application/json",
    )(resource("wsguard://report", guard.report))
    return server, ws


def serve(opts: Options) -> None:
    """Answer MCP requests on stdin/stdout until the client closes them."""
    server, ws = build_server(opts)
    try:
        server.run("stdio")
    finally:
        ws.close()
