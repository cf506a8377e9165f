"""One staged file, decoded and parsed at most once for all the rules that read it."""

from __future__ import annotations

import ast
import codecs
import re
from collections.abc import Callable
from functools import cached_property

from wsguard.rules.pyimports import Definition, ImportRef, definitions, find_imports

MAX_TEXT_BYTES = 8 << 20  # larger files are skipped with a warning, never parsed


# PEP 263: a coding declaration on line 1, or on line 2 below a comment or blank line.
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BLANK_OR_COMMENT = re.compile(rb"^[ \t\f]*(?:[#\r]|$)")


def _nothing(path: str) -> bytes | None:
    return None


def declared_encoding(data: bytes) -> str | None:
    """The encoding a Python file declares (``# -*- coding: utf-7 -*-``), as Python reads it."""
    if b"coding" not in data[:400]:  # both lines fit in far less, or carry no declaration
        return None
    lines = data.split(b"\n", 2)
    for number, line in enumerate(lines[:2]):
        match = _COOKIE.match(line)
        if match:
            return match.group(1).decode("ascii", "replace")
        if number == 0 and not _BLANK_OR_COMMENT.match(line):
            return None
    return None


class Unreadable(Exception):
    """The file cannot be read as the rule needs it; skipped with a warning finding."""

    def __init__(self, reason: str, line: int = 1, col: int = 1) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.col = col


class SourceFile:
    """Lazily decoded text, syntax tree, imports and definitions of one file.

    Each step runs once and its failure is remembered, so ten rules reading a
    broken file cost one attempt and yield one warning.
    """

    def __init__(
        self,
        repo: str,
        path: str,
        data: bytes,
        module: str | None = None,
        package: str | None = None,
        read_sibling: Callable[[str], bytes | None] | None = None,
        batch: frozenset[str] = frozenset(),
        fast: bool = False,
    ) -> None:
        self.repo = repo
        self.path = path
        self.data = data
        self.module = module  # dotted module name of the file, when it is in a package
        self.package = package  # the package relative imports resolve against
        # other files of the same check (e.g. a requirements file's -r includes)
        self.read_sibling: Callable[[str], bytes | None] = read_sibling or _nothing
        self.batch = batch  # paths checked together with this one
        # Find imports without parsing the whole file when possible (full scans):
        # faster, but a syntax error elsewhere in the file goes unreported.
        self.fast = fast
        self._imports_of: dict[frozenset[str], list[ImportRef]] = {}
        self._declined = False

    @cached_property
    def _text(self) -> str | Unreadable:
        if len(self.data) > MAX_TEXT_BYTES:
            return Unreadable(
                f"file is {len(self.data) >> 20} MiB (limit {MAX_TEXT_BYTES >> 20} MiB)"
            )
        if b"\x00" in self.data:
            return Unreadable("binary file (contains NUL bytes)")
        encoding = self._encoding
        if isinstance(encoding, Unreadable):
            return encoding
        try:
            return self.data.decode(encoding)
        except UnicodeDecodeError as exc:
            line = self.data.count(b"\n", 0, exc.start) + 1
            name = "UTF-8" if encoding == "utf-8-sig" else encoding
            return Unreadable(f"invalid {name} (byte {self.data[exc.start]:#04x})", line)

    @cached_property
    def _encoding(self) -> str | Unreadable:
        """The codec Python would decode the file with: its declared one, else UTF-8."""
        declared = None if self.data.startswith(codecs.BOM_UTF8) else declared_encoding(self.data)
        if declared is None:
            return "utf-8-sig"
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            return Unreadable(f"unknown encoding {declared!r} declared")
        return "utf-8-sig" if name == "utf-8" else name

    @cached_property
    def searchable(self) -> bytes | None:
        """What a byte pre-filter may search for an ASCII name and trust a miss.

        The file's own bytes when they are exactly what Python reads (ASCII, no
        other declared encoding). Otherwise its decoded text NFKC-normalised, as
        Python normalises identifiers (``ｐａｎｄａｓ`` is ``pandas``), in UTF-8;
        None when it cannot be decoded: then only a parse can tell.
        """
        if self.data.isascii() and self._encoding == "utf-8-sig":
            return self.data
        text = self._text
        if isinstance(text, Unreadable):
            return None
        import unicodedata  # only for the rare non-ASCII file

        return unicodedata.normalize("NFKC", text).encode("utf-8", "surrogateescape")

    @property
    def text(self) -> str:
        text = self._text
        if isinstance(text, Unreadable):
            raise text
        return text

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @cached_property
    def _tree(self) -> ast.Module | Unreadable:
        try:
            text = self.text
        except Unreadable as exc:
            return exc
        try:
            return ast.parse(text, filename=self.path, type_comments=False)
        except SyntaxError as exc:
            return Unreadable(f"syntax error: {exc.msg}", exc.lineno or 1, exc.offset or 1)
        except (RecursionError, MemoryError):
            return Unreadable("code too deeply nested to parse")
        except ValueError as exc:
            return Unreadable(f"cannot parse: {exc}")

    @property
    def tree(self) -> ast.Module:
        tree = self._tree
        if isinstance(tree, Unreadable):
            raise tree
        return tree

    @cached_property
    def imports(self) -> list[ImportRef]:
        """Every import of the file, with ``__import__("x")`` calls when the bytes mention them."""
        seen = self.searchable
        dynamic = seen is None or b"__import__" in seen or b"import_module" in seen
        if self.fast:
            found = self._fast_imports(None)
            if found is not None:
                return found
        return find_imports(self.tree, self.package, dynamic)

    def imports_of(self, tops: frozenset[str]) -> list[ImportRef]:
        """:attr:`imports` of modules in the top-level packages ``tops`` (in full scans,
        the other import statements are not read at all)."""
        if tops not in self._imports_of:
            found = None
            if self.fast and "imports" not in self.__dict__:
                found = self._fast_imports(tops)
            if found is None:
                found = [r for r in self.imports if r.module.partition(".")[0] in tops]
            self._imports_of[tops] = found
        return self._imports_of[tops]

    def _fast_imports(self, only: frozenset[str] | None) -> list[ImportRef] | None:
        text = self._text
        if isinstance(text, Unreadable) or self._declined:
            return None
        from wsguard.rules.fastimports import fast_imports  # full scans only

        seen = self.searchable
        dynamic = seen is None or b"__import__" in seen or b"import_module" in seen
        found = fast_imports(text, self.package, dynamic, only)
        self._declined = found is None  # then ast reads it: no second try
        return found

    @cached_property
    def definitions(self) -> list[Definition]:
        return definitions(self.tree)
