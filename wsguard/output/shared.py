"""What every output format shares: one ordering, one notion of "why not blocking", safe text."""

from __future__ import annotations

from typing import Any

from wsguard import errors
from wsguard.values import CheckResult, Finding, Reported, RuleInfo

# Statuses under which a finding is known and accepted: it is reported, never blocks.
SUPPRESSED = ("waived", "baselined")


def sort_key(reported: Reported) -> tuple[str, int, int, str, str]:
    """The one order of findings in every format: path, line, column, rule."""
    f = reported.finding
    return (f.path, f.line, f.col, f.rule, f.fingerprint)


def ordered(result: CheckResult) -> list[Reported]:
    return sorted(result.reported, key=sort_key)


def rule_index(result: CheckResult) -> dict[str, RuleInfo]:
    return {rule.id: rule for rule in result.rules}


def all_rules(result: CheckResult) -> list[RuleInfo]:
    """Every rule of the result, sorted by id, plus a stand-in for any rule only a finding names."""
    known = rule_index(result)
    for reported in ordered(result):
        f = reported.finding
        if f.rule not in known:
            known[f.rule] = RuleInfo(
                id=f.rule,
                kind="unknown",
                severity=f.severity,
                message=f.message,
                decision=f.decision,
                remediation=f.remediation,
                issue_type=f.issue_type,
            )
    return [known[rule_id] for rule_id in sorted(known)]


def decision_of(finding: Finding, rules: dict[str, RuleInfo]) -> str | None:
    rule = rules.get(finding.rule)
    return finding.decision or (rule.decision if rule else None)


def remediation_of(finding: Finding, rules: dict[str, RuleInfo]) -> str | None:
    rule = rules.get(finding.rule)
    return finding.remediation or (rule.remediation if rule else None)


def non_blocking_reason(reported: Reported) -> str | None:
    """Why a reported finding does not block (``waived``, ``baselined``, its severity), or None."""
    if reported.blocking:
        return None
    if reported.status in SUPPRESSED:
        return reported.status
    return reported.finding.severity


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def utf8_safe(text: str) -> str:
    """``text`` with lone surrogates (undecodable bytes of a path) turned into U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def one_line(text: str) -> str:
    """``text`` fit for one terminal line: control characters (newlines, ESC…) made visible.

    Paths and messages come from files under review; escaping them keeps a crafted
    name from faking extra output lines or smuggling terminal escape sequences.
    """
    if text.isascii():  # the common case, in C: no lone surrogate to replace
        return errors.one_line(text)
    return errors.one_line(utf8_safe(text))


def dump_json(data: Any) -> str:
    """Sorted keys, 2-space indent, final newline; UTF-8 kept readable when it is valid."""
    import json  # the machine formats only: a commit's text output never needs it

    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (a path that is not UTF-8): \u escapes keep it round-trippable.
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=True)
    return text + "\n"
