from __future__ import annotations

import re

import pytest

from wsguard.output import github
from wsguard.values import CheckResult, Finding, Reported

# The documented shape: ::command prop=value,prop=value::message, where property values
# have %, CR, LF, ':' and ',' escaped and the message has %, CR and LF escaped.
PROP = r"(?:[^%,:\r\n]|%25|%0D|%0A|%3A|%2C)*"
DATA = r"(?:[^%\r\n]|%25|%0D|%0A)*"
ANNOTATION = re.compile(
    rf"::(error|warning|notice) file=({PROP}),line=(\d+),col=(\d+),title=({PROP})::({DATA})"
)


def unescape(value: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, raw)
    return value


def test_every_line_matches_the_documented_format(result: CheckResult) -> None:
    out = github.render(result)
    assert out.endswith("\n")
    lines = out.splitlines()
    annotations = [ANNOTATION.fullmatch(line) for line in lines[:-1]]
    assert all(annotations), lines
    assert lines[-1] == (
        "::warning title=wsguard::database unreachable: findings spooled to .wsguard/spool.jsonl"
    )
    commands = [(m.group(1), unescape(m.group(2)), m.group(3)) for m in annotations if m]
    assert commands == [
        ("warning", "src/core/engine.py", "1"),
        ("error", "src/core/engine.py", "3"),
        ("error", "src/core/engine.py", "5"),
        ("notice", "src/core/engine.py", "40"),  # waived: never an error annotation
        ("notice", "src/ünïcode dir/weird, name: 100%.py", "2"),  # info
    ]


def test_message_carries_decision_and_fix(result: CheckResult) -> None:
    line = github.render(result).splitlines()[1]
    m = ANNOTATION.fullmatch(line)
    assert m and m.group(5) == "no-pandas-in-core"
    assert unescape(m.group(6)) == (
        'import pandas <script>alert("&")</script>\n'
        "decision: ADR-001 · fix: move the analysis to meridian-research"
    )


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("k: v, w", "k: v, w", "k%3A v%2C w"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_escaping(raw: str, data: str, prop: str) -> None:
    assert github.escape_data(raw) == data
    assert github.escape_property(raw) == prop


def test_odd_paths_stay_one_command_each() -> None:
    paths = ["dir,with:odd\nchars %.py", "x::error file=fake.py::gotcha.py"]
    reported = tuple(
        Reported(Finding("r", "repo", p, 0, 0, "warning", "m\n::error::injected", "fp"), True)
        for p in paths
    )
    lines = github.render(CheckResult("repo", reported, 2)).splitlines()
    assert len(lines) == 2
    for line, path in zip(lines, sorted(paths), strict=True):
        m = ANNOTATION.fullmatch(line)
        assert m, line
        assert unescape(m.group(2)) == path
        assert (m.group(3), m.group(4)) == ("1", "1")  # GitHub lines and columns start at 1
        assert unescape(m.group(6)) == "m\n::error::injected"


def test_clean_result_prints_nothing(clean: CheckResult) -> None:
    assert github.render(clean) == ""
