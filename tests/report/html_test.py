"""The HTML report: its content, its escaping, and how headless Chromium renders it."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest

from tests.report.conftest import NOW, RULE_DECISIONS, XSS
from wsguard.report import html
from wsguard.report.data import gather
from wsguard.store.db import Database
from wsguard.store.sql import session_executor

CHROMIUM = Path("/usr/bin/chromium")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _render(url: str) -> str:
    with Database(url) as database, database.session_scope() as s:
        return html.render(gather(session_executor(s), now=NOW, rule_decisions=RULE_DECISIONS))


def test_content(report_sqlite: str) -> None:
    page = _render(report_sqlite)
    assert "<strong>6</strong> open drift detections" in page
    assert '+3 new</span> / <span class="fixed">−2 fixed' in page
    assert re.search(r'data-rule="no-pandas" data-value="3"', page)
    assert len(re.findall(r'<polyline class="series"', page)) == 3
    assert '<td class="state-drifting">drifting</td>' in page
    assert '<td class="task-title">urgent ' + ESCAPED + "</td>" in page
    assert [t for t in re.findall(r'class="task-title">([^<]*)<', page)] == [
        "urgent " + ESCAPED,
        "next after T-1",
    ]


def test_self_contained_and_escaped(report_sqlite: str) -> None:
    page = _render(report_sqlite)
    assert page.count("<script") == 1  # the page's own guard, nothing from the database
    assert XSS not in page and page.count(ESCAPED) == 3
    assert not re.search(r"(src|href)=\"?(https?:)?//", page)
    assert "default-src 'none'" in page


def test_trend_points_follow_the_values(report_sqlite: str) -> None:
    page = _render(report_sqlite)
    points = re.search(r'data-repo="meridian-core" points="([^"]+)"', page)
    assert points is not None
    ys = [float(p.split(",")[1]) for p in points.group(1).split()]
    # core: 0,0,0,0,3,3,3,3 on a 0..5 axis whose baseline is y=240, top y=16.
    assert ys[:4] == [240.0] * 4 and ys[4:] == [pytest.approx(240 - 224 * 3 / 5)] * 4


def _chromium(page: Path, profile: Path) -> tuple[str, str, float]:
    started = time.monotonic()
    done = subprocess.run(
        [
            str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
            "--dump-dom", page.as_uri(),
        ],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr, time.monotonic() - started


def _console(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install -y chromium)"
)
def test_chromium_renders_it_without_errors_or_injected_scripts(
    report_sqlite: str, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    page.write_text(_render(report_sqlite), encoding="utf-8")
    dom, stderr, seconds = _chromium(page, tmp_path / "profile")
    assert _console(stderr) == []
    assert 'data-loaded="1"' in dom  # the page's own script ran…
    assert "data-alerts" not in dom and "data-errors" not in dom  # …and nothing else did
    assert dom.count("<script") == 1
    assert dom.count(ESCAPED) == 3  # shown as text
    assert re.search(r'<svg id="trend-chart"', dom) and re.search(r'<svg id="rule-chart"', dom)
    assert (
        len(re.findall(r"<polyline ", dom)) == 3 and len(re.findall(r'<rect class="bar"', dom)) == 4
    )
    assert seconds < 10


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install -y chromium)"
)
def test_the_browser_check_would_catch_an_injected_script(
    report_sqlite: str, tmp_path: Path
) -> None:
    """A control: were escaping to fail, the test above would see it."""
    page = tmp_path / "report.html"
    page.write_text(_render(report_sqlite).replace(ESCAPED, XSS, 1), encoding="utf-8")
    dom, stderr, _ = _chromium(page, tmp_path / "profile")
    assert dom.count("<script") == 2
    assert any("Content Security Policy" in line for line in _console(stderr))
