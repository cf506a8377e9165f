"""JUnit XML for CI test reports (GitLab ``artifacts:reports:junit``, Jenkins, Azure).

One test case per rule and file: ``classname`` is the rule id, ``name`` the path. It fails
when one of its findings blocks; its ``<failure>`` lists every finding as
``path:line:col message``. A rule without findings is one passing case named after the repo,
so a report always shows which rules ran. Non-blocking findings of a passing case are listed
in its ``<system-out>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby

from wsguard.output.shared import all_rules, non_blocking_reason, one_line, ordered
from wsguard.values import CheckResult, Reported

# Everything XML 1.0 allows (tab, LF, CR and the legal ranges); the rest is stripped.
_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def render(result: CheckResult) -> str:
    cases = _cases(result)
    failures = sum(1 for case in cases if case.find("failure") is not None)
    attrs = {"tests": str(len(cases)), "failures": str(failures), "errors": "0"}
    root = ET.Element("testsuites", {"name": "wsguard", **attrs})
    suite = ET.SubElement(root, "testsuite", {"name": "wsguard", **attrs, "skipped": "0"})
    properties = ET.SubElement(suite, "properties")
    for name, value in (("repo", result.repo), ("files_scanned", str(result.files_scanned))):
        ET.SubElement(properties, "property", {"name": name, "value": _xml(value)})
    suite.extend(cases)
    if result.notes:
        ET.SubElement(suite, "system-err").text = _xml(
            "\n".join(f"warning: {note}" for note in result.notes)
        )
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _cases(result: CheckResult) -> list[ET.Element]:
    by_rule: dict[str, list[Reported]] = {}
    for reported in ordered(result):
        by_rule.setdefault(reported.finding.rule, []).append(reported)
    cases = []
    for rule in all_rules(result):
        findings = sorted(by_rule.get(rule.id, []), key=lambda r: r.finding.path)
        if not findings:
            cases.append(_case(rule.id, result.repo, []))
        for path, group in groupby(findings, key=lambda r: r.finding.path):
            cases.append(_case(rule.id, path, list(group)))
    return cases


def _case(rule_id: str, name: str, findings: list[Reported]) -> ET.Element:
    case = ET.Element("testcase", {"classname": _xml(rule_id), "name": _xml(name), "time": "0"})
    if not findings:
        return case
    details = "\n".join(_line(r) for r in findings)
    blocking = [r for r in findings if r.blocking]
    if blocking:
        worst = min(blocking, key=lambda r: _SEVERITY_RANK.get(r.finding.severity, 3))
        message = one_line(blocking[0].finding.message)
        if len(findings) > 1:
            message = f"{len(blocking)} blocking of {len(findings)} findings; first: {message}"
        failure = ET.SubElement(
            case, "failure", {"message": _xml(message), "type": _xml(worst.finding.severity)}
        )
        failure.text = _xml(details)
    else:
        ET.SubElement(case, "system-out").text = _xml(details)
    return case


def _line(reported: Reported) -> str:
    f = reported.finding
    reason = non_blocking_reason(reported)
    suffix = f" ({reason}, not blocking)" if reason else ""
    # One line per finding, even for a path or message holding a newline.
    return f"{one_line(f.path)}:{f.line}:{f.col} {one_line(f.message)}{suffix}"


def _xml(text: str) -> str:
    """``text`` with what XML 1.0 cannot carry at all removed; ElementTree escapes the rest."""
    return _XML_FORBIDDEN.sub("", text)
