"""Dependencies declared in a repo's manifests, with the line that declares each.

pyproject.toml (PEP 621 dependencies and optional dependencies, PEP 735
dependency groups, Poetry tables), requirements*.txt (following ``-r``) and
setup.cfg (install_requires, extras_require). Names are PEP 503 normalised.
"""

from __future__ import annotations

import posixpath
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from wsguard.rules.source import SourceFile

Reader = Callable[[str], "bytes | None"]

_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)")
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9._-]+)")


class Dependency(NamedTuple):
    name: str  # PEP 503 normalised
    spec: str  # normalised version specifier ("" when unpinned)
    path: str
    line: int
    col: int
    text: str  # the declaration as written (stripped)


def normalise_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def normalise_spec(spec: str) -> str:
    spec = spec.split(";", 1)[0].strip()
    if spec.startswith("@"):
        return spec.replace(" ", "")
    parts = [p.replace(" ", "") for p in spec.strip("()").split(",") if p.strip()]
    return ",".join(sorted(parts))


def is_manifest(path: str) -> bool:
    folder, _, name = path.rpartition("/")
    if name in ("pyproject.toml", "setup.cfg"):
        return True
    if folder.rpartition("/")[2] == "requirements" and name.endswith(".txt"):
        return True
    return name.startswith("requirements") and name.endswith(".txt")


def parse_requirement(text: str, path: str, line: int, col: int = 1) -> Dependency | None:
    text = text.strip()
    if not text:
        return None
    egg = _EGG.search(text)
    if egg and ("://" in text or text.startswith((".", "/"))):
        return Dependency(normalise_name(egg.group(1)), "", path, line, col, text)
    match = _NAME.match(text)
    if match is None or "://" in match.group(1):
        return None
    return Dependency(
        normalise_name(match.group(1)), normalise_spec(match.group(3)), path, line, col, text
    )


def _requirements(source: SourceFile, read: Reader, seen: set[str]) -> Iterator[Dependency]:
    seen.add(source.path)
    folder = posixpath.dirname(source.path)
    pending, start = "", 0
    for number, raw in enumerate(source.lines, 1):
        line = raw if raw.lstrip().startswith("#") else re.sub(r"\s+#.*", "", raw)
        if line.lstrip().startswith("#"):
            continue
        if line.endswith("\\"):
            pending, start = pending + line[:-1], start or number
            continue
        line, at = pending + line, start or number
        pending, start = "", 0
        stripped = line.strip()
        include = re.match(r"(?:-r|--requirement)(?:\s+|=)(\S+)", stripped)
        if include:
            target = posixpath.normpath(posixpath.join(folder, include.group(1)))
            data = read(target) if target not in seen else None
            if data is not None:
                inner = SourceFile(source.repo, target, data, None, None)
                for dep in _requirements(inner, read, seen):
                    yield dep._replace(path=source.path, line=at, text=f"{stripped} → {dep.text}")
            continue
        if not stripped or stripped.startswith("-"):
            continue  # options: -e, -c, --index-url …
        parsed = parse_requirement(stripped, source.path, at, raw.index(stripped[0]) + 1)
        if parsed is not None:
            yield parsed


def _locate(lines: list[str], needle: str, start: int) -> tuple[int, int]:
    for index in range(start, len(lines)):
        col = lines[index].find(needle)
        if col >= 0:
            return index + 1, col + 1
    return 1, 1


def _toml(source: SourceFile) -> Iterator[Dependency]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    data: dict[str, Any] = tomllib.loads(source.text)
    lines = source.lines
    project = data.get("project") or {}
    strings: list[str] = list(project.get("dependencies") or [])
    for extra in (project.get("optional-dependencies") or {}).values():
        strings.extend(extra or [])
    for group in (data.get("dependency-groups") or {}).values():
        strings.extend(s for s in group or [] if isinstance(s, str))
    cursor: dict[str, int] = {}
    for text in strings:
        if not isinstance(text, str):
            continue
        line, col = _locate(lines, text, cursor.get(text, 0))
        cursor[text] = line
        dep = parse_requirement(text, source.path, line, col)
        if dep is not None:
            yield dep
    poetry = (data.get("tool") or {}).get("poetry") or {}
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    tables += [(g or {}).get("dependencies") for g in (poetry.get("group") or {}).values()]
    for table in tables:
        for name, value in (table or {}).items():
            if name.lower() == "python":
                continue
            version = value.get("version", "") if isinstance(value, dict) else value
            spec = version if isinstance(version, str) else ""
            pattern = re.compile(rf"^\s*[\"']?{re.escape(name)}[\"']?\s*=")
            line = next((i + 1 for i, t in enumerate(lines) if pattern.match(t)), 1)
            yield Dependency(
                normalise_name(name), normalise_spec(spec), source.path, line, 1, f"{name} = {spec}"
            )


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
            dep = parse_requirement(value, source.path, number, raw.index(value[0]) + 1)
            if dep is not None:
                yield dep


def dependencies(source: SourceFile, read: Reader) -> list[Dependency]:
    """Declarations in one manifest; raises Unreadable (via ``source.text``) or ValueError."""
    name = source.path.rsplit("/", 1)[-1]
    if name == "pyproject.toml":
        return list(_toml(source))
    if name == "setup.cfg":
        return list(_setup_cfg(source))
    return list(_requirements(source, read, set()))
