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

from wsguard.report.ranges import with_repos
from wsguard.report.values import Trend, TrendSeries
from wsguard.store.sql import Executor

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


# Per repo and week: open detections opened in it; resolved detections (counted from
# the end of the first week on) opened in it and resolved in it. One resolved before
# the first week ended adds and removes in week 0, so it never shows. The resolved
# ones opened in week 0 are not counted in week 0 (that range holds every old
# detection): they are the rest of those counted by the week they were resolved in.
_CELLS = """
SELECT repos.name, weeks.k,
    (SELECT count(*) FROM drift_detections d
     WHERE d.status = 'open' AND d.repo = repos.name
       AND d.first_seen >= weeks.lo AND d.first_seen < weeks.hi),
    CASE WHEN weeks.k = 0 THEN 0 ELSE
    (SELECT count(CASE WHEN d.resolved_at >= :first_end AND d.resolved_at <= :now THEN 1 END)
     FROM drift_detections d
     WHERE d.status = 'resolved' AND d.repo = repos.name
       AND d.first_seen >= weeks.lo AND d.first_seen < weeks.hi) END,
    CASE WHEN weeks.k = 0 THEN 0 ELSE
    (SELECT count(CASE WHEN d.first_seen <= :now THEN 1 END) FROM drift_detections d
     WHERE d.status = 'resolved' AND d.repo = repos.name
       AND d.resolved_at >= weeks.lo AND d.resolved_at < weeks.hi) END
FROM repos CROSS JOIN weeks
WHERE repos.name IS NOT NULL"""


# Commit attempts the guard stopped, per week: blocked scan runs, never open drift.
_BLOCKED = """
SELECT weeks.k, (SELECT count(*) FROM scan_runs s
    WHERE s.blocked AND s.started_at >= CASE WHEN weeks.k = 0 THEN :week0 ELSE weeks.lo END
      AND s.started_at < weeks.hi{repo})
FROM weeks"""


def weekly_trend(read: Executor, *, now: datetime, since: datetime, repo: str | None) -> Trend:
    weeks = trend_weeks(now, since)
    starts = [datetime.combine(monday, time.min) for monday in weeks[1:]]
    # Week k is [lo, hi); the last one ends at now, inclusive (timestamps are in µs).
    lows = [_BEGINNING, *starts]
    highs = [*starts, now + timedelta(microseconds=1)]
    repos, params = with_repos(repo)
    bounds: dict[str, object] = {"first_end": starts[0], "now": now, **params}
    for k, (lo, hi) in enumerate(zip(lows, highs, strict=True)):
        bounds.update({f"k{k}": k, f"lo{k}": lo, f"hi{k}": hi})
    # Only placeholders go into the text: one row of three per week.
    cells = ", ".join(f"(:k{k}, :lo{k}, :hi{k})" for k in range(len(weeks)))
    rows = read.execute(f"{repos}, weeks(k, lo, hi) AS (VALUES {cells}){_CELLS}", bounds)
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
    blocked = [0] * len(weeks)
    week_rows = f"WITH weeks(k, lo, hi) AS (VALUES {cells})"
    stopped = _BLOCKED.format(repo=" AND s.repo = :repo" if repo is not None else "")
    week0 = datetime.combine(weeks[0], time.min)
    for k, n in read.execute(week_rows + stopped, {**bounds, **params, "week0": week0}):
        blocked[int(k)] = int(n)
    return Trend(weeks, tuple(result), tuple(blocked))
