"""The imports of a Python file without parsing all of it: for full scans.

``ast.parse`` costs ~5 ms for a typical file, almost all of it spent on code
that holds no import. Here one regular expression skips, in C, everything
that cannot hold the ``import`` keyword in code (other characters, whole
string literals, comments, line continuations) and stops at each ``import``
and ``TYPE_CHECKING`` in code. Only the import statements found that way are
parsed by ``ast`` (all of a file's at once), and the references are built by
:func:`wsguard.rules.pyimports.statement_refs`, the code ``find_imports`` uses.

:func:`fast_imports` returns exactly what ``find_imports(ast.parse(text), …)``
returns for a file ``ast`` parses, or None when it cannot vouch for the answer
(a quote it cannot match, an import after ``;`` in an odd place, a
``TYPE_CHECKING`` or an ``__import__`` call it cannot place): the caller then
parses the whole file. It does not check the rest of the file's syntax: a file
``ast`` rejects may still get a list (see docs/rules.md).
"""

from __future__ import annotations

import ast
import re
import sys
from bisect import bisect_right
from collections.abc import Collection
from functools import cache

from wsguard.rules.pyimports import (
    ImportRef,
    dynamic_ref,
    import_refs,
    is_type_checking,
    statement_refs,
)

# A string literal, unrolled so that an unterminated one fails in linear time.
_STRING = r"""
   '''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''
 | \"\"\"[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*\"\"\"
 | '[^'\\\n]*(?:\\.[^'\\\n]*)*'
 | "[^"\\\n]*(?:\\.[^"\\\n]*)*"
"""
# What code holds besides names and operators: strings, comments, line continuations.
_STRINGS = rf"| {_STRING} | \#[^\n]* | \\."


@cache  # compiled on first use: the hook, which parses whole files, never pays for it
def _skipper(keyword_only: bool, checking: bool) -> re.Pattern[str]:
    """Everything up to the next ``import`` in code (only the keyword, or any
    identifier holding it) or, when ``checking``, ``TYPE_CHECKING``."""
    parts = [r"[^'\"#\\i" + ("T" if checking else "") + "]+"]
    parts += [r"i(?!mport\b)", r"(?<=\w)import"] if keyword_only else [r"i(?!mport)"]
    if checking:
        parts += [r"T(?!YPE_CHECKING\b)", r"(?<=\w)TYPE_CHECKING"]
    return re.compile(r"(?:" + "|".join(parts) + _STRINGS + r")*", re.X | re.S)


@cache
def _to_break() -> re.Pattern[str]:
    """Code up to the next bracket or line break."""
    return re.compile(r"(?:[^'\"#\\\n()\[\]{}]+" + _STRINGS + r")*", re.X | re.S)


# ``from <dots and names>`` right before ``import``, and what may come before it.
_FROM = re.compile(r"(?<![\w.])from(?=[ \t\f.\\])(?:[ \t\f.\w]|\\\n)*\Z")
# (Before 3.12 a quote in code always starts a string; then an f-string may hold quotes.)
_HEAD = re.compile(
    (r"(?:.*[;:])?" if sys.version_info < (3, 12) else r"(?:[^'\"]*[;:])?")
    + r"(?:[ \t\f]|\\\n)*\Z",
    re.S,
)
# The rest of an import statement after the keyword.
_TAIL = re.compile(r"[^\n;#\\(]*(?:\\\n[^\n;#\\(]*)*(?:\([^)#]*(?:\#[^\n]*\n[^)#]*)*\))?")
# An ASCII import statement in its plain forms, read without ``ast``.
_NAME = r"[A-Za-z_]\w*"
_ALIAS = rf"{_NAME}(?:\.{_NAME})*(?:[ \t]+as[ \t]+{_NAME})?"
_ALIASES = rf"{_ALIAS}(?:[ \t]*,[ \t]*{_ALIAS})*"
_PLAIN = re.compile(
    rf"""(?:from(?=[ \t.])[ \t]*(?P<dots>\.*)[ \t]*(?P<module>{_NAME}(?:\.{_NAME})*)?[ \t]+)?
    import[ \t]+(?:(?P<names>{_ALIASES})
    |\((?P<wrapped>[ \t\n]*{_ALIAS}(?:[ \t\n]*,[ \t\n]*{_ALIAS})*[ \t\n]*,?[ \t\n]*)\)
    |(?P<star>\*))[ \t]*\Z""",
    re.X,
)
_ALIAS_PARTS = re.compile(rf"({_NAME}(?:\.{_NAME})*)(?:[ \t]+as[ \t]+({_NAME}))?")
_INDENT = re.compile(r"[ \t\f]*")
_DEF = re.compile(r"(?<!\w)def\Z")
_FSTRING = re.compile(r"(?<!\w)(?:[fF][rR]?|[rR][fF])['\"]")
_DYNAMIC_NAMES = ("__import__", "import_module")
_TO_QUOTE = re.compile(r"(?:[^'\"#\\]+|\#[^\n]*|\\.)*", re.S)
_ONE_STRING = re.compile(_STRING, re.X | re.S)
_IF = re.compile(r"(?:el)?if\b")
# The usual header, ``if TYPE_CHECKING:`` or ``if typing.TYPE_CHECKING:`` alone on its line.
_PLAIN_HEADER = re.compile(
    r"(?:el)?if[ \t\f]+(?:[^\W\d]\w*\.)?TYPE_CHECKING[ \t\f]*:[ \t\f]*(?:\#.*)?\Z"
)
# What next to ``TYPE_CHECKING`` shows it is not a whole ``if`` test.
_NOT_TEST_AFTER = re.compile(r"[ \t\f]*(?:[=.(\[,<>!+\-*/%&|^@]|(?:and|or|if|else|is|in|not)\b)")
_NOT_TEST_BEFORE = re.compile(
    r"(?:[=,<>!+\-*/%&|^@\[{]|[\w)\]]\(|\b(?:and|or|not|is|in|return|assert|else|yield))"
    r"[ \t\f]*\Z"
)


def _end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where ``pattern``, which also matches nothing, stops matching from ``pos``."""
    match = pattern.match(text, pos)
    assert match is not None
    return match.end()


class _Unsure(Exception):
    """Something this reader does not vouch for: the whole file is parsed instead."""


def _stops(text: str, skip: re.Pattern[str]) -> list[int]:
    """Positions of the words ``skip`` stops at."""
    end = len(text)
    found = []
    pos = _end(skip, text, 0)
    while pos < end:
        if text[pos] in "'\"\\#":
            raise _Unsure  # an unterminated string or a stray backslash
        found.append(pos)
        pos = _end(skip, text, pos + 1)
    return found


def _column(indent: str) -> int:
    """Indentation width as Python's tokenizer measures it (tabs to multiples of 8)."""
    col = 0
    for char in indent:
        col = (col // 8 + 1) * 8 if char == "\t" else 0 if char == "\f" else col + 1
    return col


def _continued(text: str, line_start: int) -> bool:
    """Does the previous physical line end in a backslash (so this one is not a start)?"""
    return line_start >= 2 and text[line_start - 2] == "\\"


def _statement_start(text: str, pos: int) -> int:
    """Where the import statement with its keyword at ``pos`` begins."""
    line_start = text.rfind("\n", 0, pos) + 1
    while _continued(text, line_start):  # back to the start of the logical line
        line_start = text.rfind("\n", 0, line_start - 1) + 1
    match = _FROM.search(text, line_start, pos) if pos > line_start else None
    start = match.start() if match else pos
    if text[line_start:start].strip(" \t\f") and not _HEAD.match(text, line_start, start):
        raise _Unsure
    return start


def _block_end(text: str, line_start: int) -> int:
    """The end of the block whose header line starts at ``line_start``: the start of
    the first code line indented no deeper than the header."""
    header = _column(text[line_start : _end(_INDENT, text, line_start)])
    depth = 0
    pos = line_start
    end = len(text)
    while True:
        pos = _end(_to_break(), text, pos)
        if pos >= end:
            return end
        char = text[pos]
        pos += 1
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char != "\n":
            raise _Unsure
        elif depth == 0:
            indent = _end(_INDENT, text, pos)
            first = text[indent : indent + 1]
            if first in ("", "\n", "#"):
                continue  # a blank or comment line (or the end)
            if first == "\\":
                raise _Unsure
            if _column(text[pos:indent]) <= header:
                return pos


def _header(text: str, pos: int) -> tuple[int, int] | None:
    """The span of the ``if TYPE_CHECKING:`` block whose test is at ``pos``, from its
    header line on; None when this ``TYPE_CHECKING`` is no such test."""
    line_start = text.rfind("\n", 0, pos) + 1
    if _continued(text, line_start):
        raise _Unsure
    prefix = text[line_start:pos]
    code = prefix.lstrip(" \t\f")
    if not _IF.match(code):
        if _NOT_TEST_AFTER.match(text, pos + 13) or _NOT_TEST_BEFORE.search(prefix):
            return None
        raise _Unsure  # e.g. the test of a header over several lines
    line_end = text.find("\n", pos)
    line = text[line_start + len(prefix) - len(code) : line_end if line_end >= 0 else None]
    if not _PLAIN_HEADER.match(line):  # then let ``ast`` read the header line
        line = line[2:] if line.startswith("el") else line
        tree = None
        for source in (line + "\n pass", line):  # a header, or a header with its body
            try:
                tree = ast.parse(source)
                break
            except (SyntaxError, ValueError):
                continue
        if tree is None or not tree.body or not isinstance(tree.body[0], ast.If):
            raise _Unsure
        if not is_type_checking(tree.body[0].test):
            return None
    return line_start, _block_end(text, line_start)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what ``\\w`` matches


def _kind(text: str, pos: int) -> str:
    """What the ``import`` at ``pos`` is part of: "keyword", "__import__", "import_module", ""."""
    before = text[pos - 1 : pos]
    after = text[pos + 6 : pos + 7]
    if not before or not _is_word(before):
        if not after or not _is_word(after):
            return "keyword"
        if text.startswith("_module", pos + 6) and not _is_word(text[pos + 13 : pos + 14]):
            return "import_module"
        return ""
    if (
        text[pos - 2 : pos] == "__"
        and (pos < 3 or not _is_word(text[pos - 3]))
        and text.startswith("__", pos + 6)
        and not _is_word(text[pos + 8 : pos + 9])
    ):
        return "__import__"
    return ""


def _call(text: str, start: int, name_end: int) -> tuple[int, ast.Call] | None:
    """The call of the function named at ``start:name_end``, as ``(where it begins,
    node)``; None when the name is not called."""
    begin = start
    while begin > 0 and text[begin - 1] == ".":  # a dotted callee: ``importlib.import_module``
        j = begin - 1
        while j > 0 and _is_word(text[j - 1]):
            j -= 1
        if j == begin - 1 or text[j].isdigit():
            raise _Unsure
        begin = j
    j = begin
    while j > 0 and text[j - 1] in " \t\f\n\\":
        j -= 1
    if text[j - 1 : j] == ".":
        raise _Unsure  # ``a . b`` or a callee split over lines
    if _DEF.search(text, max(0, j - 10), j):
        return None  # ``def import_module(…)``
    after = _end(_INDENT, text, name_end)
    opener = text[after : after + 1]
    if opener == ")":  # ``f(__import__)``, or ``(__import__)(…)``
        if text[_end(_INDENT, text, after + 1) : after + 2].startswith("("):
            raise _Unsure
        return None
    if opener != "(":
        if opener in ("", "\n", "\\"):
            raise _Unsure  # called on another line?
        return None
    depth = 0
    pos = after
    while True:
        pos = _end(_to_break(), text, pos)
        char = text[pos : pos + 1]
        pos += 1
        if char in ("(", "[", "{"):
            depth += 1
        elif char in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                break
        elif char != "\n":
            raise _Unsure
    tree = ast.parse(text[begin:pos], mode="eval")
    node = tree.body
    if not isinstance(node, ast.Call) or node.col_offset != 0 or node.lineno != 1:
        raise _Unsure
    return begin, node


def _in_fstring(text: str) -> bool:
    """Is ``__import__`` or ``import_module`` written in an f-string?"""
    pos = 0
    while True:
        pos = _end(_TO_QUOTE, text, pos)
        if pos >= len(text):
            return False
        match = _ONE_STRING.match(text, pos)
        if match is None:
            raise _Unsure
        prefix = pos
        while prefix > 0 and _is_word(text[prefix - 1]):
            prefix -= 1
        literal = match.group()
        if "f" in text[prefix:pos].lower() and any(n in literal for n in _DYNAMIC_NAMES):
            return True
        pos = match.end()


def _renamed(text: str) -> bool:
    """May a name in ``text`` read differently once NFKC-normalised, as Python reads names?"""
    import unicodedata  # only for the rare non-ASCII file

    if unicodedata.is_normalized("NFKC", text):
        return False
    return any(
        not char.isascii()
        and f"a{char}".isidentifier()
        and unicodedata.normalize("NFKC", char) != char
        for char in set(text)
    )


def fast_imports(
    text: str, package: str | None, dynamic: bool = False, only: Collection[str] | None = None
) -> list[ImportRef] | None:
    """``find_imports(ast.parse(text), package, dynamic)`` for a file ``ast`` parses,
    or None when this cannot be sure of it. With ``only``, just the references to
    modules of those top-level packages (all a rule about them needs; the others are
    not read)."""
    if not text.isascii() and _renamed(text):
        return None  # Python reads ``__ｉｍｐｏｒｔ__`` as ``__import__``: ast knows how
    if "import" not in text:
        return []
    if "\r" in text:  # as Python reads it: every line break a "\n"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        found = _imports(text, package, dynamic, only)
    except (_Unsure, SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if only is None:
        return found
    return [ref for ref in found if ref.module.partition(".")[0] in only]


# What an import is read as: a plain statement's ``(level, module, aliases)`` (see
# :func:`import_refs`), or the ``ast`` node of any other statement or call.
_Read = tuple[int | None, str | None, list[tuple[str, str | None]]] | ast.stmt | ast.Call


def _imports(
    text: str, package: str | None, dynamic: bool, only: Collection[str] | None
) -> list[ImportRef]:
    checking = "TYPE_CHECKING" in text
    spans: list[tuple[int, int]] = []  # import statements
    tests = []  # ``TYPE_CHECKING``
    calls = []  # ``__import__`` and ``import_module`` (when ``dynamic``)
    for pos in _stops(text, _skipper(not dynamic, checking)):
        if text[pos] == "T":
            tests.append(pos)
            continue
        kind = _kind(text, pos) if dynamic else "keyword"
        if kind == "__import__":
            calls.append((pos - 2, pos + 8))
        elif kind == "import_module":
            calls.append((pos, pos + 13))
        elif kind:
            spans.append((_statement_start(text, pos), _end(_TAIL, text, pos + 6)))
    if dynamic:
        mentions = sum(text.count(name) for name in _DYNAMIC_NAMES)
        if mentions != len(calls) and _FSTRING.search(text) and _in_fstring(text):
            raise _Unsure  # a call may hide in an f-string's braces
    if not spans and not calls:
        return []
    starts = [s for s, _ in spans]

    def in_statement(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < spans[i][1]

    regions = [_header(text, pos) for pos in tests if not in_statement(pos)]
    blocks = [r for r in regions if r is not None]
    read: list[tuple[int, _Read]] = []
    for start, end in calls:
        if not in_statement(start):  # ``from importlib import import_module`` is no call
            call = _call(text, start, end)
            if call is not None:
                read.append(call)
    if only is not None and (package or "").partition(".")[0] not in only:
        # Absolute imports of those packages name them; relative ones stay in this one.
        spans = [(s, e) for s, e in spans if any(top in text[s:e] for top in only)]
    read += _statements(text, spans)
    read.sort(key=lambda item: item[0])
    found: list[ImportRef] = []
    line, last = 1, 0
    for start, what in read:
        line += text.count("\n", last, start)
        last = start
        line_start = text.rfind("\n", 0, start) + 1
        col = len(text[line_start:start].encode("utf-8", "surrogatepass")) + 1
        at = (line, col, bool(blocks) and any(a <= start < b for a, b in blocks))
        if isinstance(what, tuple):
            found += import_refs(*what, at, package)
        elif isinstance(what, ast.Call):
            ref = dynamic_ref(what, *at)
            if ref is not None:
                if found and (found[-1].line, found[-1].col) == at[:2]:
                    raise _Unsure  # ``__import__("a").__import__("b")``: ast has the outer first
                found.append(ref)
        elif isinstance(what, (ast.Import, ast.ImportFrom)):
            found += statement_refs(what, at, package)
    return found


def _statements(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, _Read]]:
    """The import statements at ``spans``: the plain ones read by a regex, the
    others parsed by ``ast`` together (one parse for the file)."""
    read: list[tuple[int, _Read]] = []
    hard = []
    for start, end in spans:
        statement = text[start:end]
        plain = _PLAIN.match(statement) if statement.isascii() else None
        if plain is None:
            hard.append((start, end))
            continue
        level = None if statement[0] == "i" else len(plain["dots"])
        names = plain["names"] or plain["wrapped"]
        aliases: list[tuple[str, str | None]] = (
            [(n, a or None) for n, a in _ALIAS_PARTS.findall(names)] if names else [("*", None)]
        )
        read.append((start, (level, plain["module"], aliases)))
    if not hard:
        return read
    tree = ast.parse("\n".join(text[s:e] for s, e in hard))
    if len(tree.body) != len(hard):
        raise _Unsure
    joined = 1
    for (start, end), node in zip(hard, tree.body):  # noqa: B905 (lengths checked; 3.10)
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            raise _Unsure
        if node.lineno != joined or node.col_offset != 0:
            raise _Unsure
        joined += text.count("\n", start, end) + 1
        read.append((start, node))
    return read
