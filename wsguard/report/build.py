"""Orchestrate a report: the rules (if any), the database, the data, one format."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from wsguard.clock import utcnow
from wsguard.report.values import ReportData
from wsguard.workspace import (
    Options,
    discover_repos,
    find_rules_file,
    resolve_db_url,
    workspace_root,
)

if TYPE_CHECKING:
    from wsguard.rules.config import Config

# svg and dot are the architecture map alone.
FORMATS = ("text", "markdown", "json", "html", "svg", "dot")


def load_rules(opts: Options) -> Config | None:
    """The workspace's rules; None when it has no rules.yaml.

    A report works without rules.yaml: decisions then show no rules and the map no
    layers. A rules file that exists but is broken still raises, so the user learns about it.
    """
    path = find_rules_file(opts)
    if path is None:
        return None
    from wsguard.rules.config import load_config

    return load_config(path)


def rule_decisions(opts: Options) -> tuple[tuple[str, str | None], ...]:
    """(rule id, decision) of each rule of rules.yaml; none when the workspace has no rules."""
    config = load_rules(opts)
    return tuple((r.id, r.decision) for r in config.rules) if config is not None else ()


def build_report(
    opts: Options,
    *,
    since: datetime | None = None,
    repo: str | None = None,
    now: datetime | None = None,
) -> ReportData:
    from wsguard.report.data import gather
    from wsguard.store.sql import open_reader

    config = load_rules(opts)
    rules = tuple((r.id, r.decision) for r in config.rules) if config is not None else ()
    root = workspace_root(opts)
    repos = tuple(discover_repos(root, config.repos if config else None))
    now = now if now is not None else utcnow()
    reader = open_reader(resolve_db_url(opts, root))
    if reader is not None:
        with reader:
            return gather(
                reader,
                now=now,
                since=since,
                repo=repo,
                rule_decisions=rules,
                config=config,
                workspace_repos=repos,
            )
    # Not a current SQLite file: SQLAlchemy creates or upgrades it, or says what is wrong.
    from wsguard.store.db import open_database
    from wsguard.store.sql import session_executor

    with open_database(opts) as database, database.session_scope() as session:
        read = session_executor(session)
        return gather(
            read,
            now=now,
            since=since,
            repo=repo,
            rule_decisions=rules,
            config=config,
            workspace_repos=repos,
        )


def render(data: ReportData, fmt: str, *, terminal: bool = False) -> str:
    """The report in ``fmt`` (one of ``FORMATS``), ending with a newline."""
    if fmt == "json":
        import json

        from wsguard.values import envelope

        return json.dumps(envelope(data.to_json()), indent=2, sort_keys=True) + "\n"
    if fmt == "markdown":
        from wsguard.report import markdown

        return markdown.render(data)
    if fmt == "svg":
        from wsguard.report import mapsvg

        return mapsvg.render(data.map, standalone=True)
    if fmt == "dot":
        from wsguard.report import mapdot

        return mapdot.render(data.map)
    if fmt == "html":
        from wsguard.report import html

        return html.render(data)
    from wsguard.report import text

    return text.render(data, terminal=terminal)
