"""The result cache never changes what a check finds: cached runs equal uncached ones."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from tests.helpers import git, write
from tests.workspace_fixture import Workspace

FILES = {
    "src/meridian_core/__init__.py": "",
    "src/meridian_core/engine.py": "import pandas\nfrom numpy import array\n",
    "src/meridian_core/quiet.py": (
        "import pandas  # wsguard: ignore[no-data-science-in-core] because demo\n"
    ),
    "src/meridian_core/bare.py": "import sklearn  # wsguard: ignore[no-data-science-in-core]\n",
    "src/meridian_core/sub/__init__.py": "",
    "src/meridian_core/sub/rel.py": "from .. import engine\nimport json\n",
    "src/meridian_core/trading/strategy.py": "class MeanTradingStrategy:\n    pass\n",
    "src/meridian_core/paths.py": "HOME = '/home/ada/data/'\n",
    "src/meridian_core/broken.py": "def f(:\n    import pandas\n",
    "assets/logo.png": "\x89PNG\r\n\x1a\n\x00\x00binary",
    "requirements.txt": "pandas==2.2\n-r extra.txt\n",
    "extra.txt": "numpy\n",
}


def _check(repo: Path, db: str, *args: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "wsguard",
            "--db",
            db,
            "check",
            "--all-files",
            "--format",
            "json",
            *args,
        ],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    findings = json.loads(done.stdout)["data"]["findings"]
    return sorted(findings, key=lambda f: (f["path"], f["line"], f["col"], f["rule"]))


def test_a_full_scan_never_answers_for_a_whole_parse(workspace: Workspace, db_url: str) -> None:
    """A full scan reads imports without parsing files whole; its cached results never
    stand in for a check that parses them (and so reports the syntax error)."""
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/broken.py", FILES["src/meridian_core/broken.py"])
    git(core, "add", "-A")
    git(core, "commit", "-q", "--no-verify", "-m", "broken")
    full = [f["rule"] for f in _check(core, db_url) if f["path"].endswith("broken.py")]
    assert "no-data-science-in-core" in full  # other rules, which need the tree, warn
    named_file = "src/meridian_core/broken.py"
    done = subprocess.run(
        [sys.executable, "-m", "wsguard", "--db", db_url, "check", "--format", "json", named_file],
        cwd=core,
        capture_output=True,
        text=True,
    )
    named = [f["rule"] for f in json.loads(done.stdout)["data"]["findings"]]
    assert named == ["wsguard/unreadable"], done.stderr


def _without_status(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # "new" vs "open" depends on what was recorded before, not on the cache; so does the id
    return [{k: v for k, v in f.items() if k not in ("status", "detection_id")} for f in findings]


def _cache_rows(db: str) -> list[tuple[str, str]]:
    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            return [
                tuple(r)
                for r in conn.execute(text("SELECT blob_sha, rules_digest FROM scan_cache"))
            ]  # type: ignore[misc]
    finally:
        engine.dispose()


def test_cached_scans_equal_uncached_ones_across_a_rules_edit(
    workspace: Workspace, db_url: str
) -> None:
    core = workspace.repo("meridian-core")
    for rel, content in FILES.items():
        write(core, rel, content)
    # the same bytes at a second place: cached per place, not per blob alone
    write(core, "src/other/engine.py", FILES["src/meridian_core/engine.py"])
    git(core, "add", "-A")
    git(core, "commit", "-q", "--no-verify", "-m", "files")

    first = _check(core, db_url)
    assert any(f["rule"] == "no-data-science-in-core" for f in first)
    rows = _cache_rows(db_url)
    assert len(rows) >= len(FILES) - 2  # manifests read siblings: never cached
    warm = _check(core, db_url)
    uncached = _check(core, db_url, "--no-cache", "--no-record")
    assert _without_status(warm) == _without_status(first) == _without_status(uncached)

    # Edit the rules: numpy is no longer forbidden, json is; no stale result may survive.
    rules = workspace.root / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            "modules: [pandas, numpy, sklearn]", "modules: [pandas, json, sklearn]"
        ),
        encoding="utf-8",
    )
    edited = _check(core, db_url)
    assert _without_status(edited) == _without_status(_check(core, db_url, "--no-cache"))
    assert any("json" in f["message"] for f in edited)
    assert not any("numpy" in f["message"] and f["path"].endswith(".py") for f in edited)
    # rows of the old rules were dropped by the full scan under the new ones
    digests = {digest[:16] for _, digest in _cache_rows(db_url)}
    assert len(digests) == 1

    # A package change moves a module: the relative import resolves elsewhere.
    git(core, "rm", "-q", "src/meridian_core/sub/__init__.py")
    git(core, "commit", "-q", "--no-verify", "-m", "not a package")
    assert _without_status(_check(core, db_url)) == _without_status(
        _check(core, db_url, "--no-cache", "--no-record")
    )


def test_no_record_writes_no_cache_rows(workspace: Workspace, sqlite_url: str) -> None:
    core = workspace.repo("meridian-core")
    write(core, "src/meridian_core/engine.py", "import pandas\n")
    git(core, "add", "-A")
    _check(core, sqlite_url)  # creates the database
    before = len(_cache_rows(sqlite_url))
    write(core, "src/meridian_core/more.py", "import os\n")
    git(core, "add", "-A")
    _check(core, sqlite_url, "--no-record")
    assert len(_cache_rows(sqlite_url)) == before
