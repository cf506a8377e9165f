from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import git
from wsguard.cli import cli
from wsguard.rules.config import load_config


def test_init_writes_a_valid_commented_rules_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("meridian-core", "meridian-trading"):
        (tmp_path / name).mkdir()
        git(tmp_path / name, "init", "-q")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert "meridian-core, meridian-trading" in result.output
    for command in ("wsguard rules check", "wsguard install", "wsguard scan"):
        assert command in result.output
    config = load_config(tmp_path / "rules.yaml")
    assert set(config.repos) == {"meridian-core", "meridian-trading"}
    assert "# " in (tmp_path / "rules.yaml").read_text(encoding="utf-8")
    again = CliRunner().invoke(cli, ["init"])
    assert again.exit_code == 2 and "--force" in again.output
    assert CliRunner().invoke(cli, ["init", "--force"]).exit_code == 0


def test_docs_name_every_kind_and_field() -> None:
    from wsguard.rules.kinds import KINDS

    text = (Path(__file__).parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    for name, kind in KINDS.items():
        assert f"### `{name}`" in text, name
        for field in kind.fields:
            assert f"| `{field}` |" in text, (name, field)
    assert "dependencies.md" in text
