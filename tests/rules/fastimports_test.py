"""``fast_imports`` gives what ``find_imports(ast.parse(…))`` gives, or None.

``ast`` is the reference: every case is compared with it, on written cases and
on a sample of real code (the standard library and installed packages).
"""

from __future__ import annotations

import ast
import sysconfig
from pathlib import Path

import pytest

from wsguard.rules.fastimports import fast_imports
from wsguard.rules.pyimports import ImportRef, find_imports

PACKAGE = "pkg.sub"


def _dynamic(text: str) -> bool:
    return "__import__" in text or "import_module" in text  # as SourceFile decides


def reference(text: str) -> list[ImportRef]:
    return find_imports(ast.parse(text), PACKAGE, _dynamic(text))


def agree(text: str) -> list[ImportRef]:
    """The fast reading of ``text``, asserted equal to ast's (never None)."""
    fast = fast_imports(text, PACKAGE, _dynamic(text))
    assert fast is not None, "expected the fast path to read this"
    assert fast == reference(text)
    return fast


HANDLED = {
    "docstring and comments": (
        '"""import os\nfrom x import y\n"""\n'
        "# import sys\n"
        "x = 'import re'  # from a import b\n"
        "import json\n"
    ),
    "strings of every kind": (
        "a = r'\\'import os'\n"
        'b = b"import \\" sys"\n'
        "c = '''x\n'import abc'\n'''\n"
        'd = """\\"""import re"""\n'
        "e = f'{x!r} import io'\n"
        "f = rb'\\\\'; import csv\n"
    ),
    "backslash-newline in a string": "s = 'a\\\nimport os'\nimport sys\n",
    "line continuation in code": (
        "x = 1 + \\\n    2\nfrom a \\\n    import b\nimport c, \\\n    d\n"
    ),
    "relative": "from . import x\nfrom .mod import y as z\nfrom .. import w\n",
    "wrapped names with a comment": "from .. import (a,\n    b as c,  # why (really)\n)  # done\n",
    "too many dots": "from .... import x\nimport ok\n",
    "import as, several": "import a.b as c, d\nimport e . f\n",
    "star": "from os.path import *\n",
    "after a semicolon": "x = 1; import os\nimport a; import b\n",
    "one-line compound statements": (
        "try: import simplejson as json\nexcept ImportError: import json\n"
        "if x: from a import b\nelse: import c\n"
    ),
    "nested functions and classes": (
        "def f():\n    import a\n    class C:\n        from b import c\n    return 1\nimport d\n"
    ),
    "TYPE_CHECKING": (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import a\n\n    # a comment at column 0 next:\n# x\n"
        "    from b import c\nimport d\n"
    ),
    "TYPE_CHECKING on one line": "if TYPE_CHECKING: import a; import b\nimport c\n",
    "typing.TYPE_CHECKING, else, elif": (
        "import typing\n"
        "if typing.TYPE_CHECKING:  # for mypy\n    import a\nelse:\n    import b\n"
        "if x:\n    import c\nelif TYPE_CHECKING:\n    import d\nelse:\n    import e\n"
    ),
    "nested TYPE_CHECKING": (
        "if TYPE_CHECKING:\n"
        "    if x:\n        import a\n    else:\n        import b\n"
        "    if TYPE_CHECKING:\n        import c\n    else:\n        import d\n"
        "    import e\n"
        "import f\n"
    ),
    "TYPE_CHECKING block with a string and brackets at column 0": (
        'if TYPE_CHECKING:\n    x = """\nimport no\n"""\n    y = [\n1,\n]\n    import a\nimport b\n'
    ),
    "TYPE_CHECKING that is no if test": (
        "TYPE_CHECKING = False\n"
        "if not TYPE_CHECKING:\n    import a\n"
        "if TYPE_CHECKING or x:\n    import b\n"
        "if (TYPE_CHECKING):\n    import c\n"
        "y = 1 if TYPE_CHECKING else 2\n"
        "z = f(TYPE_CHECKING)\n"
    ),
    "try/except ImportError": (
        "try:\n    import ujson as json\nexcept ImportError:  # pragma: no cover\n"
        "    import json\nfinally:\n    import gc\n"
    ),
    "non-ASCII names": "from données import café as é\nimport 模块\nx = 'ü'; import os\n",
    "CRLF": "import a\r\nif TYPE_CHECKING:\r\n    import b\r\nimport c\r\n",
    "old Mac line ends": "import a\rimport b\r",
    "tabs": "if TYPE_CHECKING:\n\timport a\n\tif x:\n\t\timport b\nimport c\n",
    "no newline at the end": "import a\nfrom b import (c)",
    "dynamic imports": (
        "import importlib\n"
        "m = importlib.import_module('a.b')\n"
        "n = __import__('c', fromlist=['d'])\n"
        "o = importlib.import_module(name)\n"
        "p = import_module('.rel', 'pkg')\n"
        "q = x.importlib.import_module('no')\n"
        "r = __import__(\n    'e'\n)\n"
        "# __import__('not code')\n"
        "s = '__import__(\"not code\")'\n"
        "def import_module(name: str = 'x') -> None: ...\n"
        "handler = {'f': import_module}\n"
    ),
    "dynamic import under TYPE_CHECKING": "if TYPE_CHECKING:\n    m = __import__('a')\n",
    "identifiers holding the words": (
        "reimport = imports = important = 1\nmy_import_module = __import__x = TYPE_CHECKING_X = 2\n"
        "import_thing = 3\nimport os\n"
    ),
}


@pytest.mark.parametrize("name", sorted(HANDLED))
def test_same_as_ast(name: str) -> None:
    agree(HANDLED[name])


def test_what_the_cases_find() -> None:
    refs = agree(HANDLED["TYPE_CHECKING"])
    assert [(r.module, r.type_checking) for r in refs] == [
        ("typing", False),
        ("a", True),
        ("b", True),
        ("d", False),
    ]
    refs = agree(HANDLED["wrapped names with a comment"])
    assert refs == [ImportRef("pkg", ("a", "b"), 1, 1, "from .. import a, b as c", False, "from")]
    assert [r.module for r in agree(HANDLED["docstring and comments"])] == ["json"]
    refs = agree(HANDLED["dynamic imports"])
    assert [(r.module, r.kind) for r in refs if r.kind == "dynamic"] == [
        ("a.b", "dynamic"),
        ("c", "dynamic"),
        ("e", "dynamic"),
    ]
    ref = agree("x = 'é'; import os\n")[0]
    assert (ref.line, ref.col) == (1, 11)  # ast counts columns in UTF-8 bytes


UNSURE = {
    "unterminated string": "x = 'abc\nimport os\n",
    "header over several lines": "if (\n    TYPE_CHECKING\n):\n    import a\n",
    "a call hidden in an f-string": "x = f\"{__import__('os')}\"\n",
    "a name Python normalises": "__ｉｍｐｏｒｔ__('pandas')\n",
    "backslash at the end of a comment": "x = 1  # C:\\\nimport os\n",
}


@pytest.mark.parametrize("name", sorted(UNSURE))
def test_unsure_gives_none_or_the_same(name: str) -> None:
    text = UNSURE[name]
    fast = fast_imports(text, PACKAGE, _dynamic(text))
    try:
        expected = reference(text)
    except SyntaxError:
        assert fast is None
        return
    assert fast is None or fast == expected


def test_only_some_packages() -> None:
    text = HANDLED["relative"] + "import typing, os.path as p\nfrom typing import Any\n"
    assert fast_imports(text, PACKAGE, only={"typing"}) == [
        ImportRef("typing", (), 4, 1, "import typing", False, "import"),
        ImportRef("typing", ("Any",), 5, 1, "from typing import Any", False, "from"),
    ]
    relative = fast_imports(text, PACKAGE, only={"pkg"})
    assert relative is not None and [r.module for r in relative] == [
        "pkg.sub",
        "pkg.sub.mod",
        "pkg",
    ]


def test_a_syntax_error_elsewhere_is_not_seen() -> None:
    """The trade of the fast path (docs/rules.md): it reads imports, not the rest."""
    assert fast_imports("import os\ndef (:\n", None) == [
        ImportRef("os", (), 1, 1, "import os", False, "import")
    ]


ONLY = (frozenset({"typing"}), frozenset({"os", "pkg", "sqlalchemy", "collections"}))


def _sample(root: Path, every: int) -> list[Path]:
    files = sorted(p for p in root.rglob("*.py") if "test" not in p.name)
    return files[::every]


def test_real_code_reads_the_same() -> None:
    """A fixed sample of the standard library and installed packages: every file ast
    parses reads the same, or the fast path declines it (rarely)."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    site = Path(sysconfig.get_paths()["purelib"])
    files = _sample(stdlib, 30)
    for package in ("sqlalchemy", "click", "_pytest", "yaml", "alembic"):
        if (site / package).is_dir():
            files += _sample(site / package, 6)
    compared = declined = dynamic = checking = 0
    for path in files:
        try:
            text = path.read_bytes().decode("utf-8")
            tree = ast.parse(text)
        except (UnicodeDecodeError, SyntaxError, ValueError):
            continue
        expected = find_imports(tree, PACKAGE, _dynamic(text))
        fast = fast_imports(text, PACKAGE, _dynamic(text))
        compared += 1
        dynamic += _dynamic(text)
        checking += any(r.type_checking for r in expected)
        if fast is None:
            declined += 1
            continue
        assert fast == expected, path
        for only in ONLY:  # what a rule about some packages reads
            wanted = [r for r in expected if r.module.partition(".")[0] in only]
            assert fast_imports(text, PACKAGE, _dynamic(text), only) in (None, wanted), path
    assert compared > 300
    assert dynamic > 5 and checking > 5, "the sample should hold the harder cases"
    assert declined / compared < 0.02, f"declined {declined} of {compared}"
