from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

import jsonschema
import pytest
from jsonschema.validators import validator_for

from wsguard.output import sarif
from wsguard.values import CheckResult, Finding, Reported, RuleInfo

# The official OASIS schema (oasis-tcs/sarif-spec, Schemata/sarif-schema-2.1.0.json at
# 85971b3e, identical to the copy github/codeql-action validates uploads with), unmodified.
SCHEMA_FILE = Path(__file__).with_name("sarif-schema-2.1.0.json")
SCHEMA_SHA256 = "ad389db5a66fad5c131178b0e1f18600ac625616cd5ea20a00ee8ee246dc7069"
# What RFC 3986 allows in a relative reference made of path characters and %-escapes.
URI_PATH = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*")


def load_schema() -> dict[str, Any]:
    """The vendored file, with its one known defect repaired in memory.

    Upstream nests the ``anyOf`` that requires one of startLine/charOffset/byteOffset
    (erratum, oasis-tcs/sarif-spec#462) inside ``region.properties``, where it is not a
    keyword but a malformed property schema. The file stays byte-identical to upstream;
    the repair moves the constraint to where the erratum meant it, so it is enforced.
    """
    schema: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    region = schema["definitions"]["region"]
    region["anyOf"] = region["properties"].pop("anyOf")
    return schema


def metaschema_errors(schema: dict[str, Any]) -> list[jsonschema.ValidationError]:
    cls = validator_for(schema)
    # Not check_schema(): that also runs format checks, and the official `language`
    # pattern "^(?i)…" is an ECMA-262-ism Python's re rejects (no output of ours uses it).
    return list(cls(cls.META_SCHEMA).iter_errors(schema))


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = load_schema()
    assert metaschema_errors(schema) == []  # a proper JSON Schema of its dialect
    return validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())


def test_vendored_schema_has_only_the_known_defect() -> None:
    raw = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert raw["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    errors = metaschema_errors(raw)
    assert errors
    assert {tuple(e.absolute_path) for e in errors} == {
        ("definitions", "region", "properties", "anyOf")
    }


def test_vendored_schema_is_the_official_file() -> None:

    digest = hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest()
    assert digest == SCHEMA_SHA256
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert len(schema["definitions"]) == 52


def test_valid_against_the_sarif_schema(
    result: CheckResult, clean: CheckResult, validator: Any
) -> None:
    for each in (result, clean):
        validator.validate(json.loads(sarif.render(each)))


def test_the_schema_really_checks(result: CheckResult, validator: Any) -> None:
    log = json.loads(sarif.render(result))
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)
    broken = copy.deepcopy(log)
    del broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)  # the repaired anyOf
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_one_descriptor_per_rule(result: CheckResult) -> None:
    run = json.loads(sarif.render(result))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(rule.id for rule in result.rules)
    pandas = next(r for r in rules if r["id"] == "no-pandas-in-core")
    assert pandas["name"] == "NoPandasInCore"
    assert pandas["shortDescription"] == {"text": "meridian-core must not import pandas"}
    assert pandas["defaultConfiguration"] == {"level": "error"}
    assert "ADR-001" in pandas["help"]["text"]
    assert "move the analysis to meridian-research" in pandas["help"]["text"]
    assert "**Decision:** ADR-001" in pandas["help"]["markdown"]
    assert pandas["properties"]["decision"] == "ADR-001"
    assert pandas["properties"]["issue_type"] == "code_creep"
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert levels["max-module-size"] == "warning"
    assert levels["no-todo"] == "note"


def test_results_point_at_their_rule_and_place(result: CheckResult) -> None:
    run = json.loads(sarif.render(result))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == len(result.reported)
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
        assert res["partialFingerprints"]["wsguardFingerprint/v1"].startswith("fp-")
    levels = {res["ruleId"]: res["level"] for res in results}
    assert levels == {
        "max-module-size": "warning",
        "no-pandas-in-core": "error",
        "no-todo": "note",
        "trading-engine-placement": "error",
    }
    pandas = next(r for r in results if r["message"]["text"].startswith("import pandas"))
    assert pandas["message"]["text"] == 'import pandas <script>alert("&")</script>'
    assert pandas["baselineState"] == "new"


def test_only_waived_and_baselined_are_suppressed(result: CheckResult) -> None:
    results = json.loads(sarif.render(result))["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["trading-engine-placement"]
    assert suppressed[0]["suppressions"][0]["kind"] == "external"
    assert suppressed[0]["properties"]["status"] == "waived"


def test_fingerprint_is_stable_when_lines_move(result: CheckResult) -> None:
    moved = tuple(
        r._replace(finding=r.finding._replace(line=r.finding.line + 10)) for r in result.reported
    )

    def prints(res: CheckResult) -> list[str]:
        return sorted(
            r["partialFingerprints"]["wsguardFingerprint/v1"]
            for r in json.loads(sarif.render(res))["runs"][0]["results"]
        )

    assert prints(result) == prints(result._replace(reported=moved))


@pytest.mark.parametrize(
    "path",
    [
        "src/core/engine.py",
        "dir with space/ünïcode.py",
        "a:b/c,d%e#f?g.py",
        "line\nbreak\r.py",
        b"caf\xe9.py".decode("utf-8", "surrogateescape"),
    ],
)
def test_uris_are_valid_relative_references_that_round_trip(path: str, validator: Any) -> None:
    f = Finding("r", "repo", path, 0, 0, "error", "m", "fp")
    log = json.loads(sarif.render(CheckResult("repo", (Reported(f, True),), 1)))
    validator.validate(log)
    loc = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    uri = loc["artifactLocation"]["uri"]
    assert URI_PATH.fullmatch(uri)
    assert ":" not in uri.split("/")[0]  # never read as a scheme
    assert unquote_to_bytes(uri) == path.encode("utf-8", "surrogateescape")
    assert loc["region"] == {"startLine": 1, "startColumn": 1}


def test_unknown_rule_gets_a_descriptor(validator: Any) -> None:
    f = Finding("ghost-rule", "repo", "a.py", 1, 1, "warning", "m", "fp")
    log = json.loads(sarif.render(CheckResult("repo", (Reported(f, False),), 1)))
    validator.validate(log)
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["id"] == "ghost-rule"


def test_notes_become_tool_notifications(result: CheckResult) -> None:
    invocation = json.loads(sarif.render(result))["runs"][0]["invocations"][0]
    assert invocation["exitCode"] == 1
    [note] = invocation["toolExecutionNotifications"]
    assert note["message"]["text"].startswith("database unreachable")


def test_one_category_per_repo(result: CheckResult) -> None:
    run = json.loads(sarif.render(result))["runs"][0]
    assert run["automationDetails"] == {"id": "wsguard/meridian-core/"}


def test_markdown_help_cannot_carry_html_or_links(validator: Any) -> None:
    rule = RuleInfo("r", "pattern", "error", "no <script>alert(1)</script> [x](http://e) *em*")
    f = Finding("r", "repo", "a.py", 1, 1, "error", "m", "fp")
    log = json.loads(sarif.render(CheckResult("repo", (Reported(f, True),), 1, (rule,))))
    validator.validate(log)
    markdown = log["runs"][0]["tool"]["driver"]["rules"][0]["help"]["markdown"]
    assert "\\<script\\>" in markdown and "\\[x\\]\\(http" in markdown and "\\*em\\*" in markdown
