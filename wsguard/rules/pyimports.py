"""What a Python file imports and defines, read from its syntax tree.

Only syntax counts: text in strings, comments and docstrings never does.
Walks are iterative (``ast`` trees of generated code can be very deep).
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterable, Sequence
from typing import NamedTuple

_DYNAMIC_FUNCS = {"__import__", "import_module"}


class ImportRef(NamedTuple):
    """One imported module (per name of ``import a, b``; per statement of a from-import)."""

    module: str  # absolute dotted name; for a from-import the module imported from
    names: tuple[str, ...]  # names of a from-import ("*" for a star import), else ()
    line: int
    col: int
    statement: str  # normalised statement text, the fingerprint anchor
    type_checking: bool  # inside ``if TYPE_CHECKING:``
    kind: str  # "import" | "from" | "dynamic"

    def candidates(self) -> tuple[str, ...]:
        """The dotted names this import may bind: the module and, for a from-import, module.name."""
        return (self.module, *(f"{self.module}.{n}" for n in self.names if n != "*"))


class Definition(NamedTuple):
    kind: str  # "class" | "function"
    name: str
    line: int
    col: int


def resolve_relative(level: int, module: str | None, package: str | None) -> str | None:
    """The absolute name of ``from {'.' * level}{module} import …`` in ``package``.

    ``None`` when it cannot be resolved: no known package, or beyond the top level.
    Matches ``importlib.util.resolve_name`` for every case that does not raise.
    """
    if level == 0:
        return module or None
    if not package:
        return None
    parts = package.split(".")
    if level - 1 >= len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def module_for_path(
    path: str, source_roots: Sequence[str], all_paths: Collection[str] | None = None
) -> tuple[str | None, str | None]:
    """``(module, package)`` of a repo-relative ``.py`` path.

    With the repo's file list, the package chain is the run of folders holding
    ``__init__.py`` above the file (as Python and ruff see it); without it, the
    path below the longest matching source root (the repo root when none match).
    """
    parts = path.split("/")
    stem = parts[-1].rsplit(".", 1)[0]
    is_init = stem == "__init__"
    folders = parts[:-1]
    if all_paths is not None:
        top = len(folders)
        while top > 0 and "/".join([*folders[:top], "__init__.py"]) in all_paths:
            top -= 1
        pkg_parts = folders[top:]
        if not pkg_parts:
            return (None if is_init else stem), None
    else:
        pkg_parts = folders
        for root in sorted((r.strip("/") for r in source_roots), key=len, reverse=True):
            root_parts = root.split("/") if root else []
            if folders[: len(root_parts)] == root_parts:
                pkg_parts = folders[len(root_parts) :]
                break
    if not all(p.isidentifier() for p in pkg_parts):
        return None, None
    package = ".".join(pkg_parts) or None
    if is_init:
        return package, package
    module = f"{package}.{stem}" if package else stem
    return module, package


def is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


# The fields of statements (and except handlers, match cases) that hold statements.
_BLOCKS = ("body", "handlers", "orelse", "finalbody", "cases")


def _statement_nodes(tree: ast.Module, full: bool) -> Iterable[tuple[ast.AST, bool]]:
    """Yield ``(node, under_type_checking)``; statements only unless ``full``."""
    stack: list[tuple[ast.AST, bool]] = [(tree, False)]
    keep = ast.AST if full else (ast.stmt, ast.excepthandler, ast.match_case)
    while stack:
        node, tc = stack.pop()
        yield node, tc
        if isinstance(node, ast.If) and is_type_checking(node.test):
            stack.extend((c, True) for c in reversed(node.body))
            stack.extend((c, tc) for c in reversed(node.orelse))
            if full:
                stack.append((node.test, tc))
            continue
        if full:
            children = [c for c in ast.iter_child_nodes(node) if isinstance(c, keep)]
        else:  # only the statement blocks: expressions never hold a statement
            children = [c for name in _BLOCKS for c in getattr(node, name, None) or ()]
        stack.extend((c, tc) for c in reversed(children))


def _alias_text(name: str, asname: str | None) -> str:
    return f"{name} as {asname}" if asname else name


def _is_importlib(func: ast.expr) -> bool:
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "importlib"
    )


def _dynamic_target(node: ast.Call) -> str | None:
    func = node.func
    name = (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else None
    )
    if name not in _DYNAMIC_FUNCS or not node.args:
        return None
    qualified = isinstance(func, ast.Attribute)
    if name == "import_module" and qualified and not _is_importlib(func):
        return None
    arg = node.args[0]
    if (
        isinstance(arg, ast.Constant)
        and isinstance(arg.value, str)
        and not arg.value.startswith(".")
    ):
        return arg.value
    return None


def import_refs(
    level: int | None,
    module: str | None,
    aliases: Sequence[tuple[str, str | None]],
    at: tuple[int, int, bool],
    package: str | None,
) -> list[ImportRef]:
    """The references of one import statement: ``import <aliases>`` when ``level`` is
    None, else ``from <level dots><module> import <aliases>``; ``at`` is its line,
    1-based column and whether it is under ``if TYPE_CHECKING:``."""
    line, col, tc = at
    if level is None:
        return [
            ImportRef(name, (), line, col, f"import {_alias_text(name, asname)}", tc, "import")
            for name, asname in aliases
        ]
    resolved = resolve_relative(level, module, package)
    if resolved is None:
        return []
    names = tuple(name for name, _ in aliases)
    text = ", ".join(sorted(_alias_text(name, asname) for name, asname in aliases))
    written = "." * level + (module or "")
    return [ImportRef(resolved, names, line, col, f"from {written} import {text}", tc, "from")]


def statement_refs(
    node: ast.Import | ast.ImportFrom, at: tuple[int, int, bool], package: str | None
) -> list[ImportRef]:
    """:func:`import_refs` of an ``ast`` import statement."""
    aliases = [(a.name, a.asname) for a in node.names]
    if isinstance(node, ast.Import):
        return import_refs(None, None, aliases, at, package)
    return import_refs(node.level, node.module, aliases, at, package)


def dynamic_ref(node: ast.Call, line: int, col: int, tc: bool) -> ImportRef | None:
    """The reference of an ``__import__("x")`` or ``importlib.import_module("x")`` call."""
    target = _dynamic_target(node)
    if target is None:
        return None
    return ImportRef(target, (), line, col, f"import_module({target!r})", tc, "dynamic")


def find_imports(tree: ast.Module, package: str | None, dynamic: bool = False) -> list[ImportRef]:
    """Every import in ``tree``; relative ones resolved against ``package`` or dropped."""
    found: list[ImportRef] = []
    for node, tc in _statement_nodes(tree, dynamic):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found += statement_refs(node, (node.lineno, node.col_offset + 1, tc), package)
        elif isinstance(node, ast.Call):
            ref = dynamic_ref(node, node.lineno, node.col_offset + 1, tc)
            if ref is not None:
                found.append(ref)
    found.sort(key=lambda ref: (ref.line, ref.col))
    return found


def module_matches(name: str, module: str) -> bool:
    """``name`` is ``module`` or one of its submodules (``pandas_extras`` is not ``pandas``)."""
    return name == module or name.startswith(module + ".")


def definitions(tree: ast.Module) -> list[Definition]:
    """Classes and functions defined anywhere in the file, methods included."""
    found = []
    for node, _ in _statement_nodes(tree, False):
        if isinstance(node, ast.ClassDef):
            found.append(Definition("class", node.name, node.lineno, node.col_offset + 1))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.append(Definition("function", node.name, node.lineno, node.col_offset + 1))
    found.sort(key=lambda d: (d.line, d.col))
    return found
