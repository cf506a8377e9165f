"""``wsguard mcp``: the workspace served to AI assistants over the Model Context Protocol.

Every tool calls the same tracker, check and report functions as the CLI and the
Python API, each call in its own transaction. Needs the ``mcp`` extra.
"""
