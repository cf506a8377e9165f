"""``forbidden-import`` agrees with ruff's TID251 (banned-api) on real installed code.

Differences by design, neutralised here:
- ruff honours ``# noqa`` comments; wsguard has its own suppressions, so ruff
  runs with ``--ignore-noqa``;
- wsguard also reports ``__import__("x")`` / ``importlib.import_module("x")``
  with a literal argument, which ruff does not (none occur in these trees;
  the test fails if one does, so a difference cannot hide);
- ruff also reports *uses* of a banned module through an imported parent
  (``import sqlalchemy as sa; sa.orm.x`` is TID251 for ``sqlalchemy.orm``);
  wsguard reports import statements only: that line imports nothing.
  ``test_ruff_also_reports_attribute_uses`` pins this difference down;
- ruff reports a backslash-continued ``import a, \\`` name at its own line,
  wsguard at the statement's line (none occur in these trees either).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from wsguard.rules.config import Config, make_rule
from wsguard.rules.engine import FileInput, check_files

SITE = Path(sysconfig.get_paths()["purelib"])
RUFF = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))

# (tree in site-packages, a module that tree really imports)
CASES = [
    ("alembic", "sqlalchemy"),
    ("sqlalchemy", "sqlalchemy.util"),
    ("sqlalchemy", "typing_extensions"),
    ("click", "typing"),
    ("rich", "typing"),
    ("_pytest", "py"),
    # relative imports (from .console import …) resolved through __init__.py files
    ("rich", "rich.console"),
    ("click", "click.core"),
    ("alembic", "alembic.util"),
]


def _ruff(tree: Path, module: str) -> set[tuple[str, int]]:
    option = f'lint.flake8-tidy-imports.banned-api."{module}".msg = "banned"'
    result = subprocess.run(
        [
            RUFF,
            "check",
            "--isolated",
            "--no-cache",
            "--ignore-noqa",
            "--select",
            "TID251",
            "--config",
            option,
            "--output-format",
            "json",
            "--exit-zero",
            str(tree),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return {
        (Path(d["filename"]).relative_to(SITE).as_posix(), d["location"]["row"])
        for d in json.loads(result.stdout)
        if d["code"] == "TID251"
    }


def _ours(tree: Path, module: str) -> tuple[set[tuple[str, int]], int]:
    rule = make_rule(id="banned", kind="forbidden-import", message="banned", modules=[module])
    files = sorted(p for p in tree.rglob("*") if p.suffix in (".py", ".pyi") and p.is_file())
    rel = {p.relative_to(SITE).as_posix(): p for p in files}
    inputs = [FileInput(path, p.read_bytes()) for path, p in rel.items()]
    findings = check_files(Config(Path("rules.yaml"), (rule,)), "site", inputs, set(rel))
    assert [f for f in findings if f.rule != "banned"] == []
    assert not any("import_module(" in f.message for f in findings)
    return {(f.path, f.line) for f in findings}, len(files)


@pytest.mark.skipif(not Path(RUFF).exists(), reason="ruff is not installed")
@pytest.mark.parametrize(("tree", "module"), CASES, ids=[f"{t}-{m}" for t, m in CASES])
def test_same_findings_as_ruff(tree: str, module: str) -> None:
    root = SITE / tree
    if not root.is_dir():
        pytest.skip(f"{tree} is not installed")
    ruff = _ruff(root, module)
    ours, _ = _ours(root, module)
    assert ruff, "the module must really be imported by the tree"
    assert sorted(ours - ruff) == [] and sorted(ruff - ours) == []


@pytest.mark.skipif(not Path(RUFF).exists(), reason="ruff is not installed")
def test_ruff_also_reports_attribute_uses() -> None:
    root = SITE / "sqlalchemy"
    if not root.is_dir():
        pytest.skip("sqlalchemy is not installed")
    ruff = _ruff(root, "sqlalchemy.orm")
    ours, _ = _ours(root, "sqlalchemy.orm")
    assert ours <= ruff
    extra = sorted(ruff - ours)
    assert extra, "the documented difference should show on this tree"
    for path, line in extra:
        text = (SITE / path).read_text(encoding="utf-8").splitlines()[line - 1]
        assert "import" not in text and ".orm" in text, (path, line, text)
