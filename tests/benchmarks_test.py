"""The benchmark suite's workspace generator: seeded, and its violations are real findings."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from benchmarks import synth


def _tree(repo: Path) -> dict[str, bytes]:
    files = synth.git(repo, "ls-files").split()
    return {f: (repo / f).read_bytes() for f in files}


def test_same_arguments_same_workspace(tmp_path: Path) -> None:
    a = synth.make_workspace(tmp_path / "a", repos=1, files=30, share=0.2, seed=3)
    b = synth.make_workspace(tmp_path / "b", repos=1, files=30, share=0.2, seed=3)
    c = synth.make_workspace(tmp_path / "c", repos=1, files=30, share=0.2, seed=4)
    ra, rb, rc = a.repos[0].path, b.repos[0].path, c.repos[0].path
    assert _tree(ra) == _tree(rb)
    assert synth.git(ra, "rev-parse", "HEAD") == synth.git(rb, "rev-parse", "HEAD")
    assert _tree(ra) != _tree(rc)
    assert a.rules.read_bytes() == b.rules.read_bytes()
    for path, source in _tree(ra).items():
        if path.endswith(".py"):
            ast.parse(source, path)


def test_share_of_violations_is_what_wsguard_finds(tmp_path: Path) -> None:
    ws = synth.make_workspace(tmp_path / "ws", repos=1, files=30, share=0.1, per_file=2)
    repo = ws.repos[0]
    modules = [f for f in repo.files if not f.endswith("__init__.py")]
    assert repo.expected == 2 * round(0.1 * len(modules)) > 0
    done = subprocess.run(
        [sys.executable, "-m", "wsguard", "check", "--all-files", "--format", "json",
         "--no-record"],
        cwd=repo.path, env=synth.git_env(), capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)["data"]["findings"]
    assert {f["rule"] for f in findings} == {synth.RULE_ID}
    assert len(findings) == repo.expected
    assert not (ws.root / "workspace.db").exists()
