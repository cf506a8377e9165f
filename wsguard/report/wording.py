"""Wording shared by every format, so text, markdown and HTML say the same thing."""

from __future__ import annotations

from datetime import date, datetime

from wsguard.report.values import ReportData

EMPTY_MESSAGE = (
    "Nothing recorded yet: no drift detections, decisions, issues, tasks or sessions. "
    "Detections appear after `wsguard scan` or a commit through the hook."
)


def stamp(value: datetime | date | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def day(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value is not None else "—"


def title(data: ReportData) -> str:
    scope = f" for {data.repo}" if data.repo else ""
    return f"Workspace report{scope}"


def subtitle(data: ReportData) -> str:
    return f"generated {stamp(data.generated_at)} UTC · period since {day(data.since)}"


def delta(data: ReportData) -> str:
    """``+N new / −M fixed since DATE``, and the commits the guard stopped."""
    text = f"+{data.drift.new} new / −{data.drift.fixed} fixed since {day(data.since)}"
    return f"{text}; {stopped(data)}" if data.drift.blocked else text


def stopped(data: ReportData) -> str:
    """``the guard stopped N commits``: blocked attempts, never counted as open drift."""
    n = data.drift.blocked
    return f"the guard stopped {n} commit{'' if n == 1 else 's'}"


def headline(data: ReportData) -> str:
    return f"{data.drift.open_total} open drift detections ({delta(data)})"


def location(path: str, line: int | None) -> str:
    return f"{path}:{line}" if line is not None else path
