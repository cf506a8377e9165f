"""What a lockfile says is installed: ``uv.lock``, ``poetry.lock`` and PEP 751 ``pylock.toml``.

Each locked package with its version, the line of its entry, and its own
dependencies (the edges of the graph), so that a forbidden package reached
through others can be named with the chain that pulls it in.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from typing import Any, NamedTuple

from packaging.utils import canonicalize_name

from wsguard.rules.tomlpos import load


class Edge(NamedTuple):
    name: str  # canonical
    marker: str = ""
    extras: tuple[str, ...] = ()


class Locked(NamedTuple):
    name: str  # canonical
    version: str
    line: int  # of the entry's ``name`` key
    col: int
    edges: tuple[Edge, ...]
    optional: dict[str, tuple[Edge, ...]]  # extra (or dev group of the project) -> edges
    marker: str = ""  # where this version is installed ("" everywhere)
    root: bool = False  # the project itself (uv: editable or virtual source)


class Lock(NamedTuple):
    path: str
    packages: dict[str, list[Locked]]  # canonical name -> entries (several when forked)
    graph: bool  # False when the lock records no dependencies (optional in pylock.toml)


def _edge(item: Any) -> Edge | None:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        return None
    extras = item.get("extra") or item.get("extras") or ()
    marker = item.get("marker") or item.get("markers") or ""
    return Edge(canonicalize_name(item["name"]), str(marker), tuple(str(e) for e in extras))


def _edges(items: Any) -> tuple[Edge, ...]:
    return tuple(e for e in (_edge(i) for i in items or ()) if e is not None)


def _uv(entry: dict[str, Any]) -> tuple[tuple[Edge, ...], dict[str, tuple[Edge, ...]], str, bool]:
    optional = {k: _edges(v) for k, v in (entry.get("optional-dependencies") or {}).items()}
    source = entry.get("source") or {}
    root = isinstance(source, dict) and ("editable" in source or "virtual" in source)
    if root:  # the project's own groups are installed with it (uv sync)
        for group, items in (entry.get("dev-dependencies") or {}).items():
            optional[f"group:{group}"] = _edges(items)
    markers = entry.get("resolution-markers") or []
    marker = " or ".join(f"({m})" for m in markers) if len(markers) > 0 else ""
    return _edges(entry.get("dependencies")), optional, marker, root


_POETRY_EXTRA = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _poetry(entry: dict[str, Any]) -> tuple[tuple[Edge, ...], dict[str, tuple[Edge, ...]]]:
    edges, optional_names = [], set()
    for name, value in (entry.get("dependencies") or {}).items():
        for item in value if isinstance(value, list) else [value]:
            table = item if isinstance(item, dict) else {}
            if table.get("optional"):
                optional_names.add(canonicalize_name(name))
                continue
            edge = _edge({"name": name, **table})
            if edge is not None:
                edges.append(edge)
    optional = {}
    for extra, items in (entry.get("extras") or {}).items():
        names = [m.group(1) for m in (_POETRY_EXTRA.match(str(i)) for i in items) if m]
        optional[extra] = tuple(Edge(canonicalize_name(n)) for n in names)
    return tuple(edges), optional


_NAME = re.compile(r"""\s*name\s*=\s*["']([^"']+)["']""")


def _entries(text: str, key: str) -> tuple[str, list[tuple[int, int, str, list[str]]]]:
    """The text before the first ``[[key]]``, and each entry: (line, col of its ``name``,
    the name as written, its lines with sub-tables). Tools write every entry as a
    header followed by its keys; a scan of lines finds them without parsing."""
    header = f"[[{key}]]"
    lines = text.splitlines(keepends=True)
    preamble: list[str] = []
    out: list[tuple[int, int, str, list[str]]] = []
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("[[") and stripped.split("#", 1)[0].strip() == header:
            out.append((number, 1, "", [line]))
            continue
        if not out:
            preamble.append(line)
            continue
        _, _, name, body = out[-1]
        body.append(line)
        match = _NAME.match(line) if not name else None
        if match is not None:
            out[-1] = (number, line.index("name") + 1, match.group(1), body)
    return "".join(preamble), out


def parse_lock(path: str, text: str, only: Iterable[str] | None = None) -> Lock:
    """Raises ValueError when the text is not TOML.

    ``only``: the canonical names wanted (resolved versions, no graph needed):
    the other entries are not parsed at all, which matters for long lockfiles.
    """
    name = path.rpartition("/")[2]
    key = "packages" if name.startswith("pylock.") else "package"
    preamble, entries = _entries(text, key)
    if only is not None:
        wanted = set(only)
        entries = [e for e in entries if not e[2] or canonicalize_name(e[2]) in wanted]
        text = preamble + "".join(line for e in entries for line in e[3])
    data = load(text)
    where = [(line, col) for line, col, _, _ in entries]
    packages: dict[str, list[Locked]] = {}
    graph = name != "pylock.toml" and not name.startswith("pylock.")
    for i, entry in enumerate(data.get(key) or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        line, col = where[i] if i < len(where) else (1, 1)
        marker, root = "", False
        optional: dict[str, tuple[Edge, ...]] = {}
        if name == "uv.lock":
            edges, optional, marker, root = _uv(entry)
        elif name == "poetry.lock":
            edges, optional = _poetry(entry)
        else:
            edges, marker = _edges(entry.get("dependencies")), str(entry.get("marker") or "")
            graph = graph or "dependencies" in entry
        canonical = canonicalize_name(entry["name"])
        version = str(entry.get("version") or "")
        locked = Locked(canonical, version, line, col, edges, optional, marker, root)
        packages.setdefault(canonical, []).append(locked)
    return Lock(path, packages, graph)


def chains(lock: Lock, start: str, targets: Iterable[str]) -> dict[str, list[str]]:
    """The shortest chain from package ``start`` to each of ``targets`` it pulls in."""
    wanted = set(targets)
    found: dict[str, list[str]] = {}
    queue: deque[tuple[str, tuple[str, ...], list[str]]] = deque([(start, (), [start])])
    seen = {start}
    while queue:
        name, extras, chain = queue.popleft()
        if name in wanted and name not in found:
            found[name] = chain
        for entry in lock.packages.get(name, []):
            edges = list(entry.edges)
            for extra in extras:
                edges += entry.optional.get(extra, ())
            for edge in edges:
                if edge.name not in seen:
                    seen.add(edge.name)
                    queue.append((edge.name, edge.extras, [*chain, edge.name]))
    return found


def project_roots(lock: Lock) -> list[Locked]:
    return [e for entries in lock.packages.values() for e in entries if e.root]
