"""SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

One run per check. Each rule of the result becomes a reporting descriptor; each finding a
result pointing at its rule by ``ruleIndex``, with a repo-relative URI under ``%SRCROOT%``
and wsguard's line-insensitive fingerprint as a partial fingerprint, so an alert keeps its
identity when unrelated lines move. Waived and baselined findings carry ``suppressions``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from wsguard.output.shared import (
    SUPPRESSED,
    all_rules,
    decision_of,
    dump_json,
    ordered,
    remediation_of,
    rule_index,
)
from wsguard.values import CheckResult, Reported, RuleInfo
from wsguard.version import __version__

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "wsguardFingerprint/v1"
SRCROOT = "%SRCROOT%"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# status of a Reported -> SARIF baselineState
_BASELINE_STATE = {"new": "new", "open": "unchanged", "baselined": "unchanged"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|&~])")


def render(result: CheckResult) -> str:
    return dump_json(log(result))


def log(result: CheckResult) -> dict[str, Any]:
    """The SARIF log as plain data (what ``render`` serialises)."""
    rules = all_rules(result)
    index = {rule.id: i for i, rule in enumerate(rules)}
    known = rule_index(result)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "wsguard",
                "semanticVersion": __version__,
                "version": __version__,
                "rules": [_descriptor(rule) for rule in rules],
            }
        },
        # One category per repo, so the uploads of several workspace repos never clash.
        "automationDetails": {"id": f"wsguard/{result.repo}/"},
        "columnKind": "unicodeCodePoints",
        "invocations": [_invocation(result)],
        "results": [_result(r, index, known) for r in ordered(result)],
        "properties": _bag(
            repo=result.repo,
            files_scanned=result.files_scanned,
            new=result.new,
            fixed=result.fixed,
        ),
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def level(severity: str) -> str:
    return _LEVELS.get(severity, "warning")


def artifact_uri(path: str) -> str:
    """A repo-relative path as a relative URI reference: spaces, ``:``, non-ASCII, even
    newlines and undecodable bytes percent-encoded; ``/`` kept as the separator."""
    return quote(path.encode("utf-8", "surrogateescape"), safe="/")


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    text = [rule.message]
    markdown = [_md(rule.message)]
    if rule.decision:
        text.append(f"Decision: {rule.decision}")
        markdown.append(f"**Decision:** {_md(rule.decision)}")
    if rule.remediation:
        text.append(f"Fix: {rule.remediation}")
        markdown.append(f"**Fix:** {_md(rule.remediation)}")
    full = " · ".join(text)
    text.append(f"Rule {rule.id} ({rule.kind}) of the workspace's rules.yaml.")
    markdown.append(f"Rule `{_code(rule.id)}` ({_md(rule.kind)}) of the workspace's `rules.yaml`.")
    return {
        "id": rule.id,
        "name": _pascal(rule.id),
        "shortDescription": {"text": rule.message},
        "fullDescription": {"text": full},
        "help": {"text": "\n".join(text), "markdown": "\n\n".join(markdown)},
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": _bag(
            kind=rule.kind,
            decision=rule.decision,
            issue_type=rule.issue_type,
            tags=["architecture", rule.kind],
        ),
    }


def _result(
    reported: Reported, index: dict[str, int], known: dict[str, RuleInfo]
) -> dict[str, Any]:
    f = reported.finding
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": level(f.severity),
        "message": {"text": f.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(f.path), "uriBaseId": SRCROOT},
                    "region": {"startLine": max(1, f.line), "startColumn": max(1, f.col)},
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": _bag(
            repo=f.repo,
            path=f.path,
            blocking=reported.blocking,
            status=reported.status,
            decision=decision_of(f, known),
            remediation=remediation_of(f, known),
            issue_type=f.issue_type,
        ),
    }
    if reported.status in _BASELINE_STATE:
        out["baselineState"] = _BASELINE_STATE[reported.status]
    if reported.status in SUPPRESSED:
        out["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"{reported.status} in the wsguard workspace database",
            }
        ]
    return out


def _invocation(result: CheckResult) -> dict[str, Any]:
    invocation: dict[str, Any] = {
        "executionSuccessful": True,
        "exitCode": result.exit_code,
    }
    if result.notes:
        invocation["toolExecutionNotifications"] = [
            {"level": "warning", "message": {"text": note}} for note in result.notes
        ]
    return invocation


def _bag(**values: Any) -> dict[str, Any]:
    """A SARIF property bag without the keys whose value is unknown."""
    return {key: value for key, value in values.items() if value is not None}


def _pascal(rule_id: str) -> str:
    parts = re.split(r"[^0-9A-Za-z]+", rule_id)
    return "".join(part[:1].upper() + part[1:] for part in parts) or rule_id


def _md(text: str) -> str:
    """Plain text made inert in Markdown: no emphasis, links or raw HTML from a message."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _code(text: str) -> str:
    return text.replace("`", "'")
