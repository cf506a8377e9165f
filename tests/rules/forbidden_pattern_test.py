from __future__ import annotations

import time

from tests.rules.helpers import check, config

RULE = """
- id: no-home
  kind: forbidden-pattern
  message: no home paths
  severity: warning
  pattern: '/home/[a-z]+/'
  paths: ["*.py", "*.toml"]
"""


def test_reported_at_line_and_column() -> None:
    text = "a = 1\nb = '/home/ada/x'\n\nc = ('/srv', '/home/bob/')\n"
    found = [(f.line, f.col, f.severity) for f in check(config(RULE), {"x.py": text})]
    assert found == [(2, 6, "warning"), (4, 15, "warning")]


def test_paths_scope_and_no_match() -> None:
    assert check(config(RULE), {"x.md": "/home/ada/"}) == []
    assert check(config(RULE), {"x.py": "Path.home() / 'x'"}) == []


def test_ignore_case_and_non_ascii() -> None:
    rule = RULE.replace("'/home/[a-z]+/'", "'päth'") + "  ignore_case: true\n"
    (finding,) = check(config(rule), {"x.py": "# é\nx = 'PÄTH'\n"})
    assert (finding.line, finding.col) == (2, 6)


def test_linear_time_on_a_classic_backtracking_input() -> None:
    rule = RULE.replace("'/home/[a-z]+/'", "'(a+)+b'")
    start = time.perf_counter()
    assert check(config(rule), {"x.py": "a" * 200_000 + "c"}) == []
    assert time.perf_counter() - start < 2


def test_binary_file_in_scope_is_skipped_with_a_warning() -> None:
    (warning,) = check(config(RULE), {"x.py": b"\x00\x01/home/ada/"})
    assert warning.rule == "wsguard/unreadable"
    assert "binary" in warning.message
