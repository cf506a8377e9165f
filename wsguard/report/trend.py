"""The weekly trend of open detections per repo, from first_seen and resolved_at.

Open at the end of a week means first seen before the next Monday (for the
current week: at or before now) and not resolved by then. A detection adds one
from the week it was first seen and removes one from the week it was resolved,
so a running sum of per-week changes gives the open count at each week's end.
The changes are counted in SQL, grouped by repo and day: Python only ever sees
those few aggregates (repos × days), never a detection.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from wsguard.report.model import Trend, TrendSeries
from wsguard.store.models_guard import DriftDetection as D

MIN_TREND_WEEKS = 8
MAX_TREND_WEEKS = 104


def trend_weeks(now: datetime, since: datetime) -> tuple[date, ...]:
    """The Mondays of the weeks shown: at least ``MIN_TREND_WEEKS``, back to ``since``."""
    this_monday = now.date() - timedelta(days=now.weekday())
    earliest = min(since.date(), this_monday - timedelta(weeks=MIN_TREND_WEEKS - 1))
    first = earliest - timedelta(days=earliest.weekday())
    count = min((this_monday - first).days // 7 + 1, MAX_TREND_WEEKS)
    return tuple(this_monday - timedelta(weeks=count - 1 - i) for i in range(count))


def weekly_trend(session: Session, *, now: datetime, since: datetime, repo: str | None) -> Trend:
    weeks = trend_weeks(now, since)
    # Everything before the end of the first week counts in week 0, as one group.
    first_end = datetime.combine(weeks[0] + timedelta(days=7), datetime.min.time())
    where: list[ColumnElement[bool]] = [D.repo == repo] if repo is not None else []

    def day(column: Any) -> Any:
        return case((column < first_end, None), else_=func.date(column)).label("day")

    changes: dict[str, list[int]] = {}

    def count(rows: Iterable[Any], sign: int) -> None:
        for r, when, n in rows:
            series = changes.setdefault(r, [0] * len(weeks))
            series[_week(when, weeks)] += sign * int(n)

    opened_day = day(D.first_seen)
    count(
        session.execute(
            select(D.repo, opened_day, func.count())
            .where(D.status == "open", D.first_seen <= now, *where)
            .group_by(D.repo, opened_day)
        ),
        1,
    )
    # A detection resolved before the first week ended adds and removes in week 0:
    # it never shows, so the index range on resolved_at skips it altogether.
    resolved = (
        D.status == "resolved",
        D.resolved_at >= first_end,
        D.resolved_at <= now,
        D.first_seen <= now,
        *where,
    )
    count(
        session.execute(
            select(D.repo, opened_day, func.count()).where(*resolved).group_by(D.repo, opened_day)
        ),
        1,
    )
    resolved_day = day(D.resolved_at)
    count(
        session.execute(
            select(D.repo, resolved_day, func.count())
            .where(*resolved)
            .group_by(D.repo, resolved_day)
        ),
        -1,
    )
    series = []
    for r in sorted(changes):
        running, values = 0, []
        for change in changes[r]:
            running += change
            values.append(running)
        series.append(TrendSeries(r, tuple(values)))
    return Trend(weeks, tuple(series))


def _week(day: date | str | None, weeks: tuple[date, ...]) -> int:
    """The index of the week holding ``day`` (None: before the first week ended)."""
    if day is None:
        return 0
    # SQLite's date() gives 'YYYY-MM-DD', PostgreSQL's a date.
    when = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
    return min(max((when - weeks[0]).days // 7, 0), len(weeks) - 1)
