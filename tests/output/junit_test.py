from __future__ import annotations

import xml.etree.ElementTree as ET

from junitparser import Failure, JUnitXml

from wsguard.output import junit
from wsguard.values import CheckResult, Finding, Reported

ENGINE = "src/core/engine.py"
ODD = "src/ünïcode dir/weird, name: 100%.py"


def cases(out: str) -> dict[tuple[str, str], object]:
    xml = JUnitXml.fromstring(out)
    [suite] = list(xml)
    return {(case.classname, case.name): case for case in suite}


def test_parses_with_junitparser_counts_and_names(result: CheckResult) -> None:
    out = junit.render(result)
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
    xml = JUnitXml.fromstring(out)
    [suite] = list(xml)
    assert suite.name == "wsguard"
    assert (suite.tests, suite.failures, suite.errors) == (4, 1, 0)
    assert set(cases(out)) == {
        ("max-module-size", ENGINE),
        ("no-pandas-in-core", ENGINE),
        ("no-todo", ODD),
        ("trading-engine-placement", ENGINE),
    }


def test_blocking_findings_fail_with_every_finding_listed(result: CheckResult) -> None:
    case = cases(junit.render(result))[("no-pandas-in-core", ENGINE)]
    [failure] = case.result  # type: ignore[attr-defined]
    assert isinstance(failure, Failure)
    assert failure.type == "error"
    assert failure.message.startswith("2 blocking of 2 findings; first: import pandas <script>")
    assert failure.text.splitlines() == [
        f'{ENGINE}:3:1 import pandas <script>alert("&")</script>',
        f"{ENGINE}:5:1 from pandas import DataFrame",
    ]


def test_non_blocking_only_cases_pass(result: CheckResult) -> None:
    found = cases(junit.render(result))
    for key in [("no-todo", ODD), ("trading-engine-placement", ENGINE)]:
        assert found[key].is_passed  # type: ignore[attr-defined]
    root = ET.fromstring(junit.render(result).encode())
    waived = root.find(".//testcase[@classname='trading-engine-placement']/system-out")
    assert waived is not None and "(waived, not blocking)" in (waived.text or "")


def test_rule_without_findings_is_one_passing_case_named_after_the_repo(
    clean: CheckResult,
) -> None:
    out = junit.render(clean)
    found = cases(out)
    assert set(found) == {(rule.id, "meridian-core") for rule in clean.rules}
    assert all(case.is_passed for case in found.values())  # type: ignore[attr-defined]


def test_escaping_and_forbidden_characters() -> None:
    path = "a\nb\x00c\x1b.py"
    message = 'bad ]]> <tag attr="x"> & \x08\ufffe \udcff end'
    f = Finding("rule<&>", "repo", path, 1, 2, "warning", message, "fp")
    out = junit.render(CheckResult("repo", (Reported(f, True),), 1))
    out.encode("utf-8")
    found = cases(out)
    [(classname, name)] = list(found)
    assert classname == "rule<&>"
    assert name == "a\nbc.py"  # newline kept (as &#10;), NUL and ESC stripped
    [failure] = found[(classname, name)].result  # type: ignore[attr-defined]
    assert failure.type == "warning"
    assert failure.text == 'a\\nb\\x00c\\x1b.py:1:2 bad ]]> <tag attr="x"> & \\x08 \ufffd end'


def test_notes_in_system_err(result: CheckResult) -> None:
    root = ET.fromstring(junit.render(result).encode())
    err = root.find("testsuite/system-err")
    assert err is not None and (err.text or "").startswith("warning: database unreachable")


def test_deterministic(result: CheckResult) -> None:
    reversed_result = result._replace(reported=tuple(reversed(result.reported)))
    assert junit.render(result) == junit.render(reversed_result)
