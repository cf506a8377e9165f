"""The click wiring of ``wsguard``: global options, lazy subcommands, error rendering.

Subcommands live in ``wsguard.commands.*`` and are imported only when invoked,
so ``wsguard check`` on the hook's hot path pays for nothing else.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from wsguard.errors import WsguardError, printable
from wsguard.version import __version__
from wsguard.workspace import Options

# name -> "module:attribute" of a click command or group.
COMMANDS: dict[str, str] = {
    "db": "wsguard.commands.db:db",
    "rules": "wsguard.commands.rules:rules",
    "baseline": "wsguard.commands.waive:baseline",
    "check": "wsguard.commands.check:check",
    "demo": "wsguard.commands.demo:demo",
    "install": "wsguard.commands.install:install",
    "scan": "wsguard.commands.scan:scan",
    "waive": "wsguard.commands.waive:waive",
    "uninstall": "wsguard.commands.install:uninstall",
    "export": "wsguard.commands.export:export",
    "import": "wsguard.commands.import_:import_",
    "task": "wsguard.commands.task:task",
    "issue": "wsguard.commands.issue:issue",
    "decision": "wsguard.commands.decision:decision",
    "session": "wsguard.commands.session:session",
    "context": "wsguard.commands.context:context",
    "placement": "wsguard.commands.placement:placement",
    "state": "wsguard.commands.state:state",
    "hook": "wsguard.commands.hook:hook",
    "report": "wsguard.commands.report:report",
    "init": "wsguard.commands.init:init",
    "mcp": "wsguard.mcp.command:mcp",
}


class _ExitOne(click.ClickException):
    """A WsguardError that exits 1 (not found, refused), rendered as ``Error: …``."""

    exit_code = 1


class _ExitTwo(click.ClickException):
    """A WsguardError that exits 2 (usage, configuration, database)."""

    exit_code = 2


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use, and that renders our errors."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            module_name, attr = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attr)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib

            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            if close:
                ctx.fail(f"No such command {name!r}. Did you mean {close[0]!r}?")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WsguardError as exc:
            raise (_ExitOne if exc.exit_code == 1 else _ExitTwo)(printable(exc.message)) from None


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db", metavar="URL", help="Database URL or SQLite path (default: <workspace>/workspace.db)."
)
@click.option("--rules", metavar="FILE", help="The rules file (default: nearest rules.yaml).")
@click.option(
    "--workspace", metavar="DIR", help="The workspace root (default: the rules file's folder)."
)
@click.version_option(__version__, prog_name="wsguard")
@click.pass_context
def cli(ctx: click.Context, db: str | None, rules: str | None, workspace: str | None) -> None:
    """Keep a workspace of git repositories from drifting away from its architecture."""
    ctx.obj = Options(db=db, rules=rules, workspace=workspace)
