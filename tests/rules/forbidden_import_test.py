from __future__ import annotations

import textwrap

import pytest

from tests.rules.helpers import check, config, lines

RULE = """
- id: no-pandas
  kind: forbidden-import
  message: core is domain-agnostic
  repos: [meridian-core]
  modules: [pandas]
"""
PATH = "src/meridian_core/stats/mean.py"


def hits(code: str, rule: str = RULE, path: str = PATH, repo: str = "meridian-core") -> list[int]:
    return lines(check(config(rule), {path: textwrap.dedent(code)}, repo=repo), "no-pandas")


@pytest.mark.parametrize(
    "code",
    [
        "import pandas",
        "import pandas as pd",
        "import pandas.io.formats as fmt",
        "import os, pandas",
        "from pandas import DataFrame",
        "from pandas.io import json",
        "from pandas.core.frame import *",
        "from pandas import (\n    DataFrame,\n    Series,\n)",
        "def f():\n    import pandas",
        "class A:\n    import pandas",
        "try:\n    import pandas\nexcept ImportError:\n    pandas = None",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pandas",
        "import typing\nif typing.TYPE_CHECKING:\n    from pandas import DataFrame",
        "__import__('pandas')",
        "import importlib\nimportlib.import_module('pandas.io')",
        "from importlib import import_module\nimport_module('pandas')",
        "async def f():\n    async with x:\n        import pandas",
        "match x:\n    case 1:\n        import pandas",
        "while True:\n    with open('f') as f:\n        import pandas",
    ],
)
def test_every_import_form_matches(code: str) -> None:
    found = hits(code)
    assert len(found) == 1, found


def test_reported_line_is_the_statement_line() -> None:
    code = "x = 1\nfrom pandas import (\n    DataFrame,\n)\nimport os, pandas, pandas.io\n"
    assert hits(code) == [2, 5, 5]


@pytest.mark.parametrize(
    "code",
    [
        "import pandas_extras",
        "from pandas_extras import pandas",
        "import mypandas",
        "x = 'import pandas'",
        "# import pandas",
        '"""\nimport pandas\n"""',
        "def f():\n    '''from pandas import DataFrame'''",
        "import numpy as pandas",
        "from . import pandas_tools",
        "importlib.import_module(name)",
        "__import__(f'pandas')",
        "other.import_module('pandas')",
    ],
)
def test_non_matches(code: str) -> None:
    assert hits(code) == []


def test_type_checking_allowed_when_the_rule_says_so() -> None:
    rule = RULE + "  type_checking: allow\n"
    code = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import pandas\nelse:\n    import pandas\n"
    )
    assert hits(code, rule) == [5]


def test_submodule_rule_matches_from_import_of_the_submodule() -> None:
    rule = RULE.replace("[pandas]", "[pandas.io]")
    assert hits("from pandas import io", rule) == [1]
    assert hits("import pandas.io.json", rule) == [1]
    assert hits("import pandas", rule) == []
    assert hits("from pandas import DataFrame", rule) == []


def test_relative_imports_resolve_against_the_package() -> None:
    rule = RULE.replace("[pandas]", "[meridian_core.legacy]")
    assert hits("from ..legacy import thing", rule) == [1]
    assert hits("from .. import legacy", rule) == [1]
    assert hits("from . import legacy", rule) == []  # meridian_core.stats.legacy
    assert hits("from ...x import y", rule) == []  # beyond the top level: unresolvable


def test_relative_imports_in_a_package_init() -> None:
    rule = RULE.replace("[pandas]", "[meridian_core.legacy]")
    assert hits("from .legacy import x", rule, path="src/meridian_core/__init__.py") == [1]


def test_package_chain_from_init_files_when_the_file_list_is_known() -> None:
    rule = RULE.replace("[pandas]", "[lib.legacy]")
    files = {"lib/pkg/mod.py": "from ..legacy import x\n"}
    init_files = {"lib/__init__.py", "lib/pkg/__init__.py", "lib/pkg/mod.py"}
    assert lines(check(config(rule), files, all_paths=init_files)) == [1]
    # without lib/__init__.py, pkg is the top-level package: `..` goes beyond it
    assert lines(check(config(rule), files, all_paths={"lib/pkg/__init__.py"})) == []


def test_other_repos_and_non_python_files_are_not_checked() -> None:
    assert hits("import pandas", repo="meridian-research") == []
    assert hits("import pandas", path="docs/notes.md") == []


def test_pyi_files_are_checked() -> None:
    assert hits("import pandas", path="src/meridian_core/x.pyi") == [1]


def test_fingerprint_ignores_unrelated_line_moves_and_numbers_repeats() -> None:
    cfg = config(RULE)
    before = check(cfg, {PATH: "import pandas\ndef f():\n    import pandas\n"})
    after = check(cfg, {PATH: "import os\n\n\nimport pandas\ndef f():\n    import pandas\n"})
    assert [f.fingerprint for f in before] == [f.fingerprint for f in after]
    assert len({f.fingerprint for f in before}) == 2


def test_finding_carries_rule_metadata() -> None:
    rule = RULE + "  decision: ADR-001\n  remediation: move it\n"
    (finding,) = check(config(rule), {PATH: "import os\nimport pandas as pd\n"})
    assert finding[:6] == ("no-pandas", "meridian-core", PATH, 2, 1, "error")
    assert finding.decision == "ADR-001"
    assert finding.remediation == "move it"
    assert finding.issue_type == "code_creep"
    assert "import pandas as pd" in finding.message


def test_prefilter_skips_files_without_the_name() -> None:
    # a syntax error is only noticed when the file has to be parsed
    assert check(config(RULE), {PATH: "def (:\n"}) == []
    (warning,) = check(config(RULE), {PATH: "import pandas\ndef (:\n"})
    assert warning.rule == "wsguard/unreadable"
    assert warning.severity == "warning"


@pytest.mark.parametrize(
    "data",
    [
        "import ｐａｎｄａｓ\n".encode(),  # Python reads identifiers NFKC-normalised
        "from ｐａｎｄａｓ import DataFrame\n".encode(),
        "__ｉｍｐｏｒｔ__('pandas')\n".encode(),
        b"# -*- coding: utf-7 -*-\nimport +AHAAYQBuAGQAYQBz-\n",  # "import pandas" in UTF-7
        b"#!/usr/bin/env python\n# vim: set fileencoding=utf-7 :\nimport +AHAAYQBuAGQAYQBz-\n",
    ],
)
def test_prefilter_sees_what_python_reads(data: bytes) -> None:
    (finding,) = check(config(RULE), {PATH: data})
    assert finding.rule == "no-pandas" and finding.line in (1, 2, 3)


def test_declared_encoding_follows_pep_263() -> None:
    from wsguard.rules.source import declared_encoding

    assert declared_encoding(b"# coding: latin-1\n") == "latin-1"
    assert declared_encoding(b"#!/bin/python\n# -*- coding: utf-7 -*-\n") == "utf-7"
    assert declared_encoding(b"import os\n# coding: utf-7\n") is None  # too late
    assert declared_encoding(b"x = 'coding: utf-7'\n") is None
    latin = b"# coding: latin-1\nname = '\xe9'\nimport pandas\n"
    (finding,) = check(config(RULE), {PATH: latin})
    assert finding.line == 3
