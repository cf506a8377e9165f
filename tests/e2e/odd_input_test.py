"""Ordinary input that once crashed: non-UTF-8 file names, rich markup in user text."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from tests.commands.tracking_helpers import run
from tests.helpers import git
from tests.workspace_fixture import Workspace, commit

MARKUP = "Fix [/x] then [red]red[/red] and [link=https://example.com]a link[/link]"


def _write_bytes(repo: Path, name: bytes, data: bytes) -> None:
    with open(os.path.join(os.fsencode(repo), name), "wb") as f:
        f.write(data)


def test_non_utf8_file_names_commit_through_the_hook(workspace: Workspace) -> None:
    core = workspace.repo("meridian-core")
    _write_bytes(core, b"src/meridian_core/caf\xe9.py", b"import os\n")
    git(core, "add", "-A")
    clean = commit(core, "a latin-1 name")
    assert clean.code == 0, clean.output
    assert "no blocking findings" in clean.output

    _write_bytes(core, b"src/meridian_core/bad\xff.py", b"import pandas\n")
    subprocess.run(["git", "add", "-A"], cwd=core, check=True)
    blocked = commit(core, "a violation in a non-UTF-8 name")
    assert blocked.code == 1, blocked.output
    assert "src/meridian_core/bad\\xff.py" in blocked.output
    assert "internal error" not in blocked.output
    with sqlite3.connect(workspace.db) as conn:
        paths = [p for (p,) in conn.execute("SELECT path FROM drift_detections")]
    assert paths == ["src/meridian_core/bad\\xff.py"]


def test_markup_in_user_text_is_printed_literally(sqlite_url: str) -> None:
    run(sqlite_url, "task", "add", MARKUP, "--assign", "[bold]ada", "--repo", "core[/x]")
    run(sqlite_url, "issue", "add", MARKUP, "--type", "governance", "--severity", "high")
    run(sqlite_url, "decision", "add", MARKUP, "--rationale", "[/x]")
    run(sqlite_url, "session", "start", "--user", "[red]ada[/red]")
    for args in (
        ("task", "list"),
        ("task", "ready"),
        ("issue", "list"),
        ("decision", "list"),
        ("session", "list"),
        ("report",),
    ):
        out = run(sqlite_url, *args).output
        assert "[/x]" in out or "[red]ada[/red]" in out, (args, out)
    listed = run(sqlite_url, "task", "list").output
    assert "[bold]ada" in listed and "core[/x]" in listed
    report = run(sqlite_url, "report").output
    assert "[red]red[/red]" in report and "[link=https://example.com]" in report
