"""The report as rich tables in a terminal, and as plain text (no escapes) when piped."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from wsguard.report import wording
from wsguard.report.values import ReportData

PLAIN_WIDTH = 100
# Identifiers are never wrapped mid-word: a path or rule id cut in two cannot be searched for.
IDENTIFIERS = frozenset({"Repo", "Rule", "Where", "ID", "Detection", "First seen", "Week of"})


def render(data: ReportData, *, terminal: bool = False, width: int | None = None) -> str:
    """The report; a terminal's own width (not ``PLAIN_WIDTH``) when ``terminal``."""
    if width is None and terminal:
        width = shutil.get_terminal_size((PLAIN_WIDTH, 24)).columns
    out = io.StringIO()
    console = Console(
        file=out,
        force_terminal=terminal,
        color_system="auto" if terminal else None,
        width=width or PLAIN_WIDTH,
        emoji=False,
        highlight=False,
        markup=False,
    )
    console.print(Text(wording.title(data), style="bold"))
    console.print(wording.subtitle(data))
    if data.empty:
        console.print()
        console.print(wording.EMPTY_MESSAGE)
        return _finish(out.getvalue(), terminal)
    for table in tables(data, boxed=terminal):
        console.print()
        console.print(table)
    return _finish(out.getvalue(), terminal)


def _finish(rendered: str, terminal: bool) -> str:
    """Piped output carries no padding at line ends, so it diffs and greps cleanly."""
    if terminal:
        return rendered
    return "\n".join(line.rstrip() for line in rendered.splitlines()) + "\n"


def tables(data: ReportData, *, boxed: bool) -> Iterable[Table | Text]:
    drift = data.drift
    yield Text(wording.headline(data), style="bold")
    yield _table(
        "Open detections",
        ("Repo", "Rule", "Severity", "Open"),
        [(r.repo, r.rule_id, r.severity, r.total) for r in drift.open_by],
        boxed,
    )
    yield _table(
        f"In the period (since {wording.day(data.since)})",
        ("Repo", "New", "Fixed"),
        [(r.repo, f"+{r.new}", f"−{r.fixed}") for r in drift.period_by_repo],
        boxed,
    )
    yield _table(
        "Oldest open detections",
        ("Detection", "First seen", "Repo", "Rule", "Where", "Message"),
        [
            (
                d.id,
                wording.day(d.first_seen),
                d.repo,
                d.rule_id,
                wording.location(d.path, d.line),
                d.message,
            )
            for d in drift.oldest
        ],
        boxed,
    )
    repos = [s.repo for s in drift.trend.series]
    yield _table(
        "Open detections at the end of each week",
        ("Week of", *repos),
        [
            (monday.isoformat(), *(s.values[i] for s in drift.trend.series))
            for i, monday in enumerate(drift.trend.weeks)
        ]
        if repos
        else [],
        boxed,
    )
    yield _table(
        "Decisions",
        ("ID", "Title", "Status", "Rules", "Open", "Accepted", "State"),
        [
            (
                d.id,
                d.title,
                d.status,
                ", ".join(d.rules) or "—",
                d.open_detections,
                d.accepted,
                d.state,
            )
            for d in data.decisions
        ],
        boxed,
    )
    yield _table(
        "Issues",
        ("Status", "Type", "Count"),
        [(i.status, i.issue_type, i.total) for i in data.issues],
        boxed,
    )
    yield _table("Tasks", ("Status", "Count"), [(t.status, t.total) for t in data.tasks], boxed)
    yield _table(
        "Ready to start",
        ("ID", "Priority", "Title", "Assignee"),
        [(t.id, t.priority, t.title, t.assigned_to or "—") for t in data.ready],
        boxed,
    )
    yield _table(
        "Recent sessions",
        ("ID", "Status", "Started", "Who", "Activities", "Latest"),
        [
            (
                s.id,
                s.status,
                wording.stamp(s.started_at),
                " + ".join(w for w in (s.user, s.ai_assistant) if w) or "—",
                s.activity_count,
                "; ".join(a.description for a in s.recent_activities) or "—",
            )
            for s in data.sessions
        ],
        boxed,
    )


def _table(
    title: str, headers: Sequence[str], rows: Sequence[Sequence[object]], boxed: bool
) -> Table | Text:
    if not rows:
        return Text(f"{title}: none")
    table = Table(
        title=title,
        title_justify="left",
        box=box.ROUNDED if boxed else box.SIMPLE,
        header_style="bold" if boxed else "",
        title_style="bold" if boxed else "",
    )
    for i, header in enumerate(headers):
        numeric = header in ("New", "Fixed") or all(isinstance(row[i], int) for row in rows)
        table.add_column(
            header,
            justify="right" if numeric else "left",
            overflow="fold",
            no_wrap=header in IDENTIFIERS,
        )
    for row in rows:
        # Text cells: database text is never read as rich markup.
        table.add_row(*(Text(str(cell)) for cell in row))
    return table
