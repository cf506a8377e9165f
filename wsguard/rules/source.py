"""One staged file, decoded and parsed at most once for all the rules that read it."""

from __future__ import annotations

import ast
from collections.abc import Callable
from functools import cached_property

from wsguard.rules.pyimports import Definition, ImportRef, definitions, find_imports

MAX_TEXT_BYTES = 8 << 20  # larger files are skipped with a warning, never parsed


def _nothing(path: str) -> bytes | None:
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
    ) -> None:
        self.repo = repo
        self.path = path
        self.data = data
        self.module = module  # dotted module name of the file, when it is in a package
        self.package = package  # the package relative imports resolve against
        # other files of the same check (e.g. a requirements file's -r includes)
        self.read_sibling: Callable[[str], bytes | None] = read_sibling or _nothing
        self.batch = batch  # paths checked together with this one

    @cached_property
    def _text(self) -> str | Unreadable:
        if len(self.data) > MAX_TEXT_BYTES:
            return Unreadable(
                f"file is {len(self.data) >> 20} MiB (limit {MAX_TEXT_BYTES >> 20} MiB)"
            )
        if b"\x00" in self.data:
            return Unreadable("binary file (contains NUL bytes)")
        try:
            return self.data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = self.data.count(b"\n", 0, exc.start) + 1
            return Unreadable(f"invalid UTF-8 (byte {self.data[exc.start]:#04x})", line)

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
        dynamic = b"__import__" in self.data or b"import_module" in self.data
        return find_imports(self.tree, self.package, dynamic)

    @cached_property
    def definitions(self) -> list[Definition]:
        return definitions(self.tree)
