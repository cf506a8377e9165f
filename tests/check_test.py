"""wsguard.verdict.decide: which findings block a commit (pure: no git, no database)."""

from __future__ import annotations

from datetime import date

import pytest

from wsguard.values import Finding, Standing, fingerprint
from wsguard.verdict import decide

TODAY = date(2025, 6, 1)


def finding(
    severity: str = "error", path: str = "src/core/a.py", line: int = 1, col: int = 1,
    rule: str = "no-pandas", anchor: str = "import pandas",
) -> Finding:  # fmt: skip
    return Finding(
        rule, "meridian-core", path, line, col, severity, "no pandas in core",
        fingerprint(rule, "meridian-core", path, anchor),
    )  # fmt: skip


def one(f: Finding, known: dict[str, Standing] | None, strict: bool = False) -> tuple[bool, str]:
    (reported,) = decide([f], known, strict=strict, today=TODAY)
    assert reported.finding == f
    return reported.blocking, reported.status


@pytest.mark.parametrize(
    ("severity", "strict", "blocks"),
    [
        ("error", False, True),
        ("error", True, True),
        ("warning", False, False),
        ("warning", True, True),
        ("info", False, False),
        ("info", True, False),
    ],
)
def test_errors_block_and_warnings_only_when_strict(
    severity: str, strict: bool, blocks: bool
) -> None:
    assert one(finding(severity), {}, strict) == (blocks, "new")


def test_without_a_store_every_finding_is_unrecorded() -> None:
    assert one(finding("error"), None) == (True, "unrecorded")
    assert one(finding("warning"), None) == (False, "unrecorded")


def test_recorded_before_is_open_and_still_blocks() -> None:
    f = finding()
    assert one(f, {f.fingerprint: Standing("open")}) == (True, "open")


def test_resolved_before_is_new_again() -> None:
    f = finding()
    assert one(f, {f.fingerprint: Standing("resolved")}) == (True, "new")


def test_baselined_does_not_block() -> None:
    f = finding()
    assert one(f, {f.fingerprint: Standing("baselined")}) == (False, "baselined")
    assert one(f, {f.fingerprint: Standing("baselined")}, strict=True) == (False, "baselined")


@pytest.mark.parametrize("expires", [None, TODAY, date(2025, 12, 31)])
def test_a_live_waiver_does_not_block(expires: date | None) -> None:
    f = finding()
    assert one(f, {f.fingerprint: Standing("waived", expires)}) == (False, "waived")


def test_an_expired_waiver_blocks_again() -> None:
    f = finding()
    expired = {f.fingerprint: Standing("waived", date(2025, 5, 31))}
    assert one(f, expired) == (True, "open")
    # An expired waiver of a warning is open too, blocking only when strict.
    w = finding("warning")
    assert one(w, {w.fingerprint: Standing("waived", date(2025, 5, 31))}) == (False, "open")


def test_only_the_findings_own_fingerprint_counts() -> None:
    f, other = finding(anchor="import pandas"), finding(anchor="import numpy")
    assert one(f, {other.fingerprint: Standing("baselined")}) == (True, "new")


def test_ordered_by_path_line_col_rule() -> None:
    findings = [
        finding(path="src/b.py", line=1),
        finding(path="src/a.py", line=10),
        finding(path="src/a.py", line=2, col=5, rule="z-rule"),
        finding(path="src/a.py", line=2, col=5, rule="a-rule"),
        finding(path="src/a.py", line=2, col=1),
    ]
    reported = decide(findings, {}, today=TODAY)
    assert [(r.finding.path, r.finding.line, r.finding.col, r.finding.rule) for r in reported] == [
        ("src/a.py", 2, 1, "no-pandas"),
        ("src/a.py", 2, 5, "a-rule"),
        ("src/a.py", 2, 5, "z-rule"),
        ("src/a.py", 10, 1, "no-pandas"),
        ("src/b.py", 1, 1, "no-pandas"),
    ]


def test_nothing_found_blocks_nothing() -> None:
    assert decide([], {}) == ()
    assert decide(iter([]), None) == ()


def test_today_is_the_default_day() -> None:
    f = finding()
    yesterday = date.fromordinal(date.today().toordinal() - 1)
    (reported,) = decide([f], {f.fingerprint: Standing("waived", yesterday)})
    assert (reported.blocking, reported.status) == (True, "open")
    (reported,) = decide([f], {f.fingerprint: Standing("waived", date.today())})
    assert (reported.blocking, reported.status) == (False, "waived")
