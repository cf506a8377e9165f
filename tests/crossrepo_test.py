"""What a full scan records of one repo's use of the others (the map's edges)."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from tests.helpers import git, write
from wsguard.cli import cli
from wsguard.crossrepo import canonical, import_uses
from wsguard.values import RepoUse

OWNERS = {"meridian_core": "meridian-core", "meridian_trading": "meridian-trading"}


def test_import_uses_counts_statements_and_files() -> None:
    files = [
        ("a.py", b"import meridian_core\nfrom meridian_core.clock import now\nimport os\n"),
        ("b.py", b"from meridian_trading import engine\n\ndef f():\n    import meridian_core.x\n"),
        ("c.py", b"text = 'import meridian_core'  # a mention, not an import\n"),
        ("d.py", b"def broken(:\n"),
    ]
    assert import_uses(files, OWNERS) == [
        RepoUse("meridian-core", "import", 3, 2),
        RepoUse("meridian-trading", "import", 1, 1),
    ]


def test_canonical_names() -> None:
    assert canonical("Meridian_Core") == canonical("meridian.core") == "meridian-core"


def test_scan_records_imports_and_declared_dependencies(workspace) -> None:  # type: ignore[no-untyped-def]
    trading = workspace.repo("meridian-trading")
    write(trading, "src/meridian_trading/uses.py", "from meridian_core import clock\n")
    write(
        trading,
        "pyproject.toml",
        '[project]\nname = "meridian-trading"\nversion = "0.1.0"\n'
        'dependencies = ["meridian-core>=0.1"]\n',
    )
    git(trading, "add", "-A")
    git(trading, "commit", "-qm", "use core", "--no-verify")
    result = CliRunner().invoke(cli, ["--workspace", str(workspace.root), "scan"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(workspace.db) as conn:
        rows = conn.execute(
            "SELECT repo, target, kind, total, files FROM repo_dependencies ORDER BY kind"
        ).fetchall()
    assert rows == [
        ("meridian-trading", "meridian-core", "declared", 1, 1),
        ("meridian-trading", "meridian-core", "import", 1, 1),
    ]
    # A later full scan replaces what the repo's previous one recorded.
    git(trading, "rm", "-q", "src/meridian_trading/uses.py")
    git(trading, "commit", "-qm", "drop it", "--no-verify")
    CliRunner().invoke(cli, ["--workspace", str(workspace.root), "scan"])
    with sqlite3.connect(workspace.db) as conn:
        kinds = conn.execute("SELECT kind FROM repo_dependencies").fetchall()
    assert kinds == [("declared",)]
