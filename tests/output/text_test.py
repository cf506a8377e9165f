from __future__ import annotations

import random

from wsguard.output import text
from wsguard.values import CheckResult, Finding, Reported

# One line per finding, as long as it takes: editors parse them whole.
EXPECTED = """\
src/core/engine.py:1:1: max-module-size module has 812 lines (warning, not blocking)
src/core/engine.py:3:1: no-pandas-in-core import pandas <script>alert("&")</script>
    decision: ADR-001 · fix: move the analysis to meridian-research
src/core/engine.py:5:1: no-pandas-in-core from pandas import DataFrame
    decision: ADR-001 · fix: move the analysis to meridian-research
src/core/engine.py:40:1: trading-engine-placement class TradingEngine defined in meridian-core (waived)
    decision: ADR-003
src/ünïcode dir/weird, name: 100%.py:2:1: no-todo TODO left <b>here</b> & there (info, not blocking)

warning: database unreachable: findings spooled to .wsguard/spool.jsonl
✗ 2 blocking findings in 1 file (1 warning, 1 info, 1 waived), +1 new / −2 fixed — commit blocked
"""  # noqa: E501


def test_one_line_per_finding_with_hints_markers_notes_and_verdict(result: CheckResult) -> None:
    assert text.render(result) == EXPECTED


def test_order_does_not_depend_on_input_order(result: CheckResult) -> None:
    shuffled = list(result.reported)
    random.Random(7).shuffle(shuffled)
    assert text.render(result._replace(reported=tuple(reversed(shuffled)))) == EXPECTED


def test_same_place_same_rule_ordered_by_fingerprint() -> None:
    a = Finding("r", "repo", "a.py", 1, 1, "error", "second", "fp-b")
    b = Finding("r", "repo", "a.py", 1, 1, "error", "first", "fp-a")
    result = CheckResult("repo", (Reported(a, True), Reported(b, True)), 1)
    out = text.render(result)
    assert out.index("first") < out.index("second")


def test_clean_result_is_one_verdict_line(clean: CheckResult) -> None:
    assert text.render(clean) == "✓ 5 files checked, no blocking findings\n"


def test_clean_with_non_blocking_findings_and_deltas(result: CheckResult) -> None:
    relaxed = tuple(r._replace(blocking=False) for r in result.reported)
    out = text.render(result._replace(reported=relaxed, notes=(), new=0, fixed=3))
    last = out.splitlines()[-1]
    assert last == (
        "✓ 5 files checked, no blocking findings "
        "(2 non-blocking errors, 1 warning, 1 info, 1 waived), +0 new / −3 fixed"
    )


def test_singular_words_and_baselined() -> None:
    f = Finding("r", "repo", "a.py", 1, 1, "error", "m", "fp")
    g = Finding("r", "repo", "a.py", 2, 1, "error", "m", "fp2")
    result = CheckResult("repo", (Reported(f, True), Reported(g, False, "baselined")), 1)
    out = text.render(result)
    assert "(baselined)" in out
    assert out.endswith("✗ 1 blocking finding in 1 file (1 baselined) — commit blocked\n")


def test_new_and_fixed_shown_only_when_known(clean: CheckResult) -> None:
    assert "new" not in text.render(clean)
    assert text.render(clean._replace(new=2)).endswith("blocking findings, +2 new\n")


def test_no_colour_by_default_and_ansi_when_asked(result: CheckResult) -> None:
    assert "\x1b" not in text.render(result)
    coloured = text.render(result, color=True)
    assert "\x1b[31mno-pandas-in-core" in coloured
    assert "\x1b[1msrc/core/engine.py:3:1:\x1b[0m" in coloured
    assert "\x1b[1;31m✗\x1b[0m" in coloured
    assert "\x1b[33mwarning:\x1b[0m" in coloured


def test_control_characters_in_paths_and_messages_cannot_fake_lines() -> None:
    path = "evil\nfake.py:1:1  error  x  \x1b[2Jgotcha"
    f = Finding("r", "repo", path, 1, 1, "error", "line one\nline two\r\x1b]0;title\x07", "fp")
    out = text.render(CheckResult("repo", (Reported(f, True),), 1))
    assert "\x1b" not in out and "\r" not in out and "\x07" not in out
    lines = out.splitlines()
    assert lines[0] == (
        "evil\\nfake.py:1:1  error  x  \\x1b[2Jgotcha:1:1: r "
        "line one\\nline two\\r\\x1b]0;title\\x07"
    )
    assert len(lines) == 3  # finding, blank, verdict


def test_undecodable_path_bytes_do_not_break_the_output() -> None:
    path = b"caf\xe9.py".decode("utf-8", "surrogateescape")
    f = Finding("r", "repo", path, 1, 1, "error", "m", "fp")
    out = text.render(CheckResult("repo", (Reported(f, True),), 1))
    assert out.startswith("caf\ufffd.py:1:1: r m\n")
    out.encode("utf-8")


def test_rule_decision_and_fix_fill_in_for_a_finding_without_them(result: CheckResult) -> None:
    # The 5:1 finding carries neither; the RuleInfo of its rule provides both.
    lines = text.render(result).splitlines()
    at = next(i for i, line in enumerate(lines) if "from pandas" in line)
    assert lines[at + 1] == "    decision: ADR-001 · fix: move the analysis to meridian-research"


def test_every_finding_line_starts_with_path_line_col(result: CheckResult) -> None:
    import re

    findings = [line for line in text.render(result).splitlines() if line[:1] not in ("", " ")]
    findings = findings[:-2]  # the note and the verdict
    assert len(findings) == len(result.reported)
    assert all(re.match(r"^[^ ].*:\d+:\d+: \S+ ", line) for line in findings)


def test_verdict_says_what_was_checked(result: CheckResult) -> None:
    from wsguard.values import Target

    sha = "0123456789abcdef0123456789abcdef01234567"
    pushed = result._replace(target=Target("range", from_ref="origin/main", to_ref=sha))
    assert text.render(pushed).endswith("— 5 files checked in origin/main..0123456789ab\n")
    assert "commit" not in text.render(pushed).splitlines()[-1]
    everything = result._replace(target=Target("all"))
    assert text.render(everything).endswith("— 5 files checked (all tracked files)\n")
    named = result._replace(
        target=Target("files", files=("a.py",)), reported=(), notes=(), new=None, fixed=None
    )
    assert text.render(named) == "✓ 5 files checked, no blocking findings\n"
