"""The weekly trend and the period counts against a row-by-row count, on timestamps that
sit on the edges: a Monday at midnight, a microsecond before it, now itself, the future
(a clock ahead), none at all."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from tests.report.conftest import NOW
from wsguard.report.data import gather
from wsguard.report.trend import trend_weeks
from wsguard.report.values import ReportData
from wsguard.store.db import Database
from wsguard.store.models.drift import DriftDetection
from wsguard.store.sql import open_reader, session_executor

REPOS = ("alpha", "beta", "Gamma", "delta")
MONDAYS = [datetime(2025, 3, 10) - timedelta(weeks=w) for w in range(30)]


def _stamp(rng: random.Random, earliest: datetime) -> datetime:
    roll = rng.random()
    if roll < 0.15:
        return rng.choice(MONDAYS)
    if roll < 0.25:
        return rng.choice(MONDAYS) - timedelta(microseconds=1)
    if roll < 0.3:
        return NOW
    if roll < 0.33:
        return NOW + timedelta(days=rng.random() * 3)
    return earliest + (NOW - earliest) * rng.random()


def _detections(seed: int) -> list[DriftDetection]:
    rng = random.Random(seed)
    rows = []
    for i in range(300):
        status = rng.choice(["open", "resolved", "resolved", "waived", "baselined"])
        first: datetime | None = _stamp(rng, NOW - timedelta(days=200))
        if status == "open" and rng.random() < 0.05:
            first = None
        resolved = max(first, _stamp(rng, first)) if status == "resolved" and first else None
        rows.append(
            DriftDetection(
                rule_id=rng.choice(["r1", "r2"]),
                repo=rng.choice(REPOS),
                path=f"m{i}.py",
                fingerprint=f"fp{i}",
                message="m",
                severity="error",
                status=status,
                first_seen=first,
                resolved_at=resolved,
                extra={},
            )
        )
    return rows


def _open_at(rows: list[DriftDetection], end: datetime, *, inclusive: bool, repo: str) -> int:
    """Open at ``end``, one detection at a time.

    One resolved after now (a clock ahead) is left out altogether, as the report
    has always done: it counts resolutions up to now only.
    """

    def by(stamp: datetime) -> bool:
        return stamp <= end if inclusive else stamp < end

    return sum(
        1
        for d in rows
        if d.repo == repo
        and d.status in ("open", "resolved")
        and d.first_seen is not None
        and by(d.first_seen)
        and not (d.resolved_at is not None and by(d.resolved_at))
        and not (d.resolved_at is not None and d.resolved_at > NOW)
    )


def reports(url: str, **kwargs: object) -> list[ReportData]:
    """The report through a session and, on SQLite, through sqlite3."""
    found = []
    with Database(url) as database, database.session_scope() as session:
        found.append(gather(session_executor(session), now=NOW, **kwargs))  # type: ignore[arg-type]
    reader = open_reader(url)
    if reader is not None:
        with reader:
            found.append(gather(reader, now=NOW, **kwargs))  # type: ignore[arg-type]
    return found


@pytest.mark.parametrize("days", [7, 100])
def test_trend_and_period_agree_with_a_row_by_row_count(db_url: str, days: int) -> None:
    rows = _detections(seed=days)
    with Database(db_url) as database, database.session_scope() as session:
        session.add_all(rows)
    since = NOW - timedelta(days=days)
    weeks = trend_weeks(NOW, since)
    for data in reports(db_url, since=since):
        series = {s.repo: s.values for s in data.drift.trend.series}
        assert set(series) == {d.repo for d in rows if d.status in ("open", "resolved")}
        for repo, values in series.items():
            expected = [
                _open_at(rows, datetime.combine(monday + timedelta(days=7), datetime.min.time()),
                         inclusive=False, repo=repo)
                for monday in weeks[:-1]
            ] + [_open_at(rows, NOW, inclusive=True, repo=repo)]  # fmt: skip
            assert list(values) == expected, repo
        for period in data.drift.period_by_repo:
            mine = [d for d in rows if d.repo == period.repo]
            assert period.new == sum(
                1
                for d in mine
                if d.status in ("open", "resolved") and d.first_seen and d.first_seen >= since
            )
            assert period.fixed == sum(
                1 for d in mine if d.resolved_at is not None and d.resolved_at >= since
            )
