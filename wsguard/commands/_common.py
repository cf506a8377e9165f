"""Helpers shared by the command modules: the options object and JSON output."""

from __future__ import annotations

import json
from typing import Any

import click

from wsguard.model import envelope
from wsguard.workspace import Options


def options(ctx: click.Context) -> Options:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Options) else Options()


def echo_json(data: Any) -> None:
    """Print ``{"schema_version": 1, "data": ...}`` and nothing else."""
    click.echo(json.dumps(envelope(data), indent=2, sort_keys=True, default=str))
