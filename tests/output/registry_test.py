"""The registry in wsguard/output/__init__.py: names, dispatch, errors, lazy imports."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from wsguard.errors import UsageError
from wsguard.output import FORMATS, render
from wsguard.values import CheckResult


def test_format_names() -> None:
    assert list(FORMATS) == ["text", "json", "sarif", "junit", "github"]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_renders_a_string_ending_in_newline(
    fmt: str, result: CheckResult, clean: CheckResult
) -> None:
    assert render(result, fmt) == FORMATS[fmt](result)
    assert render(result, fmt).endswith("\n")
    out = render(clean, fmt)
    assert out == "" or out.endswith("\n")


def test_colour_only_for_text(result: CheckResult) -> None:
    assert "\x1b[" in render(result, "text", color=True)
    assert render(result, "json", color=True) == render(result, "json")


def test_unknown_format_is_a_usage_error(result: CheckResult) -> None:
    with pytest.raises(UsageError, match=r"unknown output format 'xml'.*text, json, sarif"):
        render(result, "xml")


def test_text_loads_no_other_format() -> None:
    code = textwrap.dedent(
        """
        import sys
        from wsguard.values import CheckResult
        from wsguard.output import render
        render(CheckResult("repo", (), 1), "text")
        heavy = [m for m in sys.modules if m.startswith(("wsguard.output.", "xml"))]
        print(sorted(heavy))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "['wsguard.output.shared', 'wsguard.output.text']"
