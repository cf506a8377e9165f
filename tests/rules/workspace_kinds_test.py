"""required-file, consistent-dependency and synced-file: workspace-level kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.helpers import config, workspace
from wsguard.errors import ConfigError
from wsguard.rules.config import load_config_text

REQUIRED = """
- id: essentials
  kind: required-file
  message: every repo has a README and a LICENSE
  files: ["README*", LICENSE, pyproject.toml]
"""


def test_required_files() -> None:
    repos = {
        "meridian-core": {"README.md": "", "LICENSE": "", "pyproject.toml": ""},
        "meridian-trading": {"docs/README.md": "", "LICENSE.txt": "", "pyproject.toml": ""},
    }
    assert workspace(config(REQUIRED), "meridian-core", repos) == []
    found = workspace(config(REQUIRED), "meridian-trading", repos)
    assert sorted(f.path for f in found) == ["LICENSE", "README*"]
    assert {f.issue_type for f in found} == {"missing_component"}


SQLA = """
- id: one-sqlalchemy
  kind: consistent-dependency
  message: one SQLAlchemy version
  packages: [SQLAlchemy]
"""


def test_consistent_dependency_reports_the_committing_repo_only() -> None:
    repos = {
        "meridian-core": {"pyproject.toml": '[project]\ndependencies = ["sqlalchemy==2.0.30"]\n'},
        "meridian-trading": {"requirements.txt": "click\nSQLAlchemy == 2.0.25\n"},
        "meridian-research": {"setup.cfg": "[options]\ninstall_requires =\n  sqlalchemy==2.0.30\n"},
    }
    (core,) = workspace(config(SQLA), "meridian-core", repos)
    assert (core.path, core.line) == ("pyproject.toml", 2)
    assert "==2.0.25` in meridian-trading/requirements.txt" in core.message
    (trading,) = workspace(config(SQLA), "meridian-trading", repos)
    assert (trading.path, trading.line) == ("requirements.txt", 2)
    repos["meridian-trading"]["requirements.txt"] = "sqlalchemy==2.0.30\n"
    assert workspace(config(SQLA), "meridian-core", repos) == []


def test_consistent_dependency_with_a_required_version() -> None:
    rule = SQLA + "  version: '== 2.0.30'\n"
    repos = {"meridian-core": {"requirements.txt": "sqlalchemy>=2\n"}}
    (finding,) = workspace(config(rule), "meridian-core", repos)
    assert "expected `==2.0.30`" in finding.message


def test_consistent_dependency_suppression() -> None:
    repos = {
        "meridian-core": {
            "requirements.txt": "sqlalchemy<2  # wsguard: ignore[one-sqlalchemy] because m\n"
        },
        "meridian-trading": {
            "requirements.txt": "sqlalchemy==2.0.30  # wsguard: ignore[one-sqlalchemy] because x\n"
        },
    }
    assert workspace(config(SQLA), "meridian-core", repos) == []
    (unused,) = workspace(config(SQLA), "meridian-trading", repos) or [None]
    # trading's own pin differs from core's too, so its suppression is used
    assert unused is None


SYNCED = """
- id: same-editorconfig
  kind: synced-file
  message: .editorconfig is shared
  files: [.editorconfig]
"""


def test_synced_file_all_copies_agree() -> None:
    repos = {
        "meridian-core": {".editorconfig": "root = true\n"},
        "meridian-trading": {".editorconfig": "root = true\n"},
        "meridian-research": {".editorconfig": "root = false\n"},
    }
    (finding,) = workspace(config(SYNCED), "meridian-core", repos)
    assert "differs from meridian-research" in finding.message
    (finding,) = workspace(config(SYNCED), "meridian-research", repos)
    assert "meridian-core, meridian-trading" in finding.message


def test_synced_file_canonical_repo_and_file(tmp_path: Path) -> None:
    repos = {
        "meridian-core": {".editorconfig": "a\n"},
        "meridian-trading": {".editorconfig": "b\n"},
    }
    rule = SYNCED + "  canonical_repo: meridian-core\n"
    assert workspace(config(rule), "meridian-core", repos) == []
    assert len(workspace(config(rule), "meridian-trading", repos)) == 1
    (tmp_path / "editorconfig").write_text("b\n", encoding="utf-8")
    text = "version: 1\nrules:\n" + "\n".join(
        "  " + line for line in (SYNCED + "  canonical_file: editorconfig\n").strip().splitlines()
    )
    cfg = load_config_text(text, tmp_path / "rules.yaml")
    assert workspace(cfg, "meridian-trading", repos) == []
    assert len(workspace(cfg, "meridian-core", repos)) == 1


def test_synced_file_missing_canonical_file(tmp_path: Path) -> None:
    text = "version: 1\nrules:\n" + "\n".join(
        "  " + line for line in (SYNCED + "  canonical_file: nope\n").strip().splitlines()
    )
    with pytest.raises(ConfigError, match="cannot read"):
        load_config_text(text, tmp_path / "rules.yaml")
