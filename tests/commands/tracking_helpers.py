"""Running tracking commands through the CLI in tests."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner, Result

from wsguard.cli import cli


def run(url: str, *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert result.exit_code == code, (args, result.output)
    return result


def data(url: str, *args: str) -> Any:
    """The ``data`` of a ``--json`` command, checking the envelope is all it printed."""
    doc = json.loads(run(url, *args, "--json").stdout)
    assert set(doc) == {"schema_version", "data"} and doc["schema_version"] == 1
    return doc["data"]
