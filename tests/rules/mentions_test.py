"""``only_in_text``: a banned name in docstrings and comments only, or maybe in code.

The engine is the reference: whenever ``only_in_text`` says text only, the
engine's parse finds no import of the name (written cases, and a sample of the
standard library).
"""

from __future__ import annotations

import ast
import sysconfig
from pathlib import Path

import pytest

from wsguard.rules import source
from wsguard.rules.mentions import MAX_BYTES, mentions, only_in_text
from wsguard.rules.pyimports import find_imports

PANDAS = [b"pandas"]


def _text_only(text: str, names: list[bytes] = PANDAS) -> bool:
    return only_in_text("src/pkg/a.py", text.encode(), names)


def test_mentions_finds_whole_identifiers_only() -> None:
    assert mentions(b"import pandas as pd", b"pandas")
    assert mentions(b"x.pandas", b"pandas") and mentions(b"pandas", b"pandas")
    assert not mentions(b"import pandas_compat, mypandas", b"pandas")


TEXT_ONLY = [
    '"""Works without pandas."""\n',
    '"""Works without\npandas."""\nimport os\n',
    "# pandas would be faster here\nx = 1  # pandas\n",
    'def f() -> None:\n    """No pandas: lists."""\n\n\nclass C:\n    """Nor pandas."""\n',
    "x = 1\n'''pandas, a string standing alone'''\n",
    '"""pandas"""\nimport pandas_compat\nfrom mypandas import pandas_x\n',
    '"""pandas"""\nx = "pandas_compat"\n',  # a look-alike in a string
]


@pytest.mark.parametrize("text", TEXT_ONLY)
def test_text_only(text: str) -> None:
    assert _text_only(text)


MAYBE_CODE = [
    "import pandas\n",
    '"""pandas"""\nimport pandas.io as pio\n',
    '"""pandas"""\nfrom pandas import DataFrame\n',
    '"""pandas"""\ndef f():\n    import pandas\n',
    '"""pandas"""\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pandas\n',
    '"""pandas"""\nimport importlib\nimportlib.import_module("pandas")\n',
    '"""pandas"""\n__import__("pandas.io")\n',
    '"""pandas"""\n__import__("pan" "das")\n',  # the value counts, not the bytes
    '"""pandas"""\n__import__("\\x70andas")\n',
    '"""pandas"""\nmessage = "needs pandas"\n',  # any other string: it might be imported
    '"""pandas"""\nf"{pandas}"\n',
    '"""pandas"""\nf"pandas {x}"\n',  # an f-string alone runs its parts
    '"""pandas"""\nb"pandas"\n',
    '"""pandas"""\npandas = 1\n',
    '"""pandas"""\nx.pandas\n',
    '"""pandas"""\ndef f(pandas): ...\n',
    '"""pandas"""\ndef pandas(): ...\n',
    '"""pandas"""\nclass pandas: ...\n',
    '"""pandas"""\nf(pandas=1)\n',
    '"""pandas"""\ntry:\n    pass\nexcept E as pandas:\n    pass\n',
    '"""pandas"""\nmatch x:\n    case {"k": 1, **pandas}:\n        pass\n',
    '"""pandas"""\ndef f():\n    global pandas\n',
    '"""pandas"""\nx: "pandas.DataFrame"\n',
    '"""pandas"""\ndef f(\n',  # a syntax error: the engine reports it
    '"""pandas"""\nx = 1if True else 2\n',  # a SyntaxWarning the engine's parse prints
    '"""pandas \\d"""\n',  # an invalid escape: a DeprecationWarning (3.12: SyntaxWarning)
    '"""pandas"""\nx = 1\x00\n',
    '"""pandas é"""\n',  # not ASCII: the engine normalises such a file first
]


@pytest.mark.parametrize("text", MAYBE_CODE)
def test_maybe_code(text: str) -> None:
    assert not _text_only(text)


def test_each_name_counts() -> None:
    text = '"""pandas and numpy"""\nimport numpy\n'
    assert _text_only(text, [b"pandas"])
    assert not _text_only(text, [b"numpy"]) and not _text_only(text, [b"pandas", b"numpy"])


def test_larger_files_are_left_to_the_engine() -> None:
    assert MAX_BYTES <= source.MAX_TEXT_BYTES
    assert not _text_only('"""pandas"""\n' + "x = 1\n" * (MAX_BYTES // 6))


def test_a_warning_is_not_printed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.warns(SyntaxWarning):  # what the engine's parse does
        ast.parse("x = 1if True else 2\n")
    assert not _text_only('"""pandas"""\nx = 1if True else 2\n')
    assert capsys.readouterr() == ("", "")


def _imported_tops(tree: ast.Module) -> set[str]:
    return {ref.module.partition(".")[0] for ref in find_imports(tree, None, True)}


def test_real_code_agrees_with_the_engine() -> None:
    """A fixed sample of the standard library: for each of these words a file holds,
    text only means that the engine finds no import of it."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(stdlib.glob("*.py"))[::3] + sorted(stdlib.glob("email/*.py"))[::2]
    words = [b"os", b"sys", b"re", b"io", b"time", b"json", b"typing", b"warnings", b"types"]
    checked = text_only = 0
    for path in files:
        data = path.read_bytes()
        if len(data) > 40_000 or not data.isascii():
            continue  # (kept quick)
        try:
            imported = _imported_tops(ast.parse(data))
        except SyntaxError:
            continue
        for word in (w for w in words if mentions(data, w)):
            checked += 1
            if only_in_text(str(path), data, [word]):
                text_only += 1
                assert word.decode() not in imported, (path, word)
    assert checked > 80 and text_only > 15, (checked, text_only)
