"""``wsguard mcp``: the MCP server over stdio, for AI assistants (extra: ``wsguard[mcp]``)."""

from __future__ import annotations

import importlib.util

import click

from wsguard.commands.params import options
from wsguard.errors import UsageError


@click.command()
@click.pass_context
def mcp(ctx: click.Context) -> None:
    """Serve the workspace to an AI assistant over the Model Context Protocol (stdio)."""
    if importlib.util.find_spec("mcp") is None:
        raise UsageError("wsguard mcp needs the MCP Python SDK: pip install 'wsguard[mcp]'")
    from wsguard.mcp.server import serve

    serve(options(ctx))
