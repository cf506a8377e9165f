from __future__ import annotations

from tests.report.conftest import NOW, RULE_DECISIONS
from wsguard.report import markdown
from wsguard.report.data import gather
from wsguard.store.db import Database
from wsguard.store.sql import session_executor


def _render(url: str) -> str:
    with Database(url) as database, database.session_scope() as s:
        return markdown.render(gather(session_executor(s), now=NOW, rule_decisions=RULE_DECISIONS))


def test_numbers(report_sqlite: str) -> None:
    out = _render(report_sqlite)
    assert "**6** open drift detections (**+3** new / **−2** fixed since 2025-03-07)" in out
    assert "| meridian-core | no-pandas | error | 2 |" in out
    assert "| 2025-03-10 | 3 | 1 | 2 |" in out  # core, research, trading at NOW
    assert "| ADR-001 | Core stays domain-agnostic | accepted | no-pandas | drifting | 3 |" in out
    assert "| T-2 | MEDIUM | next after T-1 | — |" in out
    assert "| open | code\\_creep | 2 |" in out


def test_database_text_cannot_inject_html_or_break_tables(report_sqlite: str) -> None:
    out = _render(report_sqlite)
    assert "<script>" not in out
    assert "| T-4 | HIGH | urgent &lt;script&gt;alert(1)&lt;/script&gt; | ada |" in out
    assert "commit: fix &lt;script&gt;alert(1)&lt;/script&gt;; tidy" in out


def test_escape() -> None:
    assert markdown.escape("a|b\nc <d> & *e*") == "a\\|b c &lt;d&gt; &amp; \\*e\\*"


def test_empty(sqlite_url: str) -> None:
    out = _render(sqlite_url)
    assert out.startswith("# Workspace report\n") and "Nothing recorded yet" in out
