"""The weekly trend of open detections per repo, from first_seen and resolved_at.

Open at the end of a week means first seen before the next Monday (for the
current week: at or before now) and not resolved by then. A detection adds one
from the week it was first seen and removes one from the week it was resolved,
so a running sum of per-week changes gives the open count at each week's end.
Everything before the end of the first week counts in week 0.

The changes are counted in SQL, one index range count per repo and week (see
``ranges``): Python only ever sees those few cells (repos × weeks), never a
detection, and SQLite never sorts one.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import DateTime, Integer, and_, case, column, select, true, values
from sqlalchemy.orm import Session

from wsguard.report.model import Trend, TrendSeries
from wsguard.report.ranges import T, count_where, repo_names

MIN_TREND_WEEKS = 8
MAX_TREND_WEEKS = 104
# The lower bound of week 0, which holds everything before the first week ended.
_BEGINNING = datetime(1, 1, 1)


def trend_weeks(now: datetime, since: datetime) -> tuple[date, ...]:
    """The Mondays of the weeks shown: at least ``MIN_TREND_WEEKS``, back to ``since``."""
    this_monday = now.date() - timedelta(days=now.weekday())
    earliest = min(since.date(), this_monday - timedelta(weeks=MIN_TREND_WEEKS - 1))
    first = earliest - timedelta(days=earliest.weekday())
    count = min((this_monday - first).days // 7 + 1, MAX_TREND_WEEKS)
    return tuple(this_monday - timedelta(weeks=count - 1 - i) for i in range(count))


def weekly_trend(session: Session, *, now: datetime, since: datetime, repo: str | None) -> Trend:
    weeks = trend_weeks(now, since)
    starts = [datetime.combine(monday, time.min) for monday in weeks[1:]]
    first_end = starts[0]
    # Week k is [lo, hi); the last one ends at now, inclusive (timestamps are in µs).
    lows = [_BEGINNING, *starts]
    highs = [*starts, now + timedelta(microseconds=1)]
    cells = (
        values(column("k", Integer), column("lo", DateTime), column("hi", DateTime), name="weeks")
        .data([(k, lo, hi) for k, (lo, hi) in enumerate(zip(lows, highs, strict=True))])
        .cte("weeks")
    )
    repos = repo_names(repo)
    of = (T.c.repo == repos.c.name,)
    fs, ra = T.c.first_seen, T.c.resolved_at
    opened = count_where(T.c.status == "open", *of, fs >= cells.c.lo, fs < cells.c.hi)
    # Resolved detections count from the end of the first week on: one resolved
    # before it adds and removes in week 0, so it never shows. Their openings in
    # week 0 are not counted here (that range holds every old detection): they are
    # the rest of those counted by the week they were resolved in.
    resolved = (T.c.status == "resolved", *of)
    in_week = case(
        (cells.c.k == 0, 0),
        else_=count_where(
            *resolved, fs >= cells.c.lo, fs < cells.c.hi, only=and_(ra >= first_end, ra <= now)
        ),
    )
    out_week = case(
        (cells.c.k == 0, 0),
        else_=count_where(*resolved, ra >= cells.c.lo, ra < cells.c.hi, only=fs <= now),
    )
    rows = session.execute(
        select(repos.c.name, cells.c.k, opened, in_week, out_week)
        .select_from(repos.join(cells, true()))
        .where(repos.c.name.is_not(None))
    )
    changes: dict[str, list[int]] = {}
    # Resolved detections counted by the week they were resolved in, less those
    # counted by the week they were opened in (1…): the rest opened in week 0.
    opened_before: dict[str, int] = {}
    shown: set[str] = set()  # repos with a detection in the trend, even if it nets out
    for name, k, opened_n, in_n, out_n in rows:
        series = changes.setdefault(name, [0] * len(weeks))
        series[k] += opened_n + in_n - out_n
        opened_before[name] = opened_before.get(name, 0) + out_n - in_n
        if opened_n or out_n:
            shown.add(name)
    result = []
    for name in sorted(shown):
        running, counts = opened_before[name], []
        for change in changes[name]:
            running += change
            counts.append(running)
        result.append(TrendSeries(name, tuple(counts)))
    return Trend(weeks, tuple(result))
