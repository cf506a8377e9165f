"""The demo's report, as a new user sees it: every section has content, the map shows the
repos and the layering violation, and headless Chromium renders it without errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.report.html_test import CHROMIUM, _chromium, _console
from wsguard.cli import cli

REPOS = ("meridian-core", "meridian-trading", "meridian-research")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "ws"
    result = CliRunner().invoke(cli, ["demo", str(root)])
    assert result.exit_code == 0, result.output
    return root


def _report(root: Path, fmt: str) -> str:
    result = CliRunner().invoke(cli, ["--workspace", str(root), "report", "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.output


def test_every_section_has_content(demo: Path) -> None:
    page = _report(demo, "html")
    sections = re.split(r"<h2>", page)[1:]
    assert [s.split("</h2>")[0] for s in sections] == [
        "Drift", "Architecture map", "Decisions", "Issues", "Tasks", "Recent sessions",
    ]  # fmt: skip
    for section in sections:
        assert 'class="none">None.' not in section, section.split("</h2>")[0]
    assert "ADR-001" in page and "ADR-002" in page and "ADR-003" in page
    assert "WS-TASK-002" not in re.split(r"<h3>Ready to start</h3>", page)[1].split("<h2>")[0]
    assert "the guard stopped 1 commit" in page
    assert "1 of 2 components at their target" in page
    assert 'class="blocked" data-value="1"' in page  # blocked attempts beside open drift


def test_markdown_and_text_name_the_breaking_use(demo: Path) -> None:
    markdown = _report(demo, "markdown")
    row = "| meridian-core | meridian-trading | 1 | 1 | no | core-is-the-bottom-layer |"
    assert row in markdown
    assert "1 of 2 components at their target" in markdown
    text = _report(demo, "text")
    uses = text.split("Uses between repositories", 1)[1].split("Components", 1)[0]
    first = next(line for line in uses.splitlines() if "meridian-core" in line)
    assert first.split()[:2] == ["meridian-core", "meridian-trading"]
    assert "core-is-the-bottom-layer" in first


def test_svg_and_dot_outputs(demo: Path) -> None:
    svg = _report(demo, "svg")
    assert svg.startswith("<?xml") and "<script" not in svg
    assert len(re.findall(r'<g class="node" data-repo="', svg)) == 3
    dot = _report(demo, "dot")
    assert dot.startswith("digraph workspace {")
    assert '"meridian-core" -> "meridian-trading" [color="#cf222e", style=dashed' in dot


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install -y chromium)"
)
def test_chromium_renders_the_demo_report_and_its_map(demo: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(_report(demo, "html"), encoding="utf-8")
    dom, stderr, _ = _chromium(page, tmp_path / "profile")
    assert _console(stderr) == []
    assert 'data-loaded="1"' in dom and "data-errors" not in dom
    svg = dom.split('<svg id="arch-map"', 1)[1].split("</svg>", 1)[0]
    assert sorted(re.findall(r'<g class="node" data-repo="([^"]+)"', svg)) == sorted(REPOS)
    breaking = re.findall(r'<path class="edge breaks"[^>]*>\s*<title>([^<]*)</title>', svg)
    assert breaking == ["meridian-core → meridian-trading: 1 import in 1 file; "
                        "breaks core-is-the-bottom-layer"]  # fmt: skip
    assert 'stroke-dasharray="7 4"' in svg  # apart by dash, not colour alone
