"""The report as GitHub-flavoured markdown, fit for a PR comment or a wiki page.

Every text from the database is escaped: GitHub renders inline HTML in comments,
so a task titled ``<script>…`` must arrive as text, and a ``|`` must not split a cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wsguard.report import wording
from wsguard.report.values import ReportData

_SPECIAL = re.compile(r"([\\`*_\[\]|#])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape(value: object) -> str:
    text = " ".join(str(value).split())
    text = "".join(_ENTITIES.get(ch, ch) for ch in text)
    return _SPECIAL.sub(r"\\\1", text)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, right: int = 0) -> str:
    """A markdown table; the last ``right`` columns are right-aligned (numbers)."""
    if not rows:
        return "_None._\n"
    aligns = ["---"] * (len(headers) - right) + ["---:"] * right
    lines = [
        "| " + " | ".join(escape(h) for h in headers) + " |",
        "| " + " | ".join(aligns) + " |",
    ]
    lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def render(data: ReportData) -> str:
    parts = [f"# {escape(wording.title(data))}\n", f"_{escape(wording.subtitle(data))}_\n"]
    if data.empty:
        parts.append(escape(wording.EMPTY_MESSAGE) + "\n")
        return "\n".join(parts)
    drift = data.drift
    trend_repos = [s.repo for s in drift.trend.series]
    parts += [
        "## Drift\n",
        f"**{drift.open_total}** open drift detections "
        f"(**+{drift.new}** new / **−{drift.fixed}** fixed since {wording.day(data.since)})"
        + (f"; {escape(wording.stopped(data))}" if drift.blocked else "")
        + "\n",
        "## Architecture map\n",
        escape(wording.map_summary(data))
        + " (drawn in `wsguard report --format html`, `--format svg` or `--format dot`)\n",
        "### Uses between repositories\n",
        table(wording.MAP_HEADERS, wording.map_rows(data), right=0),
        *(
            ["### Components\n", table(wording.COMPONENT_HEADERS, wording.component_rows(data))]
            if data.map.components
            else []
        ),
        "### Open detections\n",
        table(
            ("Repo", "Rule", "Severity", "Open"),
            [(r.repo, r.rule_id, r.severity, r.total) for r in drift.open_by],
            right=1,
        ),
        "### In the period\n",
        table(
            ("Repo", "New", "Fixed"),
            [(r.repo, f"+{r.new}", f"−{r.fixed}") for r in drift.period_by_repo],
            right=2,
        ),
        "### Oldest open detections\n",
        table(
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
        ),
        "### Weekly trend (open at the end of each week)\n",
        table(
            ("Week of", *trend_repos),
            [
                (monday.isoformat(), *(s.values[i] for s in drift.trend.series))
                for i, monday in enumerate(drift.trend.weeks)
            ]
            if trend_repos
            else [],
            right=len(trend_repos),
        ),
        "## Decisions\n",
        table(
            ("ID", "Title", "Status", "Rules", "State", "Open", "Accepted"),
            [
                (
                    d.id,
                    d.title,
                    d.status,
                    ", ".join(d.rules) or "—",
                    d.state,
                    d.open_detections,
                    d.accepted,
                )
                for d in data.decisions
            ],
            right=2,
        ),
        "## Issues\n",
        table(
            ("Status", "Type", "Count"),
            [(i.status, i.issue_type, i.total) for i in data.issues],
            right=1,
        ),
        "## Tasks\n",
        table(("Status", "Count"), [(t.status, t.total) for t in data.tasks], right=1),
        "### Ready to start\n",
        table(
            ("ID", "Priority", "Title", "Assignee"),
            [(t.id, t.priority, t.title, t.assigned_to or "—") for t in data.ready],
        ),
        "## Recent sessions\n",
        table(
            ("ID", "Status", "Started", "Who", "Latest activity", "Activities"),
            [
                (
                    s.id,
                    s.status,
                    wording.stamp(s.started_at),
                    " + ".join(w for w in (s.user, s.ai_assistant) if w) or "—",
                    "; ".join(a.description for a in s.recent_activities) or "—",
                    s.activity_count,
                )
                for s in data.sessions
            ],
            right=1,
        ),
    ]
    return "\n".join(parts)
