"""Decisions as Markdown in the MADR layout: one file per decision and an index.

Deterministic: the same records always give the same bytes (no clock, sorted).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from wsguard.values import Record

INDEX = "README.md"


def file_name(record: Record) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", str(record["title"]).lower()).strip("-")[:60]
    return f"{record['id']}-{slug}.md" if slug else f"{record['id']}.md"


def _list(values: object) -> str:
    if isinstance(values, list | tuple):
        return ", ".join(str(v) for v in values)
    return str(values or "")


def render_decision(record: Record) -> str:
    lines = [f"# {record['id']}: {record['title']}", ""]
    meta = [
        ("Status", record.get("status")),
        ("Date", record.get("date")),
        ("Impact", record.get("impact")),
        ("Repos", _list(record.get("repos_affected"))),
        ("Session", record.get("session")),
        ("Supersedes", record.get("supersedes")),
        ("Superseded by", record.get("superseded_by")),
    ]
    lines += [f"* {name}: {value}" for name, value in meta if value]
    lines += ["", "## Context and Problem Statement", "", str(record.get("rationale") or "—")]
    lines += ["", "## Decision Outcome", "", str(record.get("decision") or record["title"])]
    links = [*(record.get("related_files") or []), *(record.get("documentation") or [])]
    tasks = record.get("related_tasks") or []
    if links or tasks:
        lines += ["", "## Links", ""]
        lines += [f"* {link}" for link in links]
        lines += [f"* Task {task}" for task in tasks]
    return "\n".join(lines) + "\n"


def render_index(records: Sequence[Record]) -> str:
    lines = ["# Architecture decisions", "", "| ID | Title | Status | Date |", "|---|---|---|---|"]
    for r in sorted(records, key=lambda r: str(r["id"])):
        title = str(r["title"]).replace("|", "\\|")
        lines.append(
            f"| [{r['id']}]({file_name(r)}) | {title} | {r.get('status')} | {r.get('date') or ''} |"
        )
    return "\n".join(lines) + "\n"


def write_markdown(records: Sequence[Record], folder: Path) -> list[Path]:
    """Write one file per decision and the index into ``folder``; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for record in sorted(records, key=lambda r: str(r["id"])):
        path = folder / file_name(record)
        path.write_text(render_decision(record), encoding="utf-8")
        written.append(path)
    index = folder / INDEX
    index.write_text(render_index(records), encoding="utf-8")
    return [*written, index]
