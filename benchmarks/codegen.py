"""Realistic-looking Python modules for the synthetic workspaces.

Modules have a docstring, stdlib imports, absolute and relative imports of real
sibling modules, sometimes an ``if TYPE_CHECKING:`` block, classes with methods
and functions with docstrings; some mention the forbidden module in text only
(defeating a byte-level pre-filter) or import a look-alike (``pandas_compat``).
A module asked for ``violations`` imports the forbidden module that many times,
one statement per line, in the forms a checker must catch.
"""

from __future__ import annotations

import random
from typing import NamedTuple

_WORDS = ("core", "io", "models", "services", "utils", "api", "storage", "events", "jobs", "web")
_NOUNS = (
    "account", "ledger", "price", "order", "report", "schedule", "cache", "session", "metric",
    "signal", "portfolio", "client", "record", "batch", "event", "config", "query", "window",
    "series", "index",
)  # fmt: skip
_SUFFIXES = ("", "_types", "_utils", "_store", "_service", "_model", "_parser", "_loader", "_view")
_STDLIB = (
    "import json", "import logging", "import os", "import re", "import sys", "import math",
    "import hashlib", "import itertools", "from pathlib import Path",
    "from collections import defaultdict", "from dataclasses import dataclass, field",
    "from datetime import datetime, timedelta", "from functools import lru_cache",
    "from collections.abc import Iterable, Iterator", "from typing import Any",
    "from enum import Enum", "from contextlib import contextmanager",
)  # fmt: skip
# Forms of the forbidden import: (where, statement template); one finding each.
_FORMS = (
    ("top", "import {m}"),
    ("top", "import {m} as {alias}"),
    ("top", "from {m} import DataFrame"),
    ("top", "import {m}.io.formats"),
    ("func", "import {m}"),
    ("func", "from {m} import Series as S{n}"),
    ("tc", "from {m} import DataFrame as Frame{n}"),
)


class Layout(NamedTuple):
    """A package's files, relative to ``src/``: ``pkg/__init__.py``, ``pkg/sub/x.py``…"""

    package: str
    inits: list[str]
    modules: list[str]


def layout(package: str, files: int, rng: random.Random) -> Layout:
    """``files`` Python files in ``package``: one subpackage per ~25 files."""
    subs = list(_WORDS[: min(len(_WORDS), files // 25)])
    inits = [f"{package}/__init__.py"] + [f"{package}/{s}/__init__.py" for s in subs]
    names: set[str] = set()
    modules = []
    for i in range(max(1, files - len(inits))):
        stem = rng.choice(_NOUNS) + rng.choice(_SUFFIXES)
        while stem in names:
            stem = f"{rng.choice(_NOUNS)}{rng.choice(_SUFFIXES)}_{rng.randrange(100)}"
        names.add(stem)
        folder = f"{package}/{subs[i % len(subs)]}" if subs else package
        modules.append(f"{folder}/{stem}.py")
    return Layout(package, inits, sorted(modules))


def files_for(modules: int) -> int:
    """The ``files`` that gives :func:`layout` exactly ``modules`` modules."""
    total = modules + 1
    while total - 1 - min(len(_WORDS), total // 25) < modules:
        total += 1
    return total


def init_text(rel: str) -> str:
    name = rel.rsplit("/", 1)[0].replace("/", ".")
    return f'"""The {name} package."""\n'


def _dotted(rel: str) -> str:
    return rel.removesuffix(".py").replace("/", ".")


def _camel(stem: str) -> str:
    return "".join(p.capitalize() for p in stem.split("_") if not p.isdigit()) or "Thing"


def _sibling_imports(rel: str, lay: Layout, rng: random.Random) -> list[str]:
    others = [m for m in lay.modules if m != rel]
    if not others:
        return []
    folder = rel.rsplit("/", 1)[0]
    lines = []
    for other in rng.sample(others, min(len(others), rng.randint(1, 3))):
        other_folder, stem = other.rsplit("/", 1)
        stem = stem.removesuffix(".py")
        roll = rng.random()
        if other_folder == folder and roll < 0.4:
            lines.append(f"from . import {stem}")
        elif other_folder == folder and roll < 0.7:
            lines.append(f"from .{stem} import {_camel(stem)}")
        elif folder != lay.package and other_folder == lay.package and roll < 0.8:
            lines.append(f"from ..{stem} import {_camel(stem)}")
        else:
            lines.append(f"from {_dotted(other)} import {_camel(stem)}")
    return sorted(set(lines))


_BODIES = (
    [
        "counts: dict[str, int] = {}",
        "for item in items:",
        "    counts[item] = counts.get(item, 0) + len(item)",
        "return counts",
    ],
    [
        "result = []",
        "for index, item in enumerate(items):",
        "    if index % 2 and item:",
        "        result.append(item.strip().lower())",
        "return result",
    ],
    [
        "if not items:",
        "    raise ValueError('nothing to process')",
        "total = sum(len(i) for i in items)",
        "return {'total': total, 'count': len(items)}",
    ],
    [
        "seen = set()",
        "unique = []",
        "for item in items:",
        "    key = item.casefold()",
        "    if key not in seen:",
        "        seen.add(key)",
        "        unique.append(item)",
        "return unique",
    ],
    [
        "try:",
        "    first, *rest = items",
        "except ValueError:",
        "    return None",
        "return first if not rest else f'{first} (+{len(rest)})'",
    ],
)
_VERBS = ("load", "parse", "build", "merge", "render", "collect", "split", "normalise", "check")


def _function(name: str, indent: str, method: bool, rng: random.Random, extra: list[str]) -> str:
    params = "self, items: list[str]" if method else "items: list[str]"
    lines = [
        f"{indent}def {name}({params}) -> object:",
        f'{indent}    """{name.replace("_", " ").capitalize()} the given items.',
        "",
        f"{indent}    Empty input gives an empty result unless stated otherwise.",
        f'{indent}    """',
    ]
    body = [*extra, *rng.choice(_BODIES)]
    lines += [f"{indent}    {line}" for line in body]
    return "\n".join(lines) + "\n"


def module_text(rel: str, lay: Layout, rng: random.Random, *, module: str, violations: int) -> str:
    """The source of module ``rel``, importing ``module`` ``violations`` times."""
    stem = rel.rsplit("/", 1)[1].removesuffix(".py")
    forms = [rng.choice(_FORMS) for _ in range(violations)]
    top = [f.format(m=module, alias=f"{module[:2]}{n}", n=n) for n, (w, f) in enumerate(forms)
           if w == "top"]  # fmt: skip
    func = [f.format(m=module, n=n) for n, (w, f) in enumerate(forms) if w == "func"]
    tc = [f.format(m=module, n=n) for n, (w, f) in enumerate(forms) if w == "tc"]
    mention = rng.random() < 0.1  # text only: a pre-filter must not count it
    parts = [f'"""{stem.replace("_", " ").capitalize()}: records and the rules that shape them.']
    if mention:
        parts[0] += f"\n\nThis module deliberately avoids {module}; plain lists are enough here."
    parts[0] += '\n"""'
    stdlib = sorted(rng.sample(_STDLIB, rng.randint(2, 6)))
    siblings = _sibling_imports(rel, lay, rng)
    if rng.random() < 0.05:
        siblings.append(f"import {module}_compat")
    use_tc = bool(tc) or rng.random() < 0.25
    head = ["from __future__ import annotations", ""]
    if use_tc:
        stdlib.append("from typing import TYPE_CHECKING")
    head += [*stdlib, *top, "", *siblings]
    if use_tc:
        tc_lines = tc or [f"from {_dotted(rng.choice(lay.modules))} import {_camel(stem)}"]
        head += ["", "if TYPE_CHECKING:", *(f"    {line}" for line in tc_lines)]
    parts.append("\n".join(head))
    parts.append(f"LIMIT = {rng.randint(10, 500)}\n")
    for c in range(rng.randint(0, 2)):
        cls = f"{_camel(stem)}{c or ''}"
        methods = [
            _function(f"{rng.choice(_VERBS)}_{m}", "    ", True, rng, [])
            for m in range(rng.randint(1, 4))
        ]
        doc = f'    """A {stem.replace("_", " ")} and what can be done with it."""\n'
        init = "    def __init__(self, name: str) -> None:\n        self.name = name\n"
        parts.append(f"class {cls}:\n{doc}\n{init}\n" + "\n".join(methods))
    count = max(rng.randint(1, 5), len(func))
    for f in range(count):
        extra = [func[f]] if f < len(func) else []
        parts.append(_function(f"{rng.choice(_VERBS)}_{stem}_{f}", "", False, rng, extra))
    return "\n\n".join(parts)
