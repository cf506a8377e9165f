"""TOML for manifests and lockfiles: :func:`load`, and where each value is written.

:func:`positions` maps the path of every key and array item (``("project",
"dependencies", 2)``, ``("package", 0, "name")``) to the line and column where
it starts: the key of a ``key = value`` pair, the value of an array item. The
text has already been parsed by ``tomllib``, so the walker trusts its syntax.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any, NamedTuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

Path = tuple["str | int", ...]

_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t]+) | (?P<comment>\#[^\n]*) | (?P<nl>\r?\n)
    | (?P<mstr>\"\"\"(?:[^\\]|\\.)*?\"\"\"\"{0,2}) | (?P<mlit>'''.*?''''{0,2})
    | (?P<str>"(?:[^"\\\n]|\\.)*") | (?P<lit>'[^'\n]*')
    | (?P<punct>[\[\]{}=,.])
    | (?P<bare>[^\s\[\]{}=,.\#"']+)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def load(text: str) -> dict[str, Any]:
    """``tomllib.loads``; its errors are ValueError (reported as an unreadable file)."""
    data: dict[str, Any] = tomllib.loads(text)
    return data


class Token(NamedTuple):
    kind: str  # nl | str | punct | bare (strings decoded when they may be keys)
    value: str
    line: int
    col: int


def _unescape(body: str) -> str:
    def one(match: re.Match[str]) -> str:
        text = match.group(0)
        if text[1] in "uU":
            return chr(int(text[2:], 16))
        return _ESCAPES.get(text[1], text)

    return re.sub(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", one, body)


def tokens(text: str) -> Iterator[Token]:
    line, start = 1, 0
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup or "", match.group(0)
        col = match.start() - start + 1
        if kind == "str":
            yield Token("str", _unescape(value[1:-1]), line, col)
        elif kind == "lit":
            yield Token("str", value[1:-1], line, col)
        elif kind in ("mstr", "mlit"):
            yield Token("str", value, line, col)  # never a key: left undecoded
        elif kind in ("punct", "bare", "nl"):
            yield Token(kind, value, line, col)
        newlines = value.count("\n")
        if newlines:
            line += newlines
            start = match.start() + value.rindex("\n") + 1


class _Walker:
    def __init__(self, text: str) -> None:
        self.toks = [t for t in tokens(text)]
        self.i = 0
        self.out: dict[Path, tuple[int, int]] = {}
        self.tables: dict[Path, int] = {}  # array-of-tables path -> items so far

    def peek(self) -> Token | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def next(self) -> Token:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def skip_newlines(self) -> None:
        while (tok := self.peek()) is not None and tok.kind == "nl":
            self.i += 1

    def key(self) -> list[str]:
        parts = [self.next().value]
        while (tok := self.peek()) is not None and tok.value == "." and tok.kind == "punct":
            self.i += 1
            parts.append(self.next().value)
        return parts

    def resolve(self, keys: list[str]) -> Path:
        """A header's keys, with the current index of each array of tables on the way."""
        path: Path = ()
        for name in keys:
            path = (*path, name)
            if path in self.tables:
                path = (*path, self.tables[path] - 1)
        return path

    def value(self, path: Path) -> None:
        tok = self.next()
        if tok.value == "[" and tok.kind == "punct":
            index = 0
            while True:
                self.skip_newlines()
                tok2 = self.peek()
                if tok2 is None or (tok2.kind == "punct" and tok2.value == "]"):
                    self.i += 1
                    return
                if tok2.kind == "punct" and tok2.value == ",":
                    self.i += 1
                    continue
                item = (*path, index)
                self.out[item] = (tok2.line, tok2.col)
                self.value(item)
                index += 1
        if tok.value == "{" and tok.kind == "punct":
            while (tok2 := self.peek()) is not None:
                if tok2.kind == "punct" and tok2.value == "}":
                    self.i += 1
                    return
                if tok2.kind in ("nl", "punct"):  # commas (and newlines, TOML 1.1)
                    self.i += 1
                    continue
                self.pair(path)
            return
        # the rest of a scalar: 1.5 and date-times are several tokens
        while (tok2 := self.peek()) is not None and (tok2.kind == "bare" or tok2.value == "."):
            self.i += 1

    def pair(self, table: Path) -> None:
        first = self.peek()
        assert first is not None
        keys = self.key()
        path = (*table, *keys)
        self.out[path] = (first.line, first.col)
        self.i += 1  # '='
        self.value(path)

    def walk(self) -> dict[Path, tuple[int, int]]:
        table: Path = ()
        while (tok := self.peek()) is not None:
            if tok.kind == "nl":
                self.i += 1
            elif tok.kind == "punct" and tok.value == "[":
                self.i += 1
                array = self.peek() is not None and self.toks[self.i].value == "["
                self.i += array
                keys = self.key()
                self.i += 1 + array  # ']' or ']]'
                if array:
                    parent = self.resolve(keys[:-1])
                    whole = (*parent, keys[-1])
                    self.tables[whole] = self.tables.get(whole, 0) + 1
                    table = (*whole, self.tables[whole] - 1)
                else:
                    table = self.resolve(keys)
                self.out.setdefault(table, (tok.line, tok.col))
            else:
                self.pair(table)
        return self.out


def positions(text: str) -> dict[Path, tuple[int, int]]:
    """Line and column (1-based) of every key and array item of a valid TOML ``text``."""
    try:
        return _Walker(text).walk()
    except (IndexError, AssertionError):  # not expected for text tomllib accepted
        return {}
