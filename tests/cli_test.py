from __future__ import annotations

from click.testing import CliRunner

from wsguard.cli import cli
from wsguard.version import __version__


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command" in result.output


def test_a_mistyped_command_gets_a_suggestion() -> None:
    result = CliRunner().invoke(cli, ["repot"])
    assert result.exit_code == 2
    assert "Did you mean 'report'?" in result.output
