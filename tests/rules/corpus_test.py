"""Every malformed rules file gives its expected message and exit 2 through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from wsguard.cli import cli

CORPUS = Path(__file__).parent.parent / "data" / "bad" / "rules"
CASES = sorted(CORPUS.glob("*.yaml"))


def test_corpus_is_big_enough() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_rules_file(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    result = CliRunner().invoke(cli, ["--rules", str(path), "rules", "check"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output
    for fragment in filter(None, expected):
        fragment = fragment.replace(f"{path.name}:", f"{path}:")
        assert fragment in result.output, result.output


def test_enormous_file(tmp_path: Path) -> None:
    big = tmp_path / "rules.yaml"
    big.write_text("version: 1\nrules: []\n" + "#" * (2 << 20), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--rules", str(big), "rules", "check"])
    assert result.exit_code == 2
    assert "expected a rules file under" in result.output


def test_good_rules_file_of_the_project() -> None:
    rules = Path(__file__).parents[2] / "rules.yaml"
    result = CliRunner().invoke(cli, ["--rules", str(rules), "rules", "check"])
    assert result.exit_code == 0, result.output
    assert "OK, 7 rules" in result.output
