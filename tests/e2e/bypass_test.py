"""Imports Python runs but a byte search misses: full-width letters (identifiers are
NFKC-normalised) and a file in the UTF-7 it declares. Both must block, at the commit
and in a full check, the way the interpreter would import them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import git, wsguard
from tests.workspace_fixture import Workspace, commit

FILES = {
    "fullwidth.py": "import ｐａｎｄａｓ\n".encode(),
    "utf7.py": b"# -*- coding: utf-7 -*-\nimport +AHAAYQBuAGQAYQBz-\n",
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_bypass_files_block(workspace: Workspace, tmp_path: Path, name: str) -> None:
    data = FILES[name]
    # The premise: Python really imports pandas from this file.
    fake = tmp_path / "site" / "pandas"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("print('pandas imported')\n")
    (tmp_path / "site" / name).write_bytes(data)
    ran = subprocess.run(
        [sys.executable, name], cwd=tmp_path / "site", capture_output=True, text=True
    )
    assert "pandas imported" in ran.stdout, ran.stderr

    core = workspace.repo("meridian-core")
    target = core / "src" / "meridian_core" / name
    target.write_bytes(data)
    git(core, "add", "-A")
    blocked = commit(core, "sneak pandas in")
    assert blocked.code == 1, blocked.output
    assert f"src/meridian_core/{name}:2:1: no-data-science-in-core" in blocked.output or (
        f"src/meridian_core/{name}:1:1: no-data-science-in-core" in blocked.output
    )

    git(core, "commit", "-qm", "committed anyway", "--no-verify")
    full = wsguard(core, "check", "--all-files", "--no-record")
    assert full.returncode == 1, full.stdout + full.stderr
    assert f"src/meridian_core/{name}:" in full.stdout
