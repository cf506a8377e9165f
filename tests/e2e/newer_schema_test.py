"""A database migrated by a newer wsguard: commits are still decided, nothing is lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import git, write, wsguard
from tests.workspace_fixture import Workspace, commit
from wsguard.cli import cli
from wsguard.store.revision import HEAD

NEWER = "9999"
MESSAGE = f"this database is at revision {NEWER}, newer than this wsguard ({HEAD}); upgrade wsguard"


def _stamp_newer(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (NEWER,))


def _spooled(home: Path) -> list[Path]:
    return sorted((home / ".cache" / "wsguard" / "spool").rglob("*.json"))


def test_the_hook_still_decides_and_spools(workspace: Workspace) -> None:
    import os

    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/a.py", "import os\n")
    git(core, "add", "-A")
    assert commit(core, "creates the database").code == 0
    _stamp_newer(workspace.db)
    home = Path(os.environ["HOME"])

    write(core, "src/meridian_core/b.py", "import json\n")
    git(core, "add", "-A")
    clean = commit(core, "clean")
    assert clean.code == 0, clean.output
    assert MESSAGE in clean.output and "internal error" not in clean.output
    assert len(_spooled(home)) == 1

    write(core, "src/meridian_core/c.py", "import pandas\n")
    git(core, "add", "-A")
    blocked = commit(core, "blocked")
    assert blocked.code == 1, blocked.output
    assert "no-data-science-in-core" in blocked.output and MESSAGE in blocked.output
    assert len(_spooled(home)) == 2
    assert git(core, "rev-list", "--count", "HEAD").strip() == "3"  # the blocked one is not in

    for args in (("db", "upgrade"), ("task", "list"), ("report",), ("db", "current")):
        done = wsguard(core, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert "internal error" not in done.stderr and "Traceback" not in done.stderr
        assert "upgrade wsguard" in done.stdout + done.stderr, args


def test_commands_refuse_a_newer_postgresql_schema(pg_url: str) -> None:
    import sqlalchemy as sa

    runner = CliRunner()
    assert runner.invoke(cli, ["--db", pg_url, "db", "upgrade"]).exit_code == 0
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": NEWER})
    engine.dispose()
    for args in (("db", "upgrade"), ("task", "list")):
        result = runner.invoke(cli, ["--db", pg_url, *args])
        assert result.exit_code == 2 and MESSAGE in result.output, (args, result.output)


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WSGUARD_DEBUG", raising=False)
