"""wsguard.tracker.render: decisions as MADR Markdown, byte for byte deterministic."""

from __future__ import annotations

from pathlib import Path

from wsguard.tracker import render
from wsguard.values import Record

FULL: Record = {
    "id": "ADR-002",
    "title": "Polars in core",
    "status": "accepted",
    "date": "2025-03-01",
    "impact": "HIGH",
    "repos_affected": ["meridian-core", "meridian-trading"],
    "session": "S-001",
    "supersedes": "ADR-001",
    "superseded_by": None,
    "rationale": "pandas is slow on our frames",
    "decision": "Core uses polars; pandas stays out.",
    "related_files": ["src/core/frame.py"],
    "documentation": ["docs/adr/002.md"],
    "related_tasks": ["T-7"],
}


def test_a_full_decision_in_madr_layout() -> None:
    assert render.render_decision(FULL) == (
        "# ADR-002: Polars in core\n"
        "\n"
        "* Status: accepted\n"
        "* Date: 2025-03-01\n"
        "* Impact: HIGH\n"
        "* Repos: meridian-core, meridian-trading\n"
        "* Session: S-001\n"
        "* Supersedes: ADR-001\n"
        "\n"
        "## Context and Problem Statement\n"
        "\n"
        "pandas is slow on our frames\n"
        "\n"
        "## Decision Outcome\n"
        "\n"
        "Core uses polars; pandas stays out.\n"
        "\n"
        "## Links\n"
        "\n"
        "* src/core/frame.py\n"
        "* docs/adr/002.md\n"
        "* Task T-7\n"
    )


def test_a_bare_decision_leaves_out_what_it_lacks() -> None:
    bare: Record = {"id": "ADR-003", "title": "Keep it", "repos_affected": []}
    text = render.render_decision(bare)
    assert text.startswith("# ADR-003: Keep it\n")
    assert "* " not in text and "## Links" not in text
    # No rationale gives a dash; no decision text repeats the title.
    assert text.endswith(
        "## Context and Problem Statement\n\n—\n\n## Decision Outcome\n\nKeep it\n"
    )


def test_file_names_are_slugs_of_the_title() -> None:
    assert render.file_name(FULL) == "ADR-002-polars-in-core.md"
    assert render.file_name({"id": "ADR-9", "title": "  Über / C++!  "}) == "ADR-9-ber-c.md"
    assert render.file_name({"id": "ADR-9", "title": "???"}) == "ADR-9.md"
    assert render.file_name({"id": "A", "title": "x" * 100}) == f"A-{'x' * 60}.md"


def test_the_index_is_sorted_and_escapes_pipes() -> None:
    first: Record = {"id": "ADR-001", "title": "a | b", "status": "superseded", "date": None}
    assert render.render_index([FULL, first]) == (
        "# Architecture decisions\n\n"
        "| ID | Title | Status | Date |\n"
        "|---|---|---|---|\n"
        "| [ADR-001](ADR-001-a-b.md) | a \\| b | superseded |  |\n"
        "| [ADR-002](ADR-002-polars-in-core.md) | Polars in core | accepted | 2025-03-01 |\n"
    )


def test_write_markdown_writes_one_file_each_and_the_index(tmp_path: Path) -> None:
    first: Record = {"id": "ADR-001", "title": "First", "status": "accepted"}
    folder = tmp_path / "adr"
    written = render.write_markdown([FULL, first], folder)
    assert [p.name for p in written] == [
        "ADR-001-first.md",
        "ADR-002-polars-in-core.md",
        "README.md",
    ]
    assert (folder / "ADR-002-polars-in-core.md").read_text(encoding="utf-8") == (
        render.render_decision(FULL)
    )
    before = {p.name: p.read_bytes() for p in written}
    render.write_markdown([first, FULL], folder)  # same records, other order: same bytes
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
