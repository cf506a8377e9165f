from __future__ import annotations

from datetime import date, datetime, timedelta

from tests.report.conftest import (
    CORE,
    DETECTIONS,
    NOW,
    RESEARCH,
    RULE_DECISIONS,
    SINCE,
    TRADING,
    TREND,
    XSS,
)
from wsguard.report.data import gather
from wsguard.report.trend import trend_weeks
from wsguard.report.values import ReportData
from wsguard.store.db import Database
from wsguard.store.sql import session_executor


def _gather(url: str, **kwargs: object) -> ReportData:
    with Database(url) as database, database.session_scope() as s:
        return gather(session_executor(s), now=NOW, rule_decisions=RULE_DECISIONS, **kwargs)  # type: ignore[arg-type]


def test_open_counts_by_repo_rule_severity(report_db: str) -> None:
    drift = _gather(report_db).drift
    assert drift.open_total == 6
    assert [tuple(r) for r in drift.open_by] == [
        (CORE, "layers", "warning", 1),
        (CORE, "no-pandas", "error", 2),
        (RESEARCH, "placement", "error", 1),
        (TRADING, "config-drift", "warning", 1),
        (TRADING, "no-pandas", "error", 1),
    ]
    assert drift.open_by_rule() == (
        ("no-pandas", 3),
        ("config-drift", 1),
        ("layers", 1),
        ("placement", 1),
    )


def test_new_and_fixed_in_the_period(report_db: str) -> None:
    data = _gather(report_db)
    assert data.since == SINCE
    assert (data.drift.new, data.drift.fixed) == (3, 2)
    assert [tuple(r) for r in data.drift.period_by_repo] == [
        (CORE, 1, 1),
        (RESEARCH, 1, 1),
        (TRADING, 1, 0),
    ]
    longer = _gather(report_db, since=NOW - timedelta(days=30)).drift
    assert (longer.new, longer.fixed) == (9, 3)


def test_oldest_open_first(report_db: str) -> None:
    oldest = _gather(report_db).drift.oldest
    assert [(d.repo, d.rule_id) for d in oldest[:2]] == [
        (RESEARCH, "placement"),
        (CORE, "no-pandas"),
    ]
    assert len(oldest) == 6


def test_weekly_trend(report_db: str) -> None:
    trend = _gather(report_db).drift.trend
    assert trend.weeks[0] == date(2025, 1, 20) and trend.weeks[-1] == date(2025, 3, 10)
    assert {s.repo: s.values for s in trend.series} == TREND


def test_trend_agrees_with_a_row_by_row_count(report_db: str) -> None:
    trend = _gather(report_db).drift.trend
    for i, monday in enumerate(trend.weeks):
        end = min(datetime.combine(monday + timedelta(days=7), datetime.min.time()), NOW)
        for series in trend.series:
            expected = sum(
                1
                for d in DETECTIONS
                if d.repo == series.repo
                and d.status in ("open", "resolved")
                and NOW - timedelta(days=d.opened_days_ago) <= end
                and not (
                    d.resolved_days_ago is not None
                    and NOW - timedelta(days=d.resolved_days_ago) <= end
                )
            )
            assert series.values[i] == expected, (series.repo, monday)
    assert sum(s.values[-1] for s in trend.series) == 6  # the last point is "now"


def test_trend_reaches_back_to_since() -> None:
    weeks = trend_weeks(NOW, NOW - timedelta(days=100))
    assert weeks[0] == date(2024, 12, 2) and len(weeks) == 15


def test_decisions_with_their_rules(report_db: str) -> None:
    rows = {d.id: d for d in _gather(report_db).decisions}
    assert (rows["ADR-001"].rules, rows["ADR-001"].open_detections) == (("no-pandas",), 3)
    assert rows["ADR-001"].state == "drifting"
    assert rows["ADR-002"].state == "unguarded"
    assert rows["ADR-003"].state == "kept" and rows["ADR-003"].title.endswith(XSS)


def test_without_rules_decisions_use_the_recorded_decision(report_db: str) -> None:
    with Database(report_db) as database, database.session_scope() as s:
        rows = {d.id: d for d in gather(session_executor(s), now=NOW).decisions}
    assert (rows["ADR-001"].rules, rows["ADR-001"].open_detections) == ((), 3)


def test_issues_tasks_ready_and_sessions(report_db: str) -> None:
    data = _gather(report_db)
    assert [tuple(r) for r in data.issues] == [
        ("closed", "config_drift", 1),
        ("open", "code_creep", 2),
        ("resolved", "governance", 1),
    ]
    assert dict(data.tasks) == {"blocked": 1, "completed": 1, "in_progress": 1, "pending": 3}
    assert [t.id for t in data.ready] == ["T-4", "T-2"]
    assert [s.id for s in data.sessions] == ["S-2", "S-1"]
    assert data.sessions[0].activity_count == 2
    assert data.sessions[0].recent_activities[0].description.endswith(XSS)


def test_repo_filter(report_db: str) -> None:
    data = _gather(report_db, repo=CORE)
    assert data.drift.open_total == 3
    assert [s.repo for s in data.drift.trend.series] == [CORE]
    assert [t.id for t in data.ready] == ["T-4"]
    assert [tuple(r) for r in data.issues] == [("open", "code_creep", 1)]
    assert {d.id: d.open_detections for d in data.decisions}["ADR-001"] == 2


def test_empty_database(sqlite_url: str) -> None:
    data = _gather(sqlite_url)
    assert data.empty and data.drift.open_total == 0 and data.drift.trend.series == ()
    assert data.to_json()["drift"]["trend"]["weeks"][-1] == "2025-03-10"


def test_to_json_is_plain(report_db: str) -> None:
    import json

    data = _gather(report_db).to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["drift"]["new"] == 3 and data["tasks"]["ready"][0]["id"] == "T-4"
