"""The clean-commit gate: a staged change that provably holds no finding, decided and
recorded without the rules engine.

Most commits are clean, and most clean commits are decided by bytes alone: the
engine runs each rule kind's byte pre-filter (``may_match``) before it parses a
file, and for ``forbidden-import`` a file that does not contain the module's
name, and has no relative import that could reach it, cannot import it. The
full check would load the engine, every rule kind, ``ast`` and more (~40 ms of
imports) to learn that. The gate reads the same staged blobs through the same
git plumbing, runs that pre-filter on the cached validated rules
(:func:`wsguard.rules.compiled.load_raw`) and, when nothing can match, records
the clean scan run exactly as the fast path does and returns the verdict.

A file that names the module in text only (a docstring "Works without pandas.", a
comment) is decided too: :func:`wsguard.rules.mentions.only_in_text` parses it as
the engine would, with the builtin ``compile`` and without the ``ast`` module
(~1 ms a file), and finds the name in no name or string of the syntax tree but
docstrings. Any other place, a syntax error or a warning of the
parse leaves the file to the full check.

It answers only when that is certain, and returns None otherwise, so the full
check runs and decides: another rule kind in ``rules.yaml`` (it would need its own
pre-filter here), rules not validated and cached yet, the module named in code (or
a string), a relative import in a folder named like it, a suppression comment
(``wsguard:``), a file that is not plain ASCII or declares an encoding (the engine
normalises those first), a ``--from-ref``/files-only check, pending spooled scans,
a database that is not a current SQLite file, recorded component placements, an
open work session, unresolved drift in the commit's paths. So its answer is always
the one the full check would give.

It runs on every commit, so it imports only ``os``, ``sys``, ``time``,
``sqlite3`` and ``marshal`` and wsguard's light modules (:mod:`wsguard.places`,
:mod:`wsguard.plumbing`, :mod:`wsguard.footing`, :mod:`wsguard.store.lite`,
:mod:`wsguard.rules.compiled`, :mod:`wsguard.rules.mentions`; ``warnings`` and
the builtin ``_ast`` for a parse): no ``typing``, ``pathlib``, ``re``, ``subprocess``
or ``hashlib``, ~30 ms of imports that were most of the clean hook's time.
``tests/gate_test.py`` checks that list.
"""

from __future__ import annotations

import os
import sys
import time

from wsguard import places, plumbing
from wsguard.footing import footing
from wsguard.rules.mentions import mentions, only_in_text, word_at
from wsguard.store.lite import record_clean_run

TYPE_CHECKING = False
if TYPE_CHECKING:  # the annotations only; typing is not imported at run time
    import sqlite3
    from collections.abc import Iterable
    from typing import Any

    from wsguard.workspace import Options

MARKER = b"wsguard:"  # a suppression comment: the engine must judge it (rules.suppress.MARKER)
_GATED_KINDS = {"forbidden-import"}
# What may stand between ``from`` and the dot of a relative import: blanks, and line
# continuations (``from \`` then a new line).
_BLANK = frozenset(b" \t\n\r\f\v\\")
# What a dynamic import is called through (the engine reads such calls when it finds
# one of these in the bytes: SourceFile.imports).
_DYNAMIC = (b"__import__", b"import_module")


class Clean:
    """The gate's answer: the verdict to print, and the connection it recorded through."""

    code = 0  # the exit code: clean

    def __init__(self, text: str, conn: sqlite3.Connection) -> None:
        self.text = text
        self.connection = conn


def _relative_import(data: bytes) -> bool:
    """Could ``data`` hold a relative import (``from`` as a word, maybe blanks, a dot)?
    ``from. import x`` and ``from \\`` continued on the next line are relative imports too."""
    start = data.find(b"from")
    while start >= 0:
        end = start + 4
        dot = end
        while dot < len(data) and data[dot] in _BLANK:
            dot += 1
        if data[dot : dot + 1] == b"." and word_at(data, start, end):
            return True
        start = data.find(b"from", end)
    return False


def _tops(rules: Iterable[dict[str, Any]]) -> list[bytes] | None:
    """The top-level module names every rule's pre-filter looks for; None if a rule
    is of a kind the gate cannot judge."""
    tops: set[str] = set()
    for rule in rules:
        if rule.get("kind") not in _GATED_KINDS:
            return None
        tops.update(m.split(".")[0] for m in rule["options"]["modules"])
    return sorted(top.encode() for top in tops)


def _may_hold_finding(path: str, data: bytes, tops: list[bytes]) -> bool:
    """Could the engine find anything in this file? True unless the bytes, or a parse,
    rule it out."""
    if MARKER in data:
        return True
    if not path.endswith((".py", ".pyi")):
        return False  # forbidden-import reads Python files only
    if not data.isascii() or b"coding" in data[:400]:
        return True  # the engine decodes and NFKC-normalises such a file first
    # A relative import reaches modules of the file's own top-level package, a folder
    # on its path: when a banned module could be that package, the full check tells.
    folders = {folder.encode() for folder in path.split("/")[:-1]}
    if any(top in folders for top in tops) and _relative_import(data):
        return True
    # The engine parses the file once a banned name is anywhere in its bytes; an import
    # names it as a word, or a dynamic one in a string of escapes or pieces
    # (``"\x70andas"``, ``"pan" "das"``) beside a look-alike (``mypandas``).
    dynamic = any(word in data for word in _DYNAMIC)
    if not any(mentions(data, top) or (dynamic and top in data) for top in tops):
        return False
    # Named in a docstring or a comment only: the parse proves that no import reaches it.
    return not only_in_text(path, data, tops)


def _verdict(files: int, color: bool) -> str:
    # The text renderer's words for a clean staged check (wsguard.output.text).
    mark = "\x1b[1;32m✓\x1b[0m" if color else "✓"
    noun = "file" if files == 1 else "files"
    return f"{mark} {files} {noun} checked, no blocking findings\n"


def _relative(repo_root: str, name: str) -> str | None:
    """A file named on the command line, relative to the repository; None if outside."""
    path = os.path.relpath(places.resolved(os.path.join(repo_root, name)), repo_root)
    return None if path == ".." or path.startswith("../") else path


def clean_commit(opts: Options | None, names: tuple[str, ...]) -> Clean | None:
    """The hook's verdict when the staged change provably holds no finding (recorded),
    else None: then :func:`wsguard.check.run_check` decides. ``opts``: the global
    options (the hook has none)."""
    started = time.perf_counter()
    env = os.environ
    if env.get("PRE_COMMIT_FROM_REF") or env.get("PRE_COMMIT_TO_REF"):
        return None  # a range check
    if names and not env.get("GIT_INDEX_FILE"):
        return None  # files named outside a commit: a files check
    here = footing(opts)
    tops = _tops(here.raw["rules"]) if here is not None else None
    if here is None or tops is None:
        return None
    repo_root = here.repo_root
    wanted = [_relative(repo_root, n) for n in names]
    entries = plumbing.staged(repo_root)
    if entries is None:
        return None  # no commit yet: the full check diffs against the empty tree
    if wanted:
        inside = [name for name in wanted if name is not None]
        if len(inside) < len(wanted):
            return None  # a file outside the repository: the full check says so
        entries = [e for e in entries if e[3] == "D" or places.covered(e[0], inside)]
    files = [e for e in entries if e[3] != "D" and e[1] != plumbing.MODE_GITLINK]
    regular = [e for e in files if e[1].startswith("100")]
    if regular:
        contents = plumbing.blobs(repo_root, (e[2] for e in regular))
        for entry, data in zip(regular, contents, strict=True):
            if _may_hold_finding(entry[0], data or b"", tops):
                return None
    scope = {e[0] for e in entries} | {e[4] for e in entries if e[4]}
    duration = time.perf_counter() - started
    conn = record_clean_run(here.db_path, here.repo(), sorted(scope), len(files), duration)
    if conn is None:
        return None
    color = sys.stdout.isatty() and not env.get("NO_COLOR")
    return Clean(_verdict(len(files), color), conn)
