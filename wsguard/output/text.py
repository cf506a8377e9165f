"""The text a person reads at ``git commit``: findings grouped by file, then one verdict line.

```
src/core/engine.py
  3:1  error    no-pandas-in-core  pandas imported in meridian-core
    decision: ADR-001 · fix: move the analysis to meridian-research
  9:1  warning  max-module-size    module has 812 lines (not blocking)

✗ 1 blocking finding in 1 file (1 warning), +1 new / −0 fixed — commit blocked
```
"""

from __future__ import annotations

from itertools import groupby

from wsguard.output.shared import (
    decision_of,
    non_blocking_reason,
    one_line,
    ordered,
    plural,
    remediation_of,
    rule_index,
)
from wsguard.values import CheckResult, Reported, RuleInfo

_RESET = "\x1b[0m"
_STYLES = {
    "bold": "\x1b[1m",
    "dim": "\x1b[2m",
    "red": "\x1b[31m",
    "green": "\x1b[32m",
    "yellow": "\x1b[33m",
    "blue": "\x1b[34m",
    "error": "\x1b[1;31m",
    "ok": "\x1b[1;32m",
}
_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "blue"}
# The order non-blocking findings are counted in the verdict line.
_REASONS = ("error", "warning", "info", "waived", "baselined")


class _Paint:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        if not self.enabled or not text:
            return text
        return f"{_STYLES[style]}{text}{_RESET}"


def render(result: CheckResult, *, color: bool = False, verdict: bool = True) -> str:
    paint = _Paint(color)
    rules = rule_index(result)
    reported = ordered(result)
    lines: list[str] = []
    loc_width = max((len(_loc(r)) for r in reported), default=0)
    rule_width = max((len(one_line(r.finding.rule)) for r in reported), default=0)
    for path, group in groupby(reported, key=lambda r: r.finding.path):
        lines.append(paint(one_line(path), "bold"))
        for item in group:
            lines.extend(_finding_lines(item, rules, paint, loc_width, rule_width))
        lines.append("")
    lines.extend(paint("warning:", "yellow") + " " + one_line(note) for note in result.notes)
    if verdict:
        lines.append(_verdict(result, paint))
    return "\n".join(lines) + "\n"


def _loc(reported: Reported) -> str:
    return f"{reported.finding.line}:{reported.finding.col}"


def _finding_lines(
    reported: Reported, rules: dict[str, RuleInfo], paint: _Paint, loc_width: int, rule_width: int
) -> list[str]:
    f = reported.finding
    reason = non_blocking_reason(reported)
    severity = paint(f"{f.severity:<7}", _SEVERITY_STYLE.get(f.severity, "bold"))
    rule = one_line(f.rule).ljust(rule_width)
    message = one_line(f.message)
    if reason is not None:
        marker = f"({reason})" if reason in ("waived", "baselined") else "(not blocking)"
        message = f"{message} {paint(marker, 'dim')}"
    lines = [f"  {_loc(reported).ljust(loc_width)}  {severity}  {rule}  {message}".rstrip()]
    hints = []
    decision = decision_of(f, rules)
    remediation = remediation_of(f, rules)
    if decision:
        hints.append(f"decision: {one_line(decision)}")
    if remediation:
        hints.append(f"fix: {one_line(remediation)}")
    if hints:
        lines.append("    " + paint(" · ".join(hints), "dim"))
    return lines


def _verdict(result: CheckResult, paint: _Paint) -> str:
    blocking = [r for r in result.reported if r.blocking]
    reasons = [non_blocking_reason(r) for r in result.reported if not r.blocking]
    counts = [_count(reasons.count(reason), reason) for reason in _REASONS if reason in reasons]
    extra = f" ({', '.join(counts)})" if counts else ""
    extra += _delta(result)
    if blocking:
        files = len({r.finding.path for r in blocking})
        text = (
            f"{plural(len(blocking), 'blocking finding')} in {plural(files, 'file')}"
            f"{extra} — commit blocked"
        )
        return paint("✗", "error") + " " + text
    text = f"{plural(result.files_scanned, 'file')} checked, no blocking findings{extra}"
    return paint("✓", "ok") + " " + text


def _count(count: int, reason: str) -> str:
    if reason == "warning":
        return plural(count, "warning")
    if reason == "error":
        return plural(count, "non-blocking error")
    return f"{count} {reason}"


def _delta(result: CheckResult) -> str:
    parts = []
    if result.new is not None:
        parts.append(f"+{result.new} new")
    if result.fixed is not None:
        parts.append(f"−{result.fixed} fixed")
    return ", " + " / ".join(parts) if parts else ""
