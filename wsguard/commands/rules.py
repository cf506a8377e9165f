"""``wsguard rules check | list | explain``: a thin layer over :mod:`wsguard.rules.config`."""

from __future__ import annotations

from typing import Any

import click

from wsguard.commands.params import options
from wsguard.commands.printing import echo_json
from wsguard.errors import UsageError, one_line
from wsguard.rules.config import Config, Rule, load_config
from wsguard.rules.kinds import KINDS
from wsguard.workspace import find_rules_file


def _load(ctx: click.Context) -> Config:
    path = find_rules_file(options(ctx))
    if path is None:
        raise UsageError(
            "no rules.yaml found here or in any folder above; "
            "give --rules FILE or set $WSGUARD_RULES"
        )
    return load_config(path)


def _summary(rule: Rule) -> dict[str, Any]:
    data = rule.normalised()
    data["blocking"] = rule.blocking
    return data


@click.group()
def rules() -> None:
    """Validate and inspect the workspace rules (rules.yaml)."""


@rules.command("check")
@click.pass_context
def check(ctx: click.Context) -> None:
    """Validate rules.yaml; every error is listed (exit 2)."""
    config = _load(ctx)
    kinds = sorted({r.kind for r in config.rules})
    click.echo(
        one_line(f"{config.path}: OK, {len(config.rules)} rules ({', '.join(kinds) or 'none'})")
    )


@rules.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def list_rules(ctx: click.Context, as_json: bool) -> None:
    """List the rules: id, kind, severity, decision, repos."""
    config = _load(ctx)
    if as_json:
        echo_json({"rules": [_summary(r) for r in config.rules], "digest": config.digest})
        return
    rows = [("RULE", "KIND", "SEVERITY", "DECISION", "REPOS")] + [
        (r.id, r.kind, r.severity, r.decision or "-", ", ".join(r.repos) or "all repos")
        for r in config.rules
    ]
    # Columns as wide as their longest cell: a long rule id never shifts the others.
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        click.echo(one_line("  ".join([*cells, row[4]])))


@rules.command("explain")
@click.argument("rule_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def explain(ctx: click.Context, rule_id: str, as_json: bool) -> None:
    """Show what one rule enforces, where, and how to comply or suppress it."""
    config = _load(ctx)
    rule = config.rule(rule_id)
    if rule is None:
        known = ", ".join(r.id for r in config.rules) or "none"
        raise UsageError(f"no rule {rule_id!r} in {config.path} (rules: {known})")
    if as_json:
        echo_json(_summary(rule))
        return
    kind = KINDS[rule.kind]
    lines = [
        f"{rule.id} ({rule.kind}, {rule.severity}{', blocks commits' if rule.blocking else ''})",
        f"  {rule.message}",
        f"  kind: {kind.summary}",
        f"  repos: {', '.join(rule.repos) or 'all'}",
    ]
    if rule.paths:
        lines.append(f"  paths: {', '.join(rule.paths)}")
    if rule.exclude:
        lines.append(f"  exclude: {', '.join(rule.exclude)}")
    for name in kind.fields:
        key = {"type_checking": "allow_type_checking"}.get(name, name)
        if key in rule.options and rule.options[key] not in (None, (), ""):
            value = rule.options[key]
            shown = ", ".join(map(str, value)) if isinstance(value, tuple) else value
            lines.append(f"  {name}: {shown}")
    for label, value in (
        ("decision", rule.decision),
        ("issue type", rule.issue_type),
        ("remediation", rule.remediation),
    ):
        if value:
            lines.append(f"  {label}: {value}")
    reason = "" if rule.allow_bare_suppressions else " because <reason>"
    lines.append(f"  suppress one line: # wsguard: ignore[{rule.id}]{reason}")
    # rules.yaml is user input and this may run in CI: one line per field, whatever it holds.
    click.echo("\n".join(one_line(line) for line in lines))
