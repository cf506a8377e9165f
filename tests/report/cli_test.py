"""``wsguard report`` through the CLI: formats, options, the empty database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.report.conftest import NOW, TREND, XSS
from wsguard.cli import cli


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("wsguard.report.build.utcnow", lambda: NOW)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_json_envelope_and_numbers(report_sqlite: str, rules_file: Path) -> None:
    code, out = _run("--db", report_sqlite, "--rules", str(rules_file), "report", "--json")
    assert code == 0, out
    doc = json.loads(out)
    assert set(doc) == {"schema_version", "data"} and doc["schema_version"] == 1
    data = doc["data"]
    assert data["drift"]["open_total"] == 6
    assert (data["drift"]["new"], data["drift"]["fixed"]) == (3, 2)
    assert {s["repo"]: tuple(s["open"]) for s in data["drift"]["trend"]["series"]} == TREND
    assert [t["id"] for t in data["tasks"]["ready"]] == ["T-4", "T-2"]
    decisions = {d["id"]: d for d in data["decisions"]}
    assert decisions["ADR-001"]["rules"] == ["no-pandas"]
    assert decisions["ADR-003"]["state"] == "kept"
    assert (
        _run("--db", report_sqlite, "--rules", str(rules_file), "report", "--format", "json")[1]
        == out
    )


def test_text_when_piped_is_plain(report_sqlite: str, rules_file: Path) -> None:
    code, out = _run("--db", report_sqlite, "--rules", str(rules_file), "report")
    assert code == 0, out
    assert "\x1b[" not in out and "╭" not in out
    assert "6 open drift detections (+3 new / −2 fixed since 2025-03-07)" in out
    assert f"urgent {XSS}" in out
    lines = out.splitlines()
    assert any(line.split() == ["2025-02-17", "3", "1", "0"] for line in lines)
    assert any(
        line.split()[:3] == ["ADR-001", "Core", "stays"] and "drifting" in line for line in lines
    )


def test_since_and_repo(
    report_sqlite: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no rules.yaml above: any repo name goes
    code, out = _run(
        "--db",
        report_sqlite,
        "report",
        "--json",
        "--since",
        "2025-02-12",
        "--repo",
        "meridian-core",
    )
    assert code == 0, out
    drift = json.loads(out)["data"]["drift"]
    assert (drift["open_total"], drift["new"], drift["fixed"]) == (3, 4, 1)
    assert [s["repo"] for s in drift["trend"]["series"]] == ["meridian-core"]


def test_output_file(report_sqlite: str, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    code, _ = _run("--db", report_sqlite, "report", "--json", "-o", str(target))
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["data"]["drift"]["open_total"] == 6


def test_unwritable_output_is_an_error(report_sqlite: str, tmp_path: Path) -> None:
    code, out = _run("--db", report_sqlite, "report", "-o", str(tmp_path / "nope" / "r.txt"))
    assert code == 2 and out.startswith("Error: cannot write")


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_empty_database_is_a_friendly_report(sqlite_url: str, fmt: str) -> None:
    code, out = _run("--db", sqlite_url, "report", "--format", fmt)
    assert code == 0, out
    if fmt == "json":
        assert json.loads(out)["data"]["drift"]["open_total"] == 0
    else:
        assert "Nothing recorded yet" in out


def test_terminal_report_uses_the_terminal_width_and_shows_ids(
    report_sqlite: str, rules_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wsguard.report.build import build_report
    from wsguard.report.text import render
    from wsguard.workspace import Options

    data = build_report(Options(db=report_sqlite, rules=str(rules_file)))
    monkeypatch.setenv("COLUMNS", "160")
    wide = render(data, terminal=True)
    assert max(len(line) for line in wide.splitlines()) > 100
    plain = render(data, terminal=False)
    oldest = plain.split("Oldest open detections", 1)[1].split("\n\n", 2)[1]
    assert oldest.split()[0] == "Detection"
    for d in data.drift.oldest:  # ids and whole paths, never cut mid-word
        assert str(d.id) in oldest and d.path in oldest
