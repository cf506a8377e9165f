"""wsguard guards its own layers: the import-linter contract in pyproject.toml holds, names
every top-level module, and breaks when a lower layer imports a higher one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from wsguard.rules.tomlpos import load as load_toml

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _layers() -> list[str]:
    config = load_toml((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = config["contracts"]
    return [
        name.strip().strip("()")
        for layer in contract["layers"]
        for name in layer.replace(":", "|").split("|")
    ]


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
    )


def test_every_top_level_module_has_a_layer() -> None:
    named = set(_layers())
    package = ROOT / "wsguard"
    modules = {
        f"wsguard.{p.stem}" for p in package.glob("*.py") if p.stem not in ("__init__", "__main__")
    }
    modules |= {f"wsguard.{p.parent.name}" for p in package.glob("*/__init__.py")}
    assert modules - named == set()


def test_the_layers_hold() -> None:
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_a_store_module_importing_upward_breaks_the_contract(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "wsguard", tmp_path / "wsguard")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    upward = {
        "db.py": "wsguard.check",
        "export.py": "wsguard.tracker.tasks",
        "waivers.py": "wsguard.commands.task",
    }
    for module, target in upward.items():
        path = tmp_path / "wsguard" / "store" / module
        path.write_text(path.read_text() + f"\nimport {target}  # noqa\n")
    done = _lint(tmp_path)
    assert done.returncode == 1, done.stdout
    for module, target in upward.items():
        assert f"wsguard.store.{module[:-3]} -> {target}" in done.stdout, done.stdout
