"""Where a Python file names a module: in its code, or only in its text.

The clean-commit gate (:mod:`wsguard.gate`) reads every staged file of every
commit. A file whose bytes do not hold a banned module's name as a word
(:func:`mentions`) cannot import it. A file that names it in a docstring or a
comment only (a docstring "Works without pandas.") cannot either, but only a
parse tells: :func:`only_in_text` parses it as the engine does
(:attr:`wsguard.rules.source.SourceFile.tree`) and looks at every name and
string of the tree.

Imported by the hook on every commit, this module imports nothing itself. The
parse is the builtin ``compile`` with ``PyCF_ONLY_AST``: ``ast.parse``'s tree,
made of the builtin ``_ast`` module's classes, without the ``ast`` module and
what it imports (``enum``, ``contextlib``…): ~0.6 ms for a file of 100 lines,
~1.2 ms for 160, and ~1.4 ms more once (``_ast`` builds its classes, ``warnings``).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # the annotations only
    from _ast import AST
    from collections.abc import Collection

# Larger files are left to the engine, which parses up to 8 MiB
# (source.MAX_TEXT_BYTES) and warns past that; this must never be more.
MAX_BYTES = 1 << 20
_WORD = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
# What else the parser puts in a tree: Constant values, and the None of empty fields.
_SCALARS = (int, float, complex, type(None), type(...))


def word_at(data: bytes, start: int, end: int) -> bool:
    """Is ``data[start:end]`` a whole identifier (``pandas``, not ``mypandas_x``)?"""
    return (start == 0 or data[start - 1] not in _WORD) and (
        end == len(data) or data[end] not in _WORD
    )


def mentions(data: bytes, name: bytes) -> bool:
    """Does ``name`` occur in ``data`` as a whole identifier? In an ASCII file an
    identifier is made of exactly these bytes (``pandas_compat`` never imports pandas)."""
    start = data.find(name)
    while start >= 0:
        if word_at(data, start, start + len(name)):
            return True
        start = data.find(name, start + 1)
    return False


def only_in_text(path: str, data: bytes, names: Collection[bytes]) -> bool:
    """Can no import in this ASCII Python file reach ``names``, because they occur in its
    docstrings and comments only?

    True when the file parses as the engine parses it, without a warning, and no
    name or string of its syntax tree holds one of ``names`` as a word, except the
    strings that stand alone as statements (docstrings): an import (``import``,
    ``from``, ``__import__("…")``) names its module in the tree, and comments are
    not in it. False whenever that is not certain; then the engine decides.

    A relative import (``from . import x``) names no package: the caller rules out
    that the file's own package is one of ``names``.
    """
    if len(data) > MAX_BYTES or not data.isascii():
        return False
    import _ast
    import warnings

    with warnings.catch_warnings():
        # The engine's parse would print the warning (or, as an error, report it).
        warnings.simplefilter("error")
        try:  # ast.parse(text, filename=path), as SourceFile.tree
            tree = compile(
                data.decode("ascii"), path, "exec", _ast.PyCF_ONLY_AST, dont_inherit=True
            )
        except Exception:  # a syntax error, a warning, code nested too deep: the engine says
            return False
    return not _in_code(tree, names)


def _holds(data: bytes, names: Collection[bytes]) -> bool:
    return any(mentions(data, name) for name in names)


def _in_code(tree: AST, names: Collection[bytes]) -> bool:
    """Does a name or string of ``tree``, outside the strings that stand alone as
    statements, hold one of ``names`` as a word? Walked without recursion."""
    import _ast

    stack = [tree]
    while stack:
        node = stack.pop()
        if (
            isinstance(node, _ast.Expr)
            and isinstance(node.value, _ast.Constant)
            and isinstance(node.value.value, str)
        ):
            continue  # a docstring, or another string alone as a statement: it runs nothing
        for field in node._fields:
            value = getattr(node, field, None)
            for item in value if isinstance(value, list) else (value,):
                if isinstance(item, _ast.AST):
                    stack.append(item)
                elif isinstance(item, str):
                    # A string's value as Python reads it (escapes done, pieces joined);
                    # a character that is not ASCII counts as a border of a word.
                    if _holds(item.encode("utf-8", "surrogatepass"), names):
                        return True
                elif isinstance(item, bytes):
                    if _holds(item, names):
                        return True
                elif not isinstance(item, _SCALARS):
                    return True  # nothing the parser makes: be safe
    return False
