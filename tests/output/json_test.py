from __future__ import annotations

import json

from wsguard.output import json as json_output
from wsguard.values import CheckResult, Finding, Reported


def test_exact_design_shape_sorted_keys_two_space_indent(result: CheckResult) -> None:
    out = json_output.render(result)
    doc = json.loads(out)
    assert out == json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert set(doc) == {"schema_version", "data"}
    assert doc["schema_version"] == 1
    assert set(doc["data"]) == {"findings", "files_scanned", "summary"}
    assert doc["data"]["files_scanned"] == 5


def test_findings_are_finding_to_json_in_the_one_order(result: CheckResult) -> None:
    findings = json.loads(json_output.render(result))["data"]["findings"]
    expected = sorted(
        result.reported,
        key=lambda r: (r.finding.path, r.finding.line, r.finding.col, r.finding.rule),
    )
    assert findings == [r.finding.to_json(r.blocking) for r in expected]
    assert set(findings[0]) == {
        "rule", "repo", "path", "line", "col", "severity", "message", "decision",
        "fingerprint", "blocking",
    }  # fmt: skip


def test_summary(result: CheckResult) -> None:
    summary = json.loads(json_output.render(result))["data"]["summary"]
    assert summary == {
        "repo": "meridian-core",
        "blocking": 2,
        "non_blocking": 3,
        "waived": 1,
        "baselined": 0,
        "new": 1,
        "fixed": 2,
        "notes": ["database unreachable: findings spooled to .wsguard/spool.jsonl"],
        "exit_code": 1,
    }


def test_clean_result(clean: CheckResult) -> None:
    data = json.loads(json_output.render(clean))["data"]
    assert data["findings"] == []
    assert data["summary"]["new"] is None
    assert data["summary"]["exit_code"] == 0


def test_odd_paths_and_messages_round_trip() -> None:
    odd = 'dir with space/ünï\ncode\t"q"\\.py'
    undecodable = b"caf\xe9.py".decode("utf-8", "surrogateescape")
    reported = tuple(
        Reported(Finding("r", "repo", path, 1, 1, "error", "<script>&</script>", "fp"), True)
        for path in (odd, undecodable)
    )
    out = json_output.render(CheckResult("repo", reported, 2))
    out.encode("utf-8")  # always writable as UTF-8
    paths = [f["path"] for f in json.loads(out)["data"]["findings"]]
    assert sorted(paths) == sorted([odd, undecodable])


def test_readable_utf8_when_possible(result: CheckResult) -> None:
    assert "ünïcode" in json_output.render(result)
