"""How the commands print: the ``--json`` envelope, tables and fields for people."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

import click

from wsguard.errors import one_line, printable
from wsguard.values import envelope


def echo_json(data: Any) -> None:
    """Print ``{"schema_version": 1, "data": ...}`` and nothing else."""
    click.echo(json.dumps(envelope(data), indent=2, sort_keys=True, default=str))


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # Cells are Text, never markup: a title "[red]x[/red]" or "[/x]" is user text, shown as typed.
    table = Table(title=Text(title), title_justify="left")
    for name in columns:
        table.add_column(Text(name), overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if v is None else one_line(str(v))) for v in row))
    width = None if sys.stdout.isatty() else 200
    Console(width=width, markup=False, highlight=False, emoji=False).print(table)


def print_fields(title: str, fields: Sequence[tuple[str, Any]]) -> None:
    click.secho(one_line(title), bold=True)
    for name, value in fields:
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        if value not in (None, ""):
            # Notes keep their lines, but no line a CI runner would run as a command.
            click.echo(f"  {name:<14} {printable(str(value))}")


def joined(values: Sequence[Any] | None) -> str:
    return ", ".join(str(v) for v in values or ())
