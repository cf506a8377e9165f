"""Hand-built check results: two files, mixed severities, a waived finding, odd paths."""

from __future__ import annotations

import pytest

from wsguard.values import CheckResult, Finding, Reported, RuleInfo

RULES = (
    RuleInfo(
        id="no-pandas-in-core",
        kind="forbidden-import",
        severity="error",
        message="meridian-core must not import pandas",
        decision="ADR-001",
        remediation="move the analysis to meridian-research",
        issue_type="code_creep",
    ),
    RuleInfo(
        id="max-module-size",
        kind="file-size",
        severity="warning",
        message="modules stay under 500 lines",
    ),
    RuleInfo(
        id="trading-engine-placement",
        kind="placement",
        severity="error",
        message="TradingEngine lives in meridian-trading",
        decision="ADR-003",
    ),
    RuleInfo(id="no-todo", kind="pattern", severity="info", message="no TODO markers"),
)


def finding(
    rule: str, path: str, line: int, col: int, severity: str, message: str, **extra: str
) -> Finding:
    return Finding(
        rule=rule,
        repo="meridian-core",
        path=path,
        line=line,
        col=col,
        severity=severity,
        message=message,
        fingerprint=f"fp-{rule}-{line}",
        **extra,
    )


ENGINE = "src/core/engine.py"
ODD = "src/ünïcode dir/weird, name: 100%.py"


def reported() -> tuple[Reported, ...]:
    # Deliberately out of order: renderers must sort (path, line, col, rule).
    return (
        Reported(
            finding("no-todo", ODD, 2, 1, "info", "TODO left <b>here</b> & there"),
            blocking=False,
        ),
        Reported(
            finding(
                "trading-engine-placement",
                ENGINE,
                40,
                1,
                "error",
                "class TradingEngine defined in meridian-core",
            ),
            blocking=False,
            status="waived",
        ),
        Reported(
            finding(
                "no-pandas-in-core",
                ENGINE,
                3,
                1,
                "error",
                'import pandas <script>alert("&")</script>',
                decision="ADR-001",
                remediation="move the analysis to meridian-research",
            ),
            blocking=True,
            status="new",
        ),
        Reported(
            finding("max-module-size", ENGINE, 1, 1, "warning", "module has 812 lines"),
            blocking=False,
            status="open",
        ),
        Reported(
            finding("no-pandas-in-core", ENGINE, 5, 1, "error", "from pandas import DataFrame"),
            blocking=True,
            status="open",
        ),
    )


@pytest.fixture
def result() -> CheckResult:
    return CheckResult(
        repo="meridian-core",
        reported=reported(),
        files_scanned=5,
        rules=RULES,
        new=1,
        fixed=2,
        notes=("database unreachable: findings spooled to .wsguard/spool.jsonl",),
    )


@pytest.fixture
def clean() -> CheckResult:
    return CheckResult(repo="meridian-core", reported=(), files_scanned=5, rules=RULES)
