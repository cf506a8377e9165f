"""Dependencies declared in a repo's manifests, each at the line and column that declares it.

pyproject.toml (PEP 621 dependencies and optional dependencies, PEP 735
dependency groups, Poetry tables: :mod:`wsguard.rules.pyproject`),
requirements*.txt (following ``-r`` inside the repository) and setup.cfg
(install_requires, extras_require). Requirement strings are read by PyPA's
``packaging`` (PEP 508 names, extras, specifiers, markers, URLs; PEP 503
names), imported the first time a manifest is actually parsed: the
predicates and the prefilter here are cheap enough for every commit.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from wsguard.rules.source import SourceFile

Reader = Callable[[str], "bytes | None"]

_EGG = re.compile(r"[#&]egg=([A-Za-z0-9._-]+)")
_INCLUDE = re.compile(r"(?:-r|--requirement)(?:\s+|=)(\S+)")
_OPTION = re.compile(r"\s+--?[A-Za-z].*$")  # per-requirement options: --hash=…, --config-settings
LOCKFILES = ("uv.lock", "poetry.lock", "pylock.toml")


class Dependency(NamedTuple):
    name: str  # PEP 503 canonical name
    spec: str  # the specifier set as packaging writes it ("" when unpinned or a URL)
    path: str
    line: int
    col: int
    text: str  # the declaration as written (stripped)
    marker: str = ""  # PEP 508 environment marker ("" applies everywhere)


class Skipped(NamedTuple):
    """Something a manifest asks to read that was not read, and why."""

    path: str
    line: int
    col: int
    text: str
    reason: str


class Manifest(NamedTuple):
    dependencies: list[Dependency]
    skipped: list[Skipped]


def is_manifest(path: str) -> bool:
    folder, _, name = path.rpartition("/")
    if name in ("pyproject.toml", "setup.cfg"):
        return True
    if folder.rpartition("/")[2] == "requirements" and name.endswith(".txt"):
        return True
    return name.startswith("requirements") and name.endswith(".txt")


def is_lockfile(path: str) -> bool:
    name = path.rpartition("/")[2]
    return name in LOCKFILES or (name.startswith("pylock.") and name.endswith(".toml"))


def name_pattern(names: Iterable[str]) -> re.Pattern[bytes] | None:
    """A cheap test of bytes that may mention one of the canonical ``names``; None for ``*``.

    Only a prefilter before parsing: ``packaging`` decides what a name is.
    """
    names = list(names)
    if "*" in names:
        return None
    alternatives = [r"[-_.]+".join(re.escape(p) for p in n.split("-")) for n in names]
    return re.compile(
        rb"(?i)(?<![A-Za-z0-9])(?:" + "|".join(alternatives).encode() + rb")(?![A-Za-z0-9])"
    )


def may_declare(data: bytes, pattern: re.Pattern[bytes] | None) -> bool:
    """Might this manifest declare a package ``pattern`` matches (directly or via ``-r``)?"""
    if pattern is None or pattern.search(data) is not None:
        return True
    return b"-r" in data or b"--requirement" in data


def requirement(text: str, path: str, line: int, col: int) -> Dependency | None:
    """One PEP 508 requirement string (or a pip URL with ``#egg=``); None if it is not one."""
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

    text = text.strip()
    if not text:
        return None
    try:
        req = Requirement(text)
    except InvalidRequirement:
        egg = _EGG.search(text)  # pip's editable/URL form: git+https://…#egg=name
        if egg is None:
            return None
        return Dependency(canonicalize_name(egg.group(1)), "", path, line, col, text)
    marker = str(req.marker) if req.marker is not None else ""
    return Dependency(
        canonicalize_name(req.name), str(req.specifier), path, line, col, text, marker
    )


def _inside(folder: str, target: str) -> str | None:
    """The repo-relative path of ``target`` seen from ``folder``, None if it leaves the repo."""
    if target.startswith(("/", "\\")) or re.match(r"[A-Za-z]:[\\/]", target) or "://" in target:
        return None
    joined = posixpath.normpath(posixpath.join(folder, target.replace("\\", "/")))
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        return None
    return joined


def _logical_lines(lines: list[str]) -> Iterator[tuple[int, str, str]]:
    """(first line number, raw first line, text) with comments cut and continuations joined."""
    pending, start, first = "", 0, ""
    for number, raw in enumerate(lines, 1):
        if raw.lstrip().startswith("#"):
            continue
        line = re.sub(r"(^|\s)#.*", "", raw)
        if line.endswith("\\"):
            if not pending:
                start, first = number, raw
            pending += line[:-1]
            continue
        if pending:
            yield start, first, pending + line
            pending = ""
        else:
            yield number, raw, line
    if pending:
        yield start, first, pending


def _requirements(source: SourceFile, read: Reader, seen: set[str], out: Manifest) -> None:
    seen.add(source.path)
    folder = posixpath.dirname(source.path)
    for number, raw, line in _logical_lines(source.lines):
        stripped = line.strip()
        if not stripped:
            continue
        col = raw.index(stripped[0]) + 1 if stripped[0] in raw else 1
        include = _INCLUDE.match(stripped)
        if include:
            target = _inside(folder, include.group(1))
            if target is None:
                reason = "outside the repository: not read"
                out.skipped.append(Skipped(source.path, number, col, stripped, reason))
                continue
            data = read(target) if target not in seen else None
            if data is not None:
                inner = Manifest([], out.skipped)
                _requirements(SourceFile(source.repo, target, data), read, seen, inner)
                for dep in inner.dependencies:
                    out.dependencies.append(
                        dep._replace(
                            path=source.path, line=number, col=col, text=f"{stripped} → {dep.text}"
                        )
                    )
            continue
        editable = re.match(r"(?:-e|--editable)(?:\s+|=)(\S+)", stripped)
        if editable:
            stripped = editable.group(1)
        elif stripped.startswith("-"):
            continue  # options: -c, --index-url …
        parsed = requirement(_OPTION.sub("", stripped), source.path, number, col)
        if parsed is not None:
            out.dependencies.append(parsed)


def _setup_cfg(source: SourceFile) -> Iterator[Dependency]:
    section, key = "", ""
    for number, raw in enumerate(source.lines, 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            section, key = stripped[1:-1].strip(), ""
            continue
        if raw[:1].isspace() and key:
            value = stripped
        elif "=" in stripped:
            key, value = (s.strip() for s in stripped.split("=", 1))
            if (
                not (section == "options" and key == "install_requires")
                and section != "options.extras_require"
            ):
                key = ""
                continue
        else:
            continue
        if key and value:
            dep = requirement(value, source.path, number, raw.index(value[0]) + 1)
            if dep is not None:
                yield dep


def manifest(source: SourceFile, read: Reader) -> Manifest:
    """Declarations in one manifest; raises Unreadable (via ``source.text``) or ValueError."""
    name = source.path.rsplit("/", 1)[-1]
    if name == "pyproject.toml":
        from wsguard.rules.pyproject import pyproject

        return Manifest(list(pyproject(source)), [])
    if name == "setup.cfg":
        return Manifest(list(_setup_cfg(source)), [])
    out = Manifest([], [])
    _requirements(source, read, set(), out)
    return out


def dependencies(source: SourceFile, read: Reader) -> list[Dependency]:
    return manifest(source, read).dependencies
