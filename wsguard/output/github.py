"""GitHub Actions workflow commands: one inline annotation per finding.

``::error file=src/x.py,line=3,col=1,title=no-pandas-in-core::pandas imported in core``
Errors become ``::error``, warnings ``::warning``, info ``::notice``; a waived or baselined
finding is a ``::notice`` whatever its severity, since it does not fail the check.
Escaping follows @actions/core: ``%``, CR and LF in the message; also ``:`` and ``,`` in
property values.
"""

from __future__ import annotations

from wsguard.output.shared import (
    SUPPRESSED,
    decision_of,
    ordered,
    remediation_of,
    rule_index,
    utf8_safe,
)
from wsguard.values import CheckResult, Reported, RuleInfo

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render(result: CheckResult) -> str:
    rules = rule_index(result)
    lines = [_annotation(r, rules) for r in ordered(result)]
    lines.extend(f"::warning title=wsguard::{escape_data(note)}" for note in result.notes)
    return "".join(line + "\n" for line in lines)


def escape_data(text: str) -> str:
    return utf8_safe(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(reported: Reported, rules: dict[str, RuleInfo]) -> str:
    f = reported.finding
    command = _COMMANDS.get(f.severity, "warning")
    title = f.rule
    if reported.status in SUPPRESSED:
        command = "notice"
        title = f"{f.rule} ({reported.status})"
    message = f.message
    hints = []
    decision = decision_of(f, rules)
    remediation = remediation_of(f, rules)
    if decision:
        hints.append(f"decision: {decision}")
    if remediation:
        hints.append(f"fix: {remediation}")
    if hints:
        message += "\n" + " · ".join(hints)
    props = {
        "file": f.path,
        "line": str(max(1, f.line)),
        "col": str(max(1, f.col)),
        "title": title,
    }
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props.items())
    return f"::{command} {rendered}::{escape_data(message)}"
