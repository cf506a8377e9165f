"""Manifests read by the book: every declaration at its own line and column."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.rules.helpers import check, config, workspace
from wsguard.repofiles import DiskView
from wsguard.rules.manifests import Dependency, manifest
from wsguard.rules.pyproject import poetry_spec
from wsguard.rules.source import SourceFile
from wsguard.rules.tomlpos import positions


def declared(path: str, text: str, files: dict[str, str] | None = None) -> list[Dependency]:
    others = {k: v.encode() for k, v in (files or {}).items()}
    return manifest(SourceFile("r", path, text.encode()), others.get).dependencies


def where(deps: list[Dependency]) -> list[tuple[str, str, int, int]]:
    return [(d.name, d.spec, d.line, d.col) for d in deps]


PYPROJECT = """\
[project]
name = "meridian-core"
dependencies = [
    "click>=8",   # a comment "with quotes"
    'SQLAlchemy[asyncio] == 2.0 ; python_version >= "3.10"', "Pandas",
    "pkg @ https://example.com/pkg-1.0.whl",
]

[project.optional-dependencies]
ml = ["scikit_learn==1.4"]

[dependency-groups]
dev = ["pytest>=8", {include-group = "lint"}, "ruff"]
lint = [
  "ruff",
]
"""


def test_pep621_and_pep735_at_their_own_lines() -> None:
    assert where(declared("pyproject.toml", PYPROJECT)) == [
        ("click", ">=8", 4, 5),
        ("sqlalchemy", "==2.0", 5, 5),
        ("pandas", "", 5, 62),
        ("pkg", "", 6, 5),
        ("scikit-learn", "==1.4", 10, 7),
        ("pytest", ">=8", 13, 8),
        ("ruff", "", 13, 47),
        ("ruff", "", 15, 3),
    ]
    (sqla,) = [d for d in declared("pyproject.toml", PYPROJECT) if d.name == "sqlalchemy"]
    assert sqla.marker == 'python_version >= "3.10"'


def test_a_string_written_twice_is_found_at_each_place() -> None:
    text = '[project]\nname = "dependencies"\ndependencies = ["x", "x"]\n'
    assert [(d.line, d.col) for d in declared("pyproject.toml", text)] == [(3, 17), (3, 22)]


POETRY = """\
[tool.poetry]
name = "x"

[tool.poetry.dependencies]
python = "^3.10"
pandas = "^2.0"
"SQLAlchemy" = {version = "~2.0.1", extras = ["asyncio"]}
numpy = [
    {version = "<2", markers = "sys_platform == 'win32'"},
    {version = "2.1.*", markers = "sys_platform != 'win32'"},
]

[tool.poetry.group.dev.dependencies]
pytest = "8.1"
"""


def test_poetry_keys_tables_and_lists() -> None:
    assert where(declared("pyproject.toml", POETRY)) == [
        ("pandas", ">=2.0,<3", 6, 1),
        ("sqlalchemy", ">=2.0.1,<2.1", 7, 1),
        ("numpy", "<2", 9, 5),
        ("numpy", "==2.1.*", 10, 5),
        ("pytest", "==8.1", 14, 1),
    ]


def test_poetry_constraints_as_pep440() -> None:
    assert poetry_spec("^1.2.3") == ">=1.2.3,<2"
    assert poetry_spec("^0.2.3") == ">=0.2.3,<0.3"
    assert poetry_spec("~1") == ">=1,<2"
    assert poetry_spec(">= 1.0, < 2") == ">=1.0,<2"
    assert poetry_spec("*") == ""


def test_positions_of_nested_tables() -> None:
    text = '[[package]]\nname = "a"\n\n[[package]]\nname = "b"\n[package.metadata]\nx = [1.5]\n'
    found = positions(text)
    assert found[("package", 1, "name")] == (5, 1)
    assert found[("package", 1, "metadata", "x", 0)] == (7, 6)


def test_setup_cfg_and_requirements() -> None:
    cfg = "[options]\ninstall_requires =\n    click\n    pandas>=2; os_name == 'nt'\n"
    assert where(declared("setup.cfg", cfg)) == [("click", "", 3, 5), ("pandas", ">=2", 4, 5)]
    req = (
        "  numpy==1.26 \\\n    --hash=sha256:abc\n"
        "-e git+https://example.com/pandas.git#egg=pandas\nrequests[socks]>=2 # c\n"
    )
    assert where(declared("requirements.txt", req)) == [
        ("numpy", "==1.26", 1, 3),
        ("pandas", "", 3, 1),
        ("requests", ">=2", 4, 1),
    ]


RULE = """
- id: no-pandas-dep
  kind: forbidden-dependency
  message: core must not depend on pandas
  packages: [pandas]
"""


def test_includes_outside_the_repository_are_not_read() -> None:
    asked: list[str] = []

    def read(path: str) -> bytes:
        asked.append(path)
        return b"pandas\n"

    text = "-r ../../x.txt\n-r /etc/requirements.txt\n-r sub/../../y.txt\n-r ok.txt\n"
    found = manifest(SourceFile("r", "requirements.txt", text.encode()), read)
    assert asked == ["ok.txt"]
    assert [(s.line, s.reason) for s in found.skipped] == [
        (1, "outside the repository: not read"),
        (2, "outside the repository: not read"),
        (3, "outside the repository: not read"),
    ]
    findings = check(config(RULE), {"requirements.txt": "-r ../../x.txt\n"})
    assert [(f.rule, f.severity, f.line) for f in findings] == [("wsguard/skipped", "warning", 1)]
    assert "outside the repository" in findings[0].message


def test_includes_through_a_symlink_out_of_the_repository(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("sqlalchemy==1.0  # secret line\n", encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "link").symlink_to(outside)
    (repo / "ok.txt").write_text("x\n", encoding="utf-8")
    view = DiskView("r", repo)
    assert view.read("link/secret.txt") is None
    assert view.read("../outside/secret.txt") is None
    assert view.read(str(outside / "secret.txt")) is None
    assert view.read("ok.txt") == b"x\n"


SQLA = """
- id: one-sqlalchemy
  kind: consistent-dependency
  message: one SQLAlchemy version
  packages: [SQLAlchemy]
"""


def test_consistency_never_quotes_a_file_outside_the_repository() -> None:
    repos = {
        "meridian-core": {"requirements.txt": "sqlalchemy==2.0.30\n-r ../../secret.txt\n"},
        "meridian-trading": {"requirements.txt": "sqlalchemy==2.0.25\n"},
    }
    found = workspace(config(SQLA), "meridian-core", repos)
    assert sorted((f.rule, f.line) for f in found) == [
        ("one-sqlalchemy", 1),
        ("wsguard/skipped", 2),
    ]


def test_packaging_is_imported_only_for_manifests() -> None:
    code = """
import sys
from tests.rules.helpers import check, config
from wsguard.rules.config import load_config
from pathlib import Path
cfg = load_config(Path("rules.yaml"))
# validating the rules canonicalises names; the hook reads compiled rules instead
for name in [m for m in sys.modules if m.split(".")[0] == "packaging"]:
    del sys.modules[name]
check(cfg, {"src/a.py": "import os\\n", "pyproject.toml": "[project]\\nname = 'x'\\n"})
assert "packaging" not in sys.modules, "imported for a clean commit"
check(cfg, {"requirements.txt": "pandas\\n"})
assert "packaging" in sys.modules
"""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
