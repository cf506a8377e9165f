from __future__ import annotations

from pathlib import Path

from tests.commands.issue_test import add_drift
from tests.commands.tracking_helpers import data, run
from tests.helpers import write

RULES = """\
version: 1
rules:
  - id: no-pandas-in-core
    kind: forbidden-import
    message: core stays free of pandas
    repos: [meridian-core]
    decision: ADR-001
    modules: [pandas]
"""


def test_add_accept_supersede_list(db_url: str) -> None:
    out = run(db_url, "decision", "add", "Core holds no trading logic", "--rationale", "imports",
              "--impact", "HIGH", "--repo", "meridian-core")  # fmt: skip
    assert out.output.strip() == "ADR-001"
    run(db_url, "decision", "add", "Newer", "--rationale", "r", "--id", "ADR-010")
    run(db_url, "decision", "add", "Again", "--rationale", "r", "--id", "ADR-010", code=1)
    assert run(db_url, "decision", "add", "Next", "--rationale", "r").output.strip() == "ADR-011"
    assert data(db_url, "decision", "show", "ADR-001")["status"] == "proposed"
    run(db_url, "decision", "accept", "ADR-001")
    run(db_url, "decision", "supersede", "ADR-001", "--by", "ADR-010")
    old, new = (
        data(db_url, "decision", "show", "ADR-001"),
        data(db_url, "decision", "show", "ADR-010"),
    )
    assert (old["status"], old["superseded_by"], new["supersedes"]) == (
        "superseded", "ADR-010", "ADR-001"
    )  # fmt: skip
    run(db_url, "decision", "accept", "ADR-001", code=1)
    run(db_url, "decision", "supersede", "ADR-404", "--by", "ADR-010", code=1)
    assert [d["id"] for d in data(db_url, "decision", "list")] == ["ADR-001", "ADR-010", "ADR-011"]
    assert "Core holds no trading logic" in run(db_url, "decision", "list").output
    assert "HIGH" in run(db_url, "decision", "add", "x", "--rationale", "r", "--impact", "huge",
                         code=2).output.upper()  # fmt: skip


def test_show_reports_whether_the_decision_is_kept(db_url: str, tmp_path: Path) -> None:
    rules = write(tmp_path, "ws/rules.yaml", RULES)
    run(db_url, "decision", "add", "No pandas in core", "--rationale", "lean core")
    kept = data(db_url, "--rules", str(rules), "decision", "show", "ADR-001")
    assert kept["kept"] and [r["id"] for r in kept["rules"]] == ["no-pandas-in-core"]
    add_drift(db_url)
    broken = data(db_url, "--rules", str(rules), "decision", "show", "ADR-001")
    assert not broken["kept"] and broken["open_detections"] == 2
    text = run(db_url, "--rules", str(rules), "decision", "show", "ADR-001").output
    assert "NOT kept" in text and "src/core/a.py:3" in text


def test_render_is_deterministic(db_url: str, tmp_path: Path) -> None:
    run(db_url, "decision", "add", "Core holds no trading logic", "--rationale", "because")
    run(db_url, "decision", "add", "Research reads only", "--rationale", "r", "--repo", "x")
    run(db_url, "decision", "supersede", "ADR-001", "--by", "ADR-002")
    run(db_url, "decision", "render", "--dir", str(tmp_path / "a"))
    run(db_url, "decision", "render", "--dir", str(tmp_path / "b"))
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == ["ADR-001-core-holds-no-trading-logic.md", "ADR-002-research-reads-only.md",
                     "README.md"]  # fmt: skip
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    adr = (tmp_path / "a" / names[0]).read_text()
    assert "## Context and Problem Statement" in adr and "* Superseded by: ADR-002" in adr
    assert "[ADR-002](ADR-002-research-reads-only.md)" in (tmp_path / "a" / "README.md").read_text()
