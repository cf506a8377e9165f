"""The values a report is made of: gathered once from the database, rendered by each format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple


class OpenCount(NamedTuple):
    repo: str
    rule_id: str
    severity: str
    total: int


class PeriodCount(NamedTuple):
    """Detections first seen (``new``) and resolved (``fixed``) in the period, per repo."""

    repo: str
    new: int
    fixed: int


class OldDetection(NamedTuple):
    id: int
    repo: str
    rule_id: str
    severity: str
    path: str
    line: int | None
    first_seen: datetime | None
    message: str


class TrendSeries(NamedTuple):
    repo: str
    values: tuple[int, ...]  # open detections at the end of each week of ``Trend.weeks``


class Trend(NamedTuple):
    weeks: tuple[date, ...]  # the Monday each week starts on
    series: tuple[TrendSeries, ...]


class DecisionRow(NamedTuple):
    id: str
    title: str
    status: str
    rules: tuple[str, ...]  # rules of rules.yaml whose ``decision`` cites this one
    open_detections: int
    # Baselined or waived: the team accepted it, but the repositories still contain it.
    accepted: int = 0

    @property
    def state(self) -> str:
        """``drifting`` (open detections), ``accepted`` (only baselined or waived ones),
        ``kept`` (guarded, nothing there) or ``unguarded`` (no rule cites it)."""
        if self.open_detections:
            return "drifting"
        if self.accepted:
            return "accepted"
        return "kept" if self.rules else "unguarded"


class IssueCount(NamedTuple):
    status: str
    issue_type: str
    total: int


class StatusCount(NamedTuple):
    status: str
    total: int


class ReadyTask(NamedTuple):
    id: str
    title: str
    priority: str
    assigned_to: str | None


class ActivityRow(NamedTuple):
    activity_type: str
    description: str
    occurred_at: datetime | None


class SessionRow(NamedTuple):
    id: str
    status: str
    started_at: datetime | None
    ended_at: datetime | None
    user: str | None
    ai_assistant: str | None
    activity_count: int
    recent_activities: tuple[ActivityRow, ...]


@dataclass(frozen=True)
class DriftSummary:
    open_total: int
    open_by: tuple[OpenCount, ...]
    new: int
    fixed: int
    period_by_repo: tuple[PeriodCount, ...]
    oldest: tuple[OldDetection, ...]
    trend: Trend
    # Commit attempts the guard stopped in the period: never in history, never open drift.
    blocked: int = 0

    def open_by_rule(self) -> tuple[tuple[str, int], ...]:
        """Open detections per rule, most first (ties by rule id)."""
        totals: dict[str, int] = {}
        for row in self.open_by:
            totals[row.rule_id] = totals.get(row.rule_id, 0) + row.total
        return tuple(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])))

    def open_by_repo(self) -> tuple[tuple[str, int], ...]:
        totals: dict[str, int] = {}
        for row in self.open_by:
            totals[row.repo] = totals.get(row.repo, 0) + row.total
        return tuple(sorted(totals.items()))


@dataclass(frozen=True)
class ReportData:
    generated_at: datetime
    since: datetime
    repo: str | None
    drift: DriftSummary
    decisions: tuple[DecisionRow, ...]
    issues: tuple[IssueCount, ...]
    tasks: tuple[StatusCount, ...]
    ready: tuple[ReadyTask, ...]
    sessions: tuple[SessionRow, ...]

    @property
    def empty(self) -> bool:
        """Nothing recorded at all: the renderers then say so in a friendly way."""
        return not (
            self.drift.open_total
            or self.drift.blocked
            or self.drift.new
            or self.drift.fixed
            or any(any(s.values) for s in self.drift.trend.series)
            or self.decisions
            or self.issues
            or self.tasks
            or self.sessions
        )

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types only: dates and datetimes as ISO 8601 strings."""
        drift = self.drift
        plain: dict[str, Any] = _plain(
            {
                "generated_at": self.generated_at,
                "since": self.since,
                "repo": self.repo,
                "drift": {
                    "open_total": drift.open_total,
                    "open": [r._asdict() for r in drift.open_by],
                    "open_by_rule": [{"rule_id": k, "total": v} for k, v in drift.open_by_rule()],
                    "open_by_repo": [{"repo": k, "total": v} for k, v in drift.open_by_repo()],
                    "new": drift.new,
                    "fixed": drift.fixed,
                    "blocked": drift.blocked,
                    "period_by_repo": [r._asdict() for r in drift.period_by_repo],
                    "oldest_open": [r._asdict() for r in drift.oldest],
                    "trend": {
                        "weeks": list(drift.trend.weeks),
                        "series": [
                            {"repo": s.repo, "open": list(s.values)} for s in drift.trend.series
                        ],
                    },
                },
                "decisions": [{**d._asdict(), "state": d.state} for d in self.decisions],
                "issues": [r._asdict() for r in self.issues],
                "tasks": {
                    "by_status": [r._asdict() for r in self.tasks],
                    "ready": [r._asdict() for r in self.ready],
                },
                "sessions": [
                    {
                        **s._asdict(),
                        "recent_activities": [a._asdict() for a in s.recent_activities],
                    }
                    for s in self.sessions
                ],
            }
        )
        return plain


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
