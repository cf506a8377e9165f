"""The text a person reads at ``git commit``: one clickable line per finding, then a verdict.

Each finding starts ``path:line:col:`` (as ruff, flake8 and mypy print), so editors
and terminals jump to it; its decision and fix are indented beneath it.

```
src/core/engine.py:3:1: no-pandas-in-core pandas imported in meridian-core
    decision: ADR-001 · fix: move the analysis to meridian-research
src/core/engine.py:9:1: max-module-size module has 812 lines (warning, not blocking)

✗ 1 blocking finding in 1 file (1 warning), +1 new / −0 fixed — commit blocked
```
"""

from __future__ import annotations

from wsguard.output.shared import (
    decision_of,
    non_blocking_reason,
    one_line,
    ordered,
    plural,
    remediation_of,
    rule_index,
)
from wsguard.values import CheckResult, Finding, Reported, RuleInfo, Target

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
    finding_lines = _FindingLines(rule_index(result), paint)
    lines: list[str] = []
    for item in ordered(result):
        lines.extend(finding_lines(item))
    if lines and (result.notes or verdict):
        lines.append("")
    lines.extend(paint("warning:", "yellow") + " " + one_line(note) for note in result.notes)
    if verdict:
        lines.append(_verdict(result, paint))
    return "\n".join(lines) + "\n" if lines else ""


class _FindingLines:
    """Each finding's lines. What the findings of one rule share (the rule's label, its
    decision and fix) is worked out once: a full scan may print thousands of them."""

    def __init__(self, rules: dict[str, RuleInfo], paint: _Paint) -> None:
        self._rules = rules
        self._paint = paint
        self._labels: dict[tuple[str, str], str] = {}
        self._hints: dict[tuple[str, str | None, str | None], list[str]] = {}

    def __call__(self, reported: Reported) -> list[str]:
        f = reported.finding
        paint = self._paint
        label = self._labels.get((f.rule, f.severity))
        if label is None:
            style = _SEVERITY_STYLE.get(f.severity, "bold")
            label = self._labels[(f.rule, f.severity)] = paint(one_line(f.rule), style)
        reason = non_blocking_reason(reported)
        where = paint(f"{one_line(f.path)}:{f.line}:{f.col}:", "bold")
        message = one_line(f.message)
        if reason in ("waived", "baselined"):
            message += " " + paint(f"({reason})", "dim")
        elif reason is not None:
            message += " " + paint(f"({f.severity}, not blocking)", "dim")
        lines = [f"{where} {label} {message}".rstrip()]
        hints = self._rule_hints(f)
        if reported.detection_id is not None:
            hints = [*hints, f"detection {reported.detection_id}"]
        if hints:
            lines.append("    " + paint(" · ".join(hints), "dim"))
        return lines

    def _rule_hints(self, f: Finding) -> list[str]:
        key = (f.rule, f.decision, f.remediation)
        hints = self._hints.get(key)
        if hints is None:
            hints = self._hints[key] = []
            decision = decision_of(f, self._rules)
            remediation = remediation_of(f, self._rules)
            if decision:
                hints.append(f"decision: {one_line(decision)}")
            if remediation:
                hints.append(f"fix: {one_line(remediation)}")
        return hints


def _verdict(result: CheckResult, paint: _Paint) -> str:
    blocking = [r for r in result.reported if r.blocking]
    reasons = [non_blocking_reason(r) for r in result.reported if not r.blocking]
    counts = [_count(reasons.count(reason), reason) for reason in _REASONS if reason in reasons]
    extra = f" ({', '.join(counts)})" if counts else ""
    extra += _delta(result)
    checked = _checked(result.target, result.files_scanned)
    if blocking:
        files = len({r.finding.path for r in blocking})
        outcome = "commit blocked" if result.target.mode == "staged" else checked
        found = f"{plural(len(blocking), 'blocking finding')} in {plural(files, 'file')}"
        text = f"{found}{extra} — {outcome}"
        return paint("✗", "error") + " " + text
    return paint("✓", "ok") + " " + f"{checked}, no blocking findings{extra}"


def _checked(target: Target, files: int) -> str:
    """What was checked, in the words of how it was asked for."""
    if target.mode == "range":
        span = f"{_short(target.from_ref)}..{_short(target.to_ref)}"
        return f"{plural(files, 'file')} checked in {span}"
    if target.mode == "all":
        return f"{plural(files, 'file')} checked (all tracked files)"
    return f"{plural(files, 'file')} checked"


def _short(ref: str | None) -> str:
    ref = ref or "HEAD"
    is_sha = len(ref) == 40 and all(c in "0123456789abcdef" for c in ref)
    return ref[:12] if is_sha else one_line(ref)


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
