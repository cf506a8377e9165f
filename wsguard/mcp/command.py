"""``wsguard mcp``: the MCP server over stdio, for AI assistants (extra: ``wsguard[mcp]``).

The click command lives here, not in ``wsguard.commands``: the layers contract keeps
``wsguard.commands`` and ``wsguard.mcp`` independent of each other.
"""

from __future__ import annotations

import importlib.util

import click

from wsguard.errors import UsageError
from wsguard.workspace import Options


@click.command()
@click.pass_context
def mcp(ctx: click.Context) -> None:
    """Serve the workspace to an AI assistant over the Model Context Protocol (stdio)."""
    if importlib.util.find_spec("mcp") is None:
        raise UsageError("wsguard mcp needs the MCP Python SDK: pip install 'wsguard[mcp]'")
    from wsguard.mcp.server import serve

    obj = ctx.find_root().obj
    serve(obj if isinstance(obj, Options) else Options())
