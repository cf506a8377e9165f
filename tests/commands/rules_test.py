from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wsguard.cli import cli

RULES = str(Path(__file__).parents[2] / "rules.yaml")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--rules", RULES, "rules", *args])
    return result.exit_code, result.output


def test_list_json_envelope() -> None:
    code, out = run("list", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["schema_version"] == 1
    ids = [r["id"] for r in data["data"]["rules"]]
    assert "no-data-science-in-core" in ids and len(data["data"]["digest"]) == 64


def test_list_text_and_explain() -> None:
    code, out = run("list")
    assert code == 0 and "core-is-the-bottom-layer" in out
    lines = out.splitlines()
    for header in ("KIND", "SEVERITY", "DECISION", "REPOS"):  # every column lines up
        column = lines[0].index(header)
        assert all(line[column - 2 : column] == "  " for line in lines), header
    code, out = run("explain", "no-data-science-in-core")
    assert code == 0
    assert "ADR-001" in out and "modules: pandas, numpy, sklearn" in out
    assert "# wsguard: ignore[no-data-science-in-core] because <reason>" in out


def test_explain_unknown_rule_lists_the_known_ones() -> None:
    code, out = run("explain", "nope")
    assert code == 2 and "no rule 'nope'" in out and "one-sqlalchemy" in out


def test_no_rules_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["rules", "check"])
    assert result.exit_code == 2 and "no rules.yaml found" in result.output
