"""Orchestrate a report: the rules (if any), the database, the data, one format."""

from __future__ import annotations

from datetime import datetime

from wsguard.clock import utcnow
from wsguard.report.values import ReportData
from wsguard.workspace import Options, find_rules_file, resolve_db_url, workspace_root

FORMATS = ("text", "markdown", "json", "html")


def rule_decisions(opts: Options) -> tuple[tuple[str, str | None], ...]:
    """(rule id, decision) of each rule of rules.yaml; none when the workspace has no rules.

    A report works without rules.yaml: decisions then show no rules. A rules file that
    exists but is broken still raises, so the user learns about it.
    """
    path = find_rules_file(opts)
    if path is None:
        return ()
    from wsguard.rules.config import load_config

    return tuple((rule.id, rule.decision) for rule in load_config(path).rules)


def build_report(
    opts: Options,
    *,
    since: datetime | None = None,
    repo: str | None = None,
    now: datetime | None = None,
) -> ReportData:
    from wsguard.report.data import gather
    from wsguard.store.sql import open_reader

    rules = rule_decisions(opts)
    now = now if now is not None else utcnow()
    reader = open_reader(resolve_db_url(opts, workspace_root(opts)))
    if reader is not None:
        with reader:
            return gather(reader, now=now, since=since, repo=repo, rule_decisions=rules)
    # Not a current SQLite file: SQLAlchemy creates or upgrades it, or says what is wrong.
    from wsguard.store.db import open_database
    from wsguard.store.sql import session_executor

    with open_database(opts) as database, database.session_scope() as session:
        read = session_executor(session)
        return gather(read, now=now, since=since, repo=repo, rule_decisions=rules)


def render(data: ReportData, fmt: str, *, terminal: bool = False) -> str:
    """The report in ``fmt`` (one of ``FORMATS``), ending with a newline."""
    if fmt == "json":
        import json

        from wsguard.values import envelope

        return json.dumps(envelope(data.to_json()), indent=2, sort_keys=True) + "\n"
    if fmt == "markdown":
        from wsguard.report import markdown

        return markdown.render(data)
    if fmt == "html":
        from wsguard.report import html

        return html.render(data)
    from wsguard.report import text

    return text.render(data, terminal=terminal)
